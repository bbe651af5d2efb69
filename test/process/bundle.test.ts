/**
 * The executable (`scripts/bundle-cli.ts`): `dist/cli/main.cjs`, a launcher that starts the CLI from
 * V8's code cache (`core.cjs`, `core.cache`) when the cache fits the running Node, and otherwise from
 * its ES modules (`core.js` and the chunks it imports). What only some commands need (the language
 * server, the emulator, the API contract with Zod) must never be evaluated by a check of one file, on
 * either path, and the optional peer dependencies must stay external. Cold start is measured in
 * `bench/` (`cli-cold`), not here.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const CLI = join(ROOT, "dist", "cli");
const EXAMPLES = join(ROOT, "examples");

/** Modules a check of one `.rql` file must not evaluate (esbuild names each module by its path). */
const NOT_FOR_A_CHECK =
  /node_modules\/(zod|vscode-|tinyglobby|fdir)|src\/(lsp|emulator|client)\/|src\/api\/(schemas|endpoints|rules|openapi)\.ts$/;

/** The files `core.js` loads before it runs: itself and its static imports, transitively. */
function startUpFiles(folder: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const text = readFileSync(join(folder, name), "utf8");
    seen.set(name, text);
    for (const match of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"\.\/([^"]+)"/gms))
      visit(match[1] as string);
    for (const match of text.matchAll(/^import\s*"\.\/([^"]+)"/gm)) visit(match[1] as string);
  };
  visit("core.js");
  return seen;
}

/** Runs `node` with no flags and a minimal environment, as a user's shell does. */
function node(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What `loadCachedCore` says of the executable in `folder`, asked from a Node without flags. */
function cacheStatus(folder: string, env: Record<string, string> = {}): string {
  const probe = join(work, "probe.mjs");
  writeFileSync(
    probe,
    `const { loadCachedCore } = await import(${JSON.stringify(pathToFileURL(join(folder, "code-cache.js")).href)});
const load = loadCachedCore(${JSON.stringify(folder)});
console.log(load.core === undefined ? "fallback: " + load.reason : load.cache);`,
  );
  return node([probe], env).stdout.trim();
}

/** A copy of the executable's folder (with the package.json its code reads), to damage. */
function copyOfTheExecutable(name: string): string {
  const copy = join(work, name);
  cpSync(join(ROOT, "package.json"), join(copy, "package.json"));
  cpSync(CLI, join(copy, "dist", "cli"), { recursive: true });
  return join(copy, "dist", "cli");
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "reportql-bundle-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the bundled executable", () => {
  it("is a launcher that requires only Node's built-ins and imports the ES modules only as a fallback", () => {
    const text = readFileSync(join(CLI, "main.cjs"), "utf8");
    const required = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] as string);
    expect(required.length).toBeGreaterThan(3);
    expect(required.filter((name) => !isBuiltin(name))).toEqual([]);
    expect([...text.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(["./core.js"]);
  });

  it("starts a check from the code cache and evaluates no module that a check does not use", () => {
    expect(cacheStatus(CLI)).toBe("accepted");
    const coverage = join(work, "coverage");
    const run = node([join(CLI, "main.cjs"), "check", join(EXAMPLES, "usage-paid.rql")], {
      NODE_V8_COVERAGE: coverage,
    });
    expect(run.code).toBe(0);
    const scripts = readdirSync(coverage).flatMap(
      (file) =>
        (JSON.parse(readFileSync(join(coverage, file), "utf8")) as { result: CoveredScript[] }).result,
    );
    const core = scripts.find((script) => script.url.endsWith("/dist/cli/core.cjs"));
    expect(scripts.filter((script) => script.url.endsWith("/dist/cli/core.js"))).toEqual([]);
    // esbuild wraps each module in a function named by its path, called when the module is first used.
    const modules = (core?.functions ?? []).filter((f) => /^(src|node_modules)\//.test(f.functionName));
    const evaluated = modules.filter((f) => (f.ranges[0]?.count ?? 0) > 0).map((f) => f.functionName);
    expect(evaluated).toContain("src/syntax/parser.ts");
    expect(modules.length - evaluated.length).toBeGreaterThan(100);
    expect(evaluated.filter((name) => NOT_FOR_A_CHECK.test(name))).toEqual([]);
  });

  it("falls back to the ES modules, with the same results, when the bundle changed or Node has flags", () => {
    const folder = copyOfTheExecutable("package");
    // One character of a comment changed, the length kept: V8 alone would take the stale cache.
    const bundle = readFileSync(join(folder, "core.cjs"), "latin1");
    const at = bundle.indexOf("// ");
    writeFileSync(join(folder, "core.cjs"), `${bundle.slice(0, at)}//_${bundle.slice(at + 3)}`, "latin1");
    expect(cacheStatus(folder)).toBe("fallback: core.cjs changed since its code cache was made");
    expect(cacheStatus(CLI, { NODE_OPTIONS: "--no-warnings" })).toBe(
      "fallback: Node runs with flags (--no-warnings)",
    );

    const args = ["check", "--format", "json", join(EXAMPLES, "broken")];
    const cached = node([join(CLI, "main.cjs"), ...args]);
    expect(cached.code).toBe(1);
    expect(JSON.parse(cached.stdout)).not.toEqual([]);
    expect(node([join(folder, "main.cjs"), ...args])).toEqual(cached);
    expect(node([join(CLI, "main.cjs"), ...args], { NODE_OPTIONS: "--no-warnings" })).toEqual(cached);
  });

  it("never crashes on a damaged code cache or key: it falls back to the ES modules, same results", () => {
    const folder = copyOfTheExecutable("damaged");
    const args = [join(folder, "main.cjs"), "check", "--format", "json", join(EXAMPLES, "broken")];
    const intact = node(args);
    expect(intact.code).toBe(1);
    const key = readFileSync(join(folder, "core.cache.json"), "utf8");
    const cache = readFileSync(join(folder, "core.cache"));
    const flipped = (at: number) => cache.map((byte, i) => (i >= at && i < at + 16 ? byte ^ 0x5a : byte));
    const { crc32: _, ...withoutCrc } = JSON.parse(key) as Record<string, unknown>;
    const damages: [string, string | Uint8Array][] = [
      ["core.cache.json", "null"],
      ["core.cache.json", "{"],
      ["core.cache.json", "[]"],
      ["core.cache.json", JSON.stringify(withoutCrc)],
      ["core.cache.json", JSON.stringify({ ...JSON.parse(key), bytes: "2642447" })],
      ["core.cache", new Uint8Array()],
      ["core.cache", cache.subarray(0, 1000)],
      // The same length, other bytes: V8 checks only its header in a release build, and then crashes.
      ["core.cache", flipped(Math.floor(cache.length * 0.01))],
      ["core.cache", flipped(Math.floor(cache.length * 0.5))],
    ];
    for (const [file, damage] of damages) {
      writeFileSync(join(folder, file), damage);
      expect([file, damage.length, cacheStatus(folder)]).toEqual([
        file,
        damage.length,
        expect.stringMatching(/^fallback: /),
      ]);
      expect([file, damage.length, node(args)]).toEqual([file, damage.length, intact]);
      writeFileSync(join(folder, "core.cache.json"), key);
      writeFileSync(join(folder, "core.cache"), cache);
    }
  });

  it("fails with exit code 2 when the command stops before it finished (a promise nothing settles)", () => {
    const folder = copyOfTheExecutable("unsettled");
    rmSync(join(folder, "core.cache.json"));
    writeFileSync(
      join(folder, "core.js"),
      "export const run = () => new Promise(() => {});\nexport const readStreamLimited = () => {};\n",
    );
    const unsettled = node([join(folder, "main.cjs"), "check"]);
    expect(unsettled).toEqual({
      code: 2,
      stdout: "",
      stderr: "reportql: internal error: the command stopped before it finished; please report it\n",
    });
  });

  it("writes the CommonJS bundle in ASCII, which start-up decodes as latin1", () => {
    const bytes = readFileSync(join(CLI, "core.cjs"));
    expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it("leaves no import() in the cached bundle (Node 20 loses it there): peers come through the launcher", () => {
    const code = readFileSync(join(CLI, "core.cjs"), "latin1")
      .split("\n")
      .filter((line) => !/^\s*(\/\/|\*)/.test(line));
    expect(code.filter((line) => /\bimport\s*\(/.test(line))).toEqual([]);
    expect(code.filter((line) => line.includes("__reportqlImportPeer(")).length).toBeGreaterThan(3);
  });

  it("loads no schema library, language server or emulator to start the ES modules", () => {
    const text = [...startUpFiles(CLI).values()].join("\n");
    // esbuild marks each bundled module with a comment naming its path.
    const modules = [...text.matchAll(/^\/\/ (\S+\.[cm]?[jt]s)$/gm)].map((m) => m[1] as string);
    expect(modules.length).toBeGreaterThan(50);
    expect(modules.filter((m) => NOT_FOR_A_CHECK.test(m))).toEqual([]);
    expect(modules).toContain("src/syntax/parser.ts");
  });

  it("imports nothing but Node's built-ins and, on demand, the optional peers (emulator, client downloads) and undici (proxies)", () => {
    const files = readdirSync(CLI).filter((n) => /^(main\.cjs|core\.c?js|bundle-.*\.js)$/.test(n));
    const text = files.map((n) => readFileSync(join(CLI, n), "utf8")).join("\n");
    const specifiers = [
      ...text.matchAll(
        /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\(\s*|\b__reportqlImportPeer\()"([@a-z][\w@/.:-]*)"/g,
      ),
    ].map((m) => m[1] as string);
    const packages = new Set(specifiers.filter((s) => !isBuiltin(s)));
    expect([...packages].sort()).toEqual([
      "@duckdb/node-api",
      // Its English entry only (the main entry loads every locale).
      "@faker-js/faker/locale/en",
      // The client's streaming parser of downloaded reports.
      "csv-parse",
      "csv-parse/sync",
      "csv-stringify/sync",
      // A dependency, imported only when a proxy variable is set.
      "undici",
    ]);
  });
});

interface CoveredScript {
  readonly url: string;
  readonly functions: { functionName: string; ranges: { count: number }[] }[];
}
