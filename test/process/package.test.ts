/**
 * The package as a user gets it without the registry: `npm pack` in the repository, `npm install
 * ./reportql-X.tgz` in a project of theirs, then every `npx reportql` command of the README, `import`
 * and `require("reportql")`. Run with the Node binary that runs the tests (`.ci/run` runs them on
 * Node 20, 22 and 24): its folder goes first on `PATH`, so `npm`, `npx` and the installed bin use it.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const ENV = {
  ...process.env,
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
  NO_COLOR: "1",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

let work: string;
let project: string;
let tarball: string;
let files: string[];

function sh(command: string, cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, { cwd, env: ENV, shell: true, encoding: "utf8", timeout: 120_000 });
}

function ok(run: SpawnSyncReturns<string>): string {
  if (run.status !== 0) throw new Error(`exit ${run.status}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** The `npx reportql ...` commands of the README (code blocks, CI steps and pre-commit entries). */
function readmeCommands(): string[] {
  const commands = new Set<string>();
  for (const line of README.split("\n")) {
    const match = /(?:^|run: |entry: )(npx reportql\b[^#\n]*)/.exec(line.trim());
    // `serve` and `lsp --stdio` run until stopped: test/process/serve-process.test.ts and
    // lsp-process.test.ts start them; their --help runs here. `run`, `pull` and `push` need a service:
    // test/process/readme-service.test.ts runs them against `reportql serve`.
    if (match?.[1] !== undefined && !/^npx reportql (serve|lsp|run|pull|push)\b(?!.*--help)/.test(match[1]))
      commands.add(match[1].trim());
  }
  return [...commands];
}

describe("the packed package, installed from its tarball", () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "reportql-package-"));
    // `dist/` is already built (the global setup); the prepack build is skipped here so that it does not
    // rewrite `dist/` under the other process tests running at the same time.
    const packed = JSON.parse(
      ok(sh(`npm pack --json --ignore-scripts --pack-destination "${work}"`, ROOT)),
    ) as {
      filename: string;
      files: { path: string }[];
    }[];
    tarball = join(work, packed[0]?.filename ?? "");
    files = (packed[0]?.files ?? []).map((f) => f.path);

    project = join(work, "project");
    mkdirSync(join(project, "queries"), { recursive: true });
    mkdirSync(join(project, "reports", "monthly"), { recursive: true });
    writeFileSync(join(project, "package.json"), '{ "name": "consumer", "private": true }\n');
    const query = "SELECT OrderId, OfferName\nFROM ISVOrder\nTIMESPAN LAST_MONTH\n";
    writeFileSync(join(project, "queries", "orders.rql"), query);
    writeFileSync(join(project, "reports", "monthly", "orders.rql"), query);
    ok(sh(`npm install --prefer-offline --no-audit --no-fund "${tarball}"`, project));
  }, 300_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("ships the compiled library without source maps, sources or the railroad diagrams", () => {
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/cli/main.cjs");
    expect(files).toContain("grammar/reportql.ebnf");
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("src/") || f.startsWith("test/"))).toEqual([]);
    expect(files).not.toContain("grammar/diagrams.generated.html");
  });

  it("builds when packed, runs no script when a consumer installs it, and says where it lives", () => {
    const own = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(own.scripts.prepack).toBe("npm run build");
    const manifest = JSON.parse(
      readFileSync(join(project, "node_modules", "reportql", "package.json"), "utf8"),
    ) as {
      scripts: Record<string, string>;
      repository: { url: string };
      homepage: string;
      bugs: { url: string };
    };
    for (const hook of ["preinstall", "install", "postinstall", "prepare"])
      expect(manifest.scripts[hook]).toBeUndefined();
    expect(manifest.repository.url).toContain("github.com/reportql/reportql");
    expect(manifest.homepage).toContain("github.com/reportql/reportql");
    expect(manifest.bugs.url).toBe("https://github.com/reportql/reportql/issues");
  });

  it("the README's install steps are the ones tested here", () => {
    expect(README).toContain("npm pack");
    expect(README).toMatch(/npm install (--save-dev )?\S*reportql-\S*\.tgz/);
    expect(README).toMatch(/not (published )?on the npm registry/);
  });

  it("runs every `npx reportql` command of the README", () => {
    const commands = readmeCommands();
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const command of commands) {
      const run = sh(command, project);
      expect({ command, status: run.status, stderr: run.stderr }).toEqual({ command, status: 0, stderr: "" });
    }
  });

  it("exports the client as reportql/client, which checks before it sends", () => {
    writeFileSync(
      join(project, "client.mjs"),
      'import { createClient, RequestRejectedError } from "reportql/client";\n' +
        'const client = createClient({ endpoint: "http://127.0.0.1:9/insights/v1/cmp", token: "t" });\n' +
        'const diagnostics = client.validate("createQuery", { body: { Name: "q", Query: "SELECT * FROM ISVOrder" } });\n' +
        "console.log(typeof RequestRejectedError, diagnostics.length > 0);\n",
    );
    const run = spawnSync(process.execPath, ["client.mjs"], { cwd: project, encoding: "utf8" });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "function true\n", ""]);
  });

  it("reports a broken query through the installed bin", () => {
    writeFileSync(join(project, "broken.rql"), "SELECT * FROM ISVOrder TIMESPAN LAST_MONTH\n");
    const run = sh("npx reportql check broken.rql", project);
    rmSync(join(project, "broken.rql"));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("RQ");
  });

  it("installs the executable's code cache in a form its Node accepts", () => {
    // The package was packed by this Node: what npm writes must still match (content, not dates).
    const folder = join(project, "node_modules", "reportql", "dist", "cli");
    writeFileSync(
      join(project, "probe.mjs"),
      `import { loadCachedCore } from "./node_modules/reportql/dist/cli/code-cache.js";\n` +
        `const load = loadCachedCore(${JSON.stringify(folder)});\n` +
        `console.log(load.core === undefined ? load.reason : load.cache);\n`,
    );
    const env = { ...ENV, NODE_OPTIONS: "" };
    const run = spawnSync(process.execPath, ["probe.mjs"], { cwd: project, encoding: "utf8", env });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "accepted\n", ""]);
  });

  it("loads with require() from CommonJS and with import from ES modules", () => {
    writeFileSync(
      join(project, "use.cjs"),
      'const { parse } = require("reportql");\nconst { registerReportQL } = require("reportql/monaco");\n' +
        'console.log(typeof parse, typeof registerReportQL, parse("SELECT A FROM B").document.queries.length);\n',
    );
    writeFileSync(
      join(project, "use.mjs"),
      'import { parse } from "reportql";\nconsole.log(typeof parse, parse("SELECT A FROM B").document.queries.length);\n',
    );
    const cjs = spawnSync(process.execPath, ["use.cjs"], { cwd: project, encoding: "utf8" });
    expect([cjs.status, cjs.stdout, cjs.stderr]).toEqual([0, "function function 1\n", ""]);
    const esm = spawnSync(process.execPath, ["use.mjs"], { cwd: project, encoding: "utf8" });
    expect([esm.status, esm.stdout, esm.stderr]).toEqual([0, "function 1\n", ""]);
  });
});
