/**
 * reportql on an ordinary repository, as a new user runs it: JSON that is not a request body is nobody's
 * business, `.gitignore` is honoured, dot-folders are not walked, an ignored file named on the command
 * line is said to be ignored, and the options people expect from ESLint work.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTICS, type DiagnosticDefinition } from "../../src/diagnostics/catalog.js";
import { cli } from "../helpers/cli.js";

const VALID = "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH";
const BROKEN = "SELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Active' TIMESPAN LAST_MONTH";

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "reportql-repo-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** An ordinary repository: the usual JSON files, queries, and a broken query in an ignored folder. */
const REPOSITORY = {
  ".gitignore": "build/\n",
  ".vscode/settings.json": '{\n  // editor settings\n  "editor.tabSize": 2,\n}\n',
  "tsconfig.json": '{\n  /* compiler */\n  "compilerOptions": { "strict": true }\n}\n',
  "package.json": '{ "name": "app", "version": "1.0.0" }',
  "locales/en.json": '{ "hello": "Hello" }',
  "test/fixtures/data.json": "[1, 2, 3",
  "queries/orders.rql": VALID,
  "queries/body.json": JSON.stringify({ Name: "orders", Query: VALID }),
  "build/bad.rql": BROKEN,
};

describe("an ordinary repository", () => {
  it("checks the queries and says nothing about the other JSON files or the ignored folder", async () => {
    const run = await cli(["check"], { cwd: tree(REPOSITORY) });
    expect([run.code, run.stdout, run.stderr]).toEqual([0, "✔ 2 files checked, no problems\n", ""]);
  });

  it("passes a pre-commit hook that names each file, and says which ones are ignored", async () => {
    const dir = tree(REPOSITORY);
    for (const file of Object.keys(REPOSITORY).filter((f) => f.endsWith(".json") || f.endsWith(".rql"))) {
      const run = await cli(["check", file], { cwd: dir });
      expect([file, run.code]).toEqual([file, 0]);
      expect(run.stderr).toBe(
        file === "build/bad.rql"
          ? 'reportql: build/bad.rql is ignored (by .gitignore, .reportqlignore or the configuration\'s "ignore"); use --no-ignore to check it\n'
          : "",
      );
    }
  });

  it("says a named file was ignored instead of reporting '0 files checked'", async () => {
    const run = await cli(["check", "build/bad.rql"], { cwd: tree(REPOSITORY) });
    expect([run.code, run.stdout]).toEqual([
      0,
      "No file checked: 1 file named is ignored; use --no-ignore to check it\n",
    ]);
    const two = await cli(["check", "build/bad.rql", "build/other.rql"], {
      cwd: tree({ ...REPOSITORY, "build/other.rql": BROKEN }),
    });
    expect(two.stdout).toBe("No file checked: 2 files named are ignored; use --no-ignore to check them\n");
    const both = await cli(["check", "build/bad.rql", "queries/orders.rql"], { cwd: tree(REPOSITORY) });
    expect(both.stdout).toBe("✔ 1 file checked (1 file ignored), no problems\n");
  });

  it("takes --color and --no-color, as ESLint and Prettier do, over NO_COLOR and FORCE_COLOR", async () => {
    const dir = tree({ "q.rql": BROKEN });
    const ansi = new RegExp(String.fromCharCode(27));
    // The helper runs with NO_COLOR=1 and no terminal.
    expect((await cli(["check", "--color", "q.rql"], { cwd: dir })).stdout).toMatch(ansi);
    const off = await cli(["check", "q.rql", "--no-color"], { cwd: dir, env: { FORCE_COLOR: "1" } });
    expect([off.code, off.stdout]).toEqual([1, expect.not.stringMatching(ansi)]);
    expect((await cli(["check", "--color", "--no-color", "q.rql"], { cwd: dir })).stdout).not.toMatch(ansi);
    // After `--`, `--color` is a path like any other.
    const path = await cli(["check", "--format", "compact", "--", "--color"], { cwd: dir });
    expect(path.stdout).toBe("--color:1:1: error RQ9101 `--color` does not exist\n");
  });

  it("honours a .gitignore below the root, for the paths under its folder, as git does", async () => {
    const dir = tree({
      "sub/.gitignore": "gen/\n*.local.rql\n",
      "sub/gen/x.rql": BROKEN,
      "sub/mine.local.rql": BROKEN,
      "sub/keep.rql": VALID,
      // Patterns of sub/.gitignore do not reach beside it.
      "other/gen/y.rql": VALID,
    });
    for (const args of [["check"], ["check", "**/*.rql"], ["check", "sub"]]) {
      const run = await cli(args, { cwd: dir });
      expect([run.code, run.stdout], args.join(" ")).toEqual([
        0,
        `✔ ${args[1] === "sub" ? 1 : 2} files checked, no problems\n`.replace("1 files", "1 file"),
      ]);
    }
    const named = await cli(["check", "sub/gen/x.rql"], { cwd: dir });
    expect(named.stderr).toMatch(/^reportql: sub\/gen\/x\.rql is ignored/);
  });

  it("marks a summary of notes only as information, not as a warning", async () => {
    const run = await cli(["check", "--stdin"], { cwd: tree({}), input: "SELECT OrderId FROM ISVOrder" });
    expect([run.code, run.stdout.trimEnd().split("\n").at(-1)]).toEqual([
      0,
      "ℹ 1 problem (0 errors, 0 warnings, 1 note) in 1 file",
    ]);
  });

  it("says standard input named as an ignored file is ignored, as that file would be", async () => {
    const dir = tree(REPOSITORY);
    const named = await cli(["check", "--stdin", "--stdin-filename", "build/bad.rql"], {
      cwd: dir,
      input: BROKEN,
    });
    expect(named).toEqual({
      code: 0,
      stdout: "No file checked: 1 file named is ignored; use --no-ignore to check it\n",
      stderr:
        'reportql: build/bad.rql is ignored (by .gitignore, .reportqlignore or the configuration\'s "ignore"); use --no-ignore to check it\n',
    });
    const forced = await cli(["check", "--stdin", "--stdin-filename", "build/bad.rql", "--no-ignore"], {
      cwd: dir,
      input: BROKEN,
    });
    expect([forced.code, forced.stdout]).toEqual([1, expect.stringContaining("RQ1005")]);
  });

  it("checks ignored files with --no-ignore, and a dot-folder when it is named", async () => {
    const dir = tree({ ...REPOSITORY, ".queries/hidden.rql": BROKEN });
    expect((await cli(["check", "--no-ignore"], { cwd: dir })).stdout).toContain("build/bad.rql");
    expect((await cli(["check"], { cwd: dir })).stdout).not.toContain("hidden.rql");
    expect((await cli(["check", ".queries"], { cwd: dir })).stdout).toContain(".queries/hidden.rql");
  });

  it("still reports a request body with a JSON syntax error (it is a body, so the API would refuse it)", async () => {
    const dir = tree({ "body.json": `{"Name": "orders", "Query": "${VALID}",}` });
    const run = await cli(["check", "--format", "compact"], { cwd: dir });
    expect([run.code, run.stdout]).toEqual([
      1,
      "body.json:1:80: error RQ9107 `body.json` is not valid JSON: property name expected\n",
    ]);
  });

  it("skips a JSON file nested thousands of levels deep instead of overflowing the stack", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const body = `POST https://api.partnercenter.microsoft.com/insights/v1/mpn/ScheduledQueries\nAuthorization: Bearer t\n\n${deep}`;
    const run = await cli(["check", "--format", "compact", "deep.json", "deep.http"], {
      cwd: tree({ "deep.json": deep, "deep.http": body }),
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).not.toContain("internal error");
  });
});

describe("suppression comments where people write them", () => {
  it("applies one at the end of the query's line to that query, and reports one after the last query (RQ9003)", async () => {
    const text = [
      "SELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Active'; -- reportql-ignore RQ1005",
      "SELECT NoSuch FROM ISVOrder -- reportql-ignore RQ2002",
      "TIMESPAN LAST_MONTH;",
      "-- reportql-ignore RQ2015",
    ].join("\n");
    const run = await cli(["check", "--format", "compact", "--rule", "RQ2015:off"], {
      cwd: tree({ "q.rql": text }),
    });
    expect(run.stdout).toBe(
      "q.rql:4:1: warning RQ9003 This suppression applies to no query; write it on the line before a query, or at the end of the query's line\n",
    );
  });
});

describe("messages that say what is true", () => {
  it("says a dataset of the other family belongs there, instead of suggesting a near name", async () => {
    const dir = tree({ "q.rql": "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH" });
    const run = await cli(["check", "--catalog", "marketplace", "--format", "compact"], { cwd: dir });
    expect(run.stdout).toBe(
      "q.rql:1:26: error RQ2001 Dataset `CustomersAndTenants` belongs to the `insights` catalog, not the one in use; check it with `--catalog insights` (or `all`)\n",
    );
  });
});

describe("options people expect", () => {
  it("sets severities with --rule (by code or name, repeatable), over the configuration", async () => {
    const dir = tree({ "q.rql": BROKEN, "reportql.config.json": '{"rules": {"RQ1005": "error"}}' });
    const run = await cli(
      ["check", "--format", "compact", "--rule", "sql-not-equals:warn", "--rule", "RQ2015:off"],
      {
        cwd: dir,
      },
    );
    expect([run.code, run.stdout]).toEqual([
      0,
      "q.rql:1:48: warning RQ1005 Operator `<>` is not supported; use `!=`\n",
    ]);
  });

  it("reads the configuration named by -c/--config instead of searching", async () => {
    const dir = tree({ "q.rql": BROKEN, "ci/strict.json": '{"rules": {"RQ1005": "off"}}' });
    const run = await cli(["check", "-c", "ci/strict.json"], { cwd: dir });
    expect([run.code, run.stdout]).toEqual([0, "✔ 1 file checked, no problems\n"]);
  });

  it("lists every code with its default severity (`rules`), as text and JSON", async () => {
    const all: readonly DiagnosticDefinition[] = DIAGNOSTICS;
    const active = all.filter((d) => d.retired === undefined);
    const text = await cli(["rules"], { cwd: tmpdir() });
    expect(text.stdout.trim().split("\n")).toHaveLength(active.length);
    expect(text.stdout).toMatch(/^RQ1001 {2}error {4}unexpected-character +The text contains/);
    const json = JSON.parse((await cli(["rules", "--format", "json"], { cwd: tmpdir() })).stdout);
    expect(json.map((r: { code: string }) => r.code)).toEqual(active.map((d) => d.code));
  });
});

describe("the terminal", () => {
  it("never lets escape sequences or bidi overrides from a file or its name reach it", async () => {
    const name = "evil\u001b]0;owned\u0007.rql";
    const dir = tree({ [name]: "SELECT Bad\u202eName FROM ISVOrder WHERE OfferName = '\u001b[2J'" });
    const run = await cli(["check", "--format", "stylish"], { cwd: dir });
    expect(run.stdout.replace(/\[[0-9;]*m/g, "")).not.toContain("\u001b");
    expect(run.stdout).not.toContain("\u202e");
    expect(run.stdout).toContain("evil\ufffd]0;owned\ufffd.rql");
  });

  it("keeps its own colours but none from a file, its name or a request body", async () => {
    const hide = "\u001b[8m";
    const dir = tree({
      [`q${hide}.rql`]: `SELECT OrderId FROM ISVOrder WHERE OrderStatus = \u2018A${hide}\u2019 TIMESPAN LAST_MONTH`,
      "b.json": `{"Name": "n", "Query": "${VALID}", "Nam\\u001b[8me": 1}`,
    });
    for (const format of ["stylish", "compact"]) {
      const run = await cli(["check", "--format", format, `q${hide}.rql`, "b.json", "missing" + hide], {
        cwd: dir,
        env: { FORCE_COLOR: "1", NO_COLOR: "" },
      });
      expect(run.stdout).toContain("A\ufffd[8m");
      expect(run.stdout).toContain("Nam\ufffd[8me");
      expect(run.stdout).not.toContain(hide);
      expect(run.stderr).not.toContain(hide);
      if (format === "stylish") expect(run.stdout).toContain("\u001b[31m");
    }
  });

  it("lists the files format --check and --write name without their escapes or line breaks", async () => {
    const name = "f\u001b[8m\n::x.rql";
    for (const mode of ["--check", "--write"]) {
      const run = await cli(["format", mode, name], {
        cwd: tree({ [name]: "select OrderId from ISVOrder" }),
      });
      expect(run.stdout).toBe(`${mode === "--write" ? "formatted " : ""}f\ufffd[8m\ufffd::x.rql\n`);
    }
  });

  it("keeps one line per problem in the compact format when a file name holds a line break", async () => {
    const name = "a\nb.rql";
    const run = await cli(["check", "--format", "compact", name], { cwd: tree({ [name]: BROKEN }) });
    expect(run.stdout.split("\n")).toEqual([
      "a b.rql:1:48: error RQ1005 Operator `<>` is not supported; use `!=`",
      "",
    ]);
  });

  it("fits code frames to the terminal's width", async () => {
    const long = `SELECT ${Array.from({ length: 40 }, (_, i) => `Col${i}`).join(", ")} FROM ISVOrder`;
    const dir = tree({ "q.rql": long });
    const run = await cli(["check", "--rule", "RQ2015:off"], { cwd: dir });
    const frames = run.stdout.split("\n").filter((l) => / \d+ \| |^ +\| /.test(l));
    expect(frames.length).toBeGreaterThan(0);
    for (const line of frames) expect([...line].length).toBeLessThanOrEqual(80);
  });
});
