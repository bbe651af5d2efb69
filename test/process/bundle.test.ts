/**
 * The executable is one bundle (`scripts/bundle-cli.ts`): `dist/cli/main.js` and the chunks it imports
 * statically are what `reportql check` reads at start-up. What only some commands need (the language
 * server, the emulator, the API contract with Zod) must stay behind an `import()`, and the optional
 * peer dependencies must stay external. Cold start is measured in `bench/` (`cli-cold`), not here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = join(import.meta.dirname, "..", "..", "dist", "cli");

/** The files `main.js` loads before it runs: itself and its static imports, transitively. */
function startUpFiles(): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const text = readFileSync(join(CLI, name), "utf8");
    seen.set(name, text);
    for (const match of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"\.\/([^"]+)"/gms))
      visit(match[1] as string);
    for (const match of text.matchAll(/^import\s*"\.\/([^"]+)"/gm)) visit(match[1] as string);
  };
  visit("main.js");
  return seen;
}

describe("the bundled executable", () => {
  it("loads no schema library, language server or emulator to start", () => {
    const files = startUpFiles();
    const text = [...files.values()].join("\n");
    // esbuild marks each bundled module with a comment naming its path.
    const modules = [...text.matchAll(/^\/\/ (\S+\.[cm]?[jt]s)$/gm)].map((m) => m[1] as string);
    expect(modules.length).toBeGreaterThan(50);
    expect(
      modules.filter((m) => /node_modules\/zod\/|node_modules\/vscode-|src\/(lsp|emulator)\//.test(m)),
    ).toEqual([]);
    expect(modules.filter((m) => /src\/api\/(schemas|endpoints|rules|openapi)\.ts$/.test(m))).toEqual([]);
    expect(modules).toContain("src/syntax/parser.ts");
  });

  it("imports nothing but Node's built-ins and, on demand, the optional peers (emulator, client downloads)", () => {
    const chunks = readdirSync(CLI).filter((n) => n === "main.js" || n.startsWith("bundle-"));
    const text = chunks.map((n) => readFileSync(join(CLI, n), "utf8")).join("\n");
    const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)"([@a-z][\w@/.:-]*)"/g)].map(
      (m) => m[1] as string,
    );
    const packages = new Set(specifiers.filter((s) => !isBuiltin(s)));
    expect([...packages].sort()).toEqual([
      "@duckdb/node-api",
      // Its English entry only (the main entry loads every locale).
      "@faker-js/faker/locale/en",
      // The client's streaming parser of downloaded reports.
      "csv-parse",
      "csv-parse/sync",
      "csv-stringify/sync",
    ]);
  });
});
