/**
 * The CLI on hostile or unusual input: broken JSON bodies, CRLF and BOM files, names that look like
 * globs or workflow commands, odd flag combinations, huge inputs and files it cannot write. Each case
 * runs the built executable in a fresh temporary folder.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { cli as reportql } from "../helpers/cli.js";

/** A temporary folder holding `files`. */
function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "reportql-hard-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

interface JsonDiagnostic {
  code: string;
  line: number;
  column: number;
  message: string;
  severity: string;
}

/** `check --format json` in `dir`: each file's diagnostics as `CODE line:column`. */
async function codes(
  dir: string,
  args: readonly string[] = [],
): Promise<{ code: number | null; files: Record<string, string[]> }> {
  const run = await reportql(["check", "--format", "json", "--no-config", ...args], { cwd: dir });
  const report = JSON.parse(run.stdout) as { files: { path: string; diagnostics: JsonDiagnostic[] }[] };
  return {
    code: run.code,
    files: Object.fromEntries(
      report.files.map((f) => [f.path, f.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)]),
    ),
  };
}

const VALID = "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH";

describe("JSON request bodies are read as the API reads them", () => {
  /** Name, file text, expected `CODE line:column`s; every case but the warnings-only one fails. */
  const CASES: readonly [string, string, string[]][] = [
    [
      "a truncated array still has its queries checked, and fails",
      `[{"Name":"a","Query":"SELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Active' TIMESPAN LAST_MONTH"},\n`,
      ["RQ1005 1:70", "RQ9107 2:1"],
    ],
    // Bodies without `Name` also get the contract's missing-field error (RQ3001), as the API refuses them.
    ["a comment is an error", `{"Query": "${VALID}" /* note */}`, ["RQ3001 1:1", "RQ9107 1:62"]],
    ["a trailing comma is an error", `{"Query": "${VALID}",}`, ["RQ3001 1:1", "RQ9107 1:62"]],
    ["an empty `Query` is an error", `{"Query": "  "}`, ["RQ3001 1:1", "RQ9111 1:12"]],
    [
      "two queries in one body are an error",
      `{"Query": "${VALID}; ${VALID}"}`,
      ["RQ3001 1:1", "RQ9112 1:62"],
    ],
    [
      "a comment and a final `;` in a body are reported",
      `{"Name": "q", "Query": "/* c */ ${VALID};"}`,
      ["RQ9113 1:25", "RQ9113 1:81"],
    ],
    [
      "the last of two `Query` keys is the one checked, and the repetition is reported",
      `{"Query": "${VALID}", "Query": "SELECT Nope FROM ISVOrder TIMESPAN LAST_MONTH"}`,
      ["RQ3001 1:1", "RQ3005 1:63", "RQ2002 1:80"],
    ],
  ];
  for (const [name, body, expected] of CASES) {
    it(name, async () => {
      const { code, files } = await codes(folder({ "body.json": body }));
      expect(files["body.json"]).toEqual(expected);
      expect(code).toBe(expected.every((e) => e.startsWith("RQ9113")) ? 0 : 1);
    });
  }
});

describe("fixes keep the file's form", () => {
  it("keeps CRLF line endings when clauses are reordered, and one clause per line", async () => {
    const text = "SELECT OrderId,\r\n  OfferName\r\nFROM ISVOrder\r\nTIMESPAN LAST_MONTH\r\nLIMIT 10\r\n";
    const dir = folder({ "q.rql": text });
    expect((await reportql(["check", "--fix", "--no-config", "q.rql"], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, "q.rql"), "utf8")).toBe(
      "SELECT OrderId,\r\n  OfferName\r\nFROM ISVOrder\r\nLIMIT 10\r\nTIMESPAN LAST_MONTH\r\n",
    );
  });

  it("counts columns after a byte-order mark, and keeps the mark through --fix and format --write", async () => {
    const dir = folder({
      "q.rql": `\ufeffSELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Active' TIMESPAN LAST_MONTH`,
    });
    expect((await codes(dir)).files["q.rql"]).toEqual(["RQ1005 1:48"]);
    await reportql(["check", "--fix", "--no-config"], { cwd: dir });
    await reportql(["format", "--write", "--no-config"], { cwd: dir });
    expect(readFileSync(join(dir, "q.rql"), "utf8")).toBe(
      "\ufeffSELECT OrderId\nFROM ISVOrder\nWHERE OrderStatus != 'Active'\nTIMESPAN LAST_MONTH\n",
    );
    expect((await reportql(["format", "--check", "--no-config"], { cwd: dir })).code).toBe(0);
  });

  it("attaches the OR rewrite once, so reports grow linearly with the number of ORs", async () => {
    const ors = Array.from({ length: 2000 }, (_, i) => `OfferName = 'S${i}'`).join(" OR ");
    const dir = folder({ "q.rql": `SELECT OrderId FROM ISVOrder WHERE ${ors} TIMESPAN LAST_MONTH` });
    const run = await reportql(["check", "--format", "json", "--no-config"], { cwd: dir });
    const report = JSON.parse(run.stdout) as { files: { diagnostics: { fixes: unknown[] }[] }[] };
    const diagnostics = report.files[0]?.diagnostics ?? [];
    expect(diagnostics).toHaveLength(1999);
    expect(diagnostics.filter((d) => d.fixes.length > 0)).toHaveLength(1);
    expect(run.stdout.length).toBeLessThan(2_000_000);
  });
});

describe("paths", () => {
  it("takes an existing path literally even when it looks like a glob", async () => {
    const { files } = await codes(folder({ "report (1).rql": VALID }), ["report (1).rql"]);
    expect(files).toEqual({ "report (1).rql": [] });
  });

  it("skips node_modules and dist in globs, and ignored files however they are named", async () => {
    const dir = folder({
      "a.rql": VALID,
      "node_modules/pkg/b.rql": "SELECT",
      "dist/c.rql": "SELECT",
      "legacy/d.rql": "SELECT",
      ".reportqlignore": "legacy/\n",
    });
    const run = await reportql(["check", "--format", "json", "**/*.rql", "legacy/d.rql"], { cwd: dir });
    expect(JSON.parse(run.stdout).files.map((f: { path: string }) => f.path)).toEqual(["a.rql"]);
  });

  it("reads an ignore glob with a leading / from the configuration's folder, as .gitignore does", async () => {
    const dir = folder({
      "a.rql": VALID,
      "legacy/d.rql": "SELECT",
      "sub/legacy/e.rql": "SELECT",
      "reportql.config.json": '{"ignore": ["/legacy/**"]}',
    });
    const run = await reportql(["check", "--format", "json"], { cwd: dir });
    expect(JSON.parse(run.stdout).files.map((f: { path: string }) => f.path)).toEqual([
      "a.rql",
      "sub/legacy/e.rql",
    ]);
  });

  it("reports a device named on the command line instead of reading it forever", async () => {
    const dir = folder({});
    symlinkSync("/dev/zero", join(dir, "zero.rql"));
    expect((await codes(dir, ["zero.rql"])).files).toEqual({ "zero.rql": ["RQ9102 1:1"] });
  });

  it("reports a dangling symbolic link with a query file's name", async () => {
    const dir = folder({ "a.rql": VALID });
    symlinkSync(join(dir, "gone.rql"), join(dir, "link.rql"));
    expect((await codes(dir)).files).toEqual({ "a.rql": [], "link.rql": ["RQ9102 1:1"] });
  });

  it("refuses a file larger than the limit without reading it", async () => {
    const dir = folder({ "big.rql": Buffer.alloc(33 * 1024 * 1024, 0x20) });
    expect((await codes(dir)).files).toEqual({ "big.rql": ["RQ9110 1:1"] });
  });

  it("checks JSON files whose names merely end in rc.json", async () => {
    expect(Object.keys((await codes(folder({ "src.json": `{"Query": "${VALID}"}` }))).files)).toEqual([
      "src.json",
    ]);
  });
});

describe("output formats stay well-formed whatever the file names", () => {
  it("never lets a file name forge a GitHub workflow command", async () => {
    const files: Record<string, string> = {
      "::warning::x.rql": "SELECT Bad FROM ISVOrder TIMESPAN LAST_MONTH",
    };
    for (let i = 0; i < 11; i++) files[`f${i}.rql`] = "SELECT Bad FROM ISVOrder TIMESPAN LAST_MONTH";
    files["z\n::error file=README.md,line=1::Fake\n.rql"] = "SELECT Bad FROM ISVOrder TIMESPAN LAST_MONTH";
    const run = await reportql(["check", "--format", "github", "--no-config"], { cwd: folder(files) });
    const commands = run.stdout.split("\n").filter((line) => line.startsWith("::"));
    expect(commands.some((line) => line.includes("Fake") && line.startsWith("::error file=README"))).toBe(
      false,
    );
    expect(commands.every((line) => /^::(error|warning|notice) /.test(line))).toBe(true);
    expect(run.stdout).not.toContain("\n::warning::x.rql");
  });

  it("percent-encodes SARIF URIs and gives an absolute path a file: URI", async () => {
    const dir = folder({ "a#b.rql": "SELECT Bad FROM ISVOrder TIMESPAN LAST_MONTH" });
    const sarif = JSON.parse(
      (await reportql(["check", "--format", "sarif", "--no-config"], { cwd: dir })).stdout,
    );
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: "a%23b.rql",
      uriBaseId: "%SRCROOT%",
    });
    const stdin = await reportql(
      ["check", "--format", "sarif", "--no-config", "--stdin", "--stdin-filename", "/elsewhere/q.rql"],
      { cwd: dir, input: "SELECT Bad FROM ISVOrder TIMESPAN LAST_MONTH" },
    );
    expect(
      JSON.parse(stdin.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation,
    ).toEqual({
      uri: "file:///elsewhere/q.rql",
    });
  });

  it("places carets by terminal columns after wide characters", async () => {
    const dir = folder({
      "q.rql": "SELECT OrderId FROM ISVOrder WHERE OfferName = '日本語' AND Nope = 1 TIMESPAN LAST_MONTH",
    });
    const lines = (await reportql(["check", "--no-config"], { cwd: dir })).stdout.split("\n");
    const source = lines.findIndex((l) => l.includes("日本語"));
    const caret = (lines[source + 1] ?? "").indexOf("^");
    // Each of the three characters takes two columns, so the caret sits three further than their count.
    expect(caret - (lines[source] ?? "").indexOf("Nope")).toBe(3);
  });

  it("shows control characters of a file as � in code frames", async () => {
    const dir = folder({ "q.rql": "SELECT Bad\u001b[2J\u0007 FROM ISVOrder TIMESPAN LAST_MONTH" });
    const run = await reportql(["check", "--no-config"], { cwd: dir });
    expect(run.stdout).not.toMatch(/\p{Cc}(?<!\n)/u);
    expect(run.stdout).toContain("Bad\ufffd[2J\ufffd FROM");
  });
});

describe("--quiet reports and counts errors only", () => {
  it("neither shows nor counts warnings, in any format", async () => {
    const dir = folder({
      "q.rql": "-- reportql-ignore RQ2002\nSELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH",
    });
    const json = JSON.parse(
      (await reportql(["check", "--quiet", "--format", "json", "--no-config"], { cwd: dir })).stdout,
    );
    expect(json.summary.warnings).toBe(0);
    const stylish = await reportql(["check", "--quiet", "--max-warnings", "0", "--no-config"], { cwd: dir });
    expect([stylish.code, stylish.stdout]).toEqual([0, "✔ 1 file checked, no problems\n"]);
  });
});

describe("format prints, checks and writes", () => {
  it("prints every file, formatted or not, so that redirecting the output works", async () => {
    const formatted = "SELECT OrderId\nFROM ISVOrder\nTIMESPAN LAST_MONTH\n";
    const run = await reportql(["format", "--no-config", "a.rql"], { cwd: folder({ "a.rql": formatted }) });
    expect([run.code, run.stdout]).toEqual([0, formatted]);
  });

  it("says a query resting on a guessed opening quote is kept as written, and fails --check", async () => {
    // The lexer guesses where `Contoso test'` starts (RQ1120); the formatter keeps such a query as is.
    const guessed = "select OrderId from ISVOrder where OfferName = Contoso test' timespan LAST_MONTH\n";
    const dir = folder({ "g.rql": guessed });
    const printed = await reportql(["format", "--no-config", "g.rql"], { cwd: dir });
    expect(printed).toEqual({
      code: 1,
      stdout: guessed,
      stderr: expect.stringMatching(
        /^reportql: g\.rql:1:48: cannot be formatted: String value `Contoso test` has no opening quote.*\(RQ1120\)\n$/,
      ),
    });
    const checked = await reportql(["format", "--check", "--no-config"], { cwd: dir });
    expect([checked.code, checked.stdout]).toEqual([1, "g.rql\n"]);
    // `--write` cannot format it either: the advice is to fix the error, not to run --write.
    expect(checked.stderr).toMatch(/reportql: 1 file cannot be formatted until the errors above are fixed/);
    expect(checked.stderr).not.toMatch(/not formatted; run reportql format --write/);
    // A file with an unreadable query and a formattable one: both pieces of advice.
    const both = folder({ "g.rql": `${guessed};\nselect OrderId from ISVOrder timespan LAST_MONTH\n` });
    const mixed = await reportql(["format", "--check", "--no-config"], { cwd: both });
    expect([mixed.code, mixed.stdout]).toEqual([1, "g.rql\n"]);
    expect(mixed.stderr).toMatch(/1 file not formatted; run reportql format --write\n/);
    expect(mixed.stderr).toMatch(/1 file cannot be formatted until the errors above are fixed/);
  });

  it("--check with --normalize-names suggests the command that formats the names too", async () => {
    const dir = folder({ "n.rql": "SELECT orderid\nFROM isvorder\nTIMESPAN LAST_MONTH\n" });
    const checked = await reportql(
      ["format", "--check", "--normalize-names", "--catalog", "marketplace", "--no-config"],
      {
        cwd: dir,
      },
    );
    expect([checked.code, checked.stderr]).toEqual([
      1,
      'reportql: 1 file not formatted; run reportql format --write --normalize-names --catalog "marketplace"\n',
    ]);
    const piped = await reportql(["format", "--check", "--normalize-names", "-"], {
      cwd: dir,
      input: "SELECT orderid FROM isvorder",
    });
    expect(piped.stderr).toBe(
      "reportql: standard input is not formatted; reportql format - --normalize-names prints it formatted\n",
    );
  });

  it("says that JSON bodies named on the command line are not formatted", async () => {
    const run = await reportql(["format", "--no-config", "b.json"], {
      cwd: folder({ "b.json": `{"Query": "${VALID}"}` }),
    });
    expect(run.stderr).toMatch(/b\.json: JSON request bodies are not formatted/);
  });

  it("leaves request files alone, walked or named, so that --write cannot break them", async () => {
    const request = `@q = ${VALID}\nGET https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries/testQueryResult?exportQuery={{q}}\n`;
    const dir = folder({ "r.http": request, "s.rest": request, "q.rql": "SELECT OrderId\nFROM ISVOrder\n" });
    expect(await reportql(["format", "--check", "--no-config"], { cwd: dir })).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
    const named = await reportql(["format", "--write", "--no-config", "r.http"], { cwd: dir });
    expect([named.code, named.stderr]).toEqual([0, "reportql: r.http: request files are not formatted\n"]);
    expect(readFileSync(join(dir, "r.http"), "utf8")).toBe(request);
  });
});

describe("a path written with Windows' backslashes", () => {
  const dir = () => folder({ "queries/sub/a.rql": VALID });

  it.runIf(sep === "/")("is missing, and check says to write it with `/`", async () => {
    const run = await reportql(["check", "--no-config", "--format", "compact", "queries\\sub\\a.rql"], {
      cwd: dir(),
    });
    expect([run.code, run.stdout]).toEqual([
      1,
      "queries\\sub\\a.rql:1:1: error RQ9101 `queries\\sub\\a.rql` does not exist; paths are written with `/` here: `queries/sub/a.rql`\n",
    ]);
  });

  it.runIf(sep === "/")("is missing, and format says to write it with `/`", async () => {
    const run = await reportql(["format", "--no-config", "queries\\sub\\a.rql"], { cwd: dir() });
    expect([run.code, run.stderr]).toEqual([
      1,
      "reportql: queries\\sub\\a.rql: `queries\\sub\\a.rql` does not exist; paths are written with `/` here: `queries/sub/a.rql`\n",
    ]);
  });

  it("that matches nothing either way is just missing", async () => {
    const run = await reportql(["check", "--no-config", "--format", "compact", "nope\\a.rql"], {
      cwd: dir(),
    });
    expect(run.stdout).toBe("nope\\a.rql:1:1: error RQ9101 `nope\\a.rql` does not exist\n");
  });
});

describe("usage errors name the problem and exit 2", () => {
  const CASES: readonly [string, readonly string[], RegExp][] = [
    ["--fix with --fix-dry-run", ["check", "--fix", "--fix-dry-run"], /either --fix .* or --fix-dry-run/],
    [
      "--unsafe-fixes alone",
      ["check", "--unsafe-fixes"],
      /--unsafe-fixes only adds to --fix or --fix-dry-run/,
    ],
    [
      "--stdin-filename without --stdin",
      ["check", "--stdin-filename", "a.rql"],
      /--stdin-filename .* needs --stdin/,
    ],
    ["an empty --max-warnings", ["check", "--max-warnings", ""], /--max-warnings takes a whole number/],
    [
      "a hexadecimal --max-warnings",
      ["check", "--max-warnings", "0x1"],
      /--max-warnings takes a whole number/,
    ],
    ["format --stdin --write", ["format", "--stdin", "--write"], /--write cannot write to standard input/],
    ["format --stdin with a path", ["format", "--stdin", "a.rql"], /either --stdin or paths/],
    ["a report file that is a folder", ["check", "-o", "."], /cannot write the report to .* \(EISDIR\)/],
    [
      "a report file that is a file being checked",
      ["check", "a.rql", "-o", "a.rql"],
      /--output-file a\.rql is one of the files being checked; the report would replace it/,
    ],
    [
      "a report file that is a file found in a folder being checked",
      ["check", "-o", "./sub/../a.rql"],
      /--output-file \.\/sub\/\.\.\/a\.rql is one of the files being checked/,
    ],
  ];
  for (const [name, args, message] of CASES) {
    it(name, async () => {
      const dir = folder({ "a.rql": VALID, "sub/b.rql": VALID });
      const run = await reportql([...args, "--no-config"], { cwd: dir });
      expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(message)]);
      expect(readFileSync(join(dir, "a.rql"), "utf8")).toBe(VALID);
    });
  }

  it("treats a rules value named like an Object property as an unknown severity", async () => {
    const dir = folder({ "a.rql": VALID, "reportql.config.json": '{"rules": {"RQ1005": "constructor"}}' });
    const run = await reportql(["check"], { cwd: dir });
    expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(/rules\.RQ1005.*found "constructor"/)]);
  });

  it("reports a broken package.json that holds a reportql key instead of skipping it", async () => {
    const dir = folder({ "a.rql": VALID, "package.json": '{"reportql": {"rules": {}},' });
    const run = await reportql(["check"], { cwd: dir });
    expect([run.code, run.stderr]).toEqual([2, expect.stringMatching(/package\.json.*not valid JSON/)]);
  });

  it("reports a folder named reportql.config.json instead of passing over it", async () => {
    const dir = folder({ "a.rql": VALID });
    mkdirSync(join(dir, "reportql.config.json"));
    const run = await reportql(["check"], { cwd: dir });
    expect([run.code, run.stderr]).toEqual([
      2,
      expect.stringMatching(/reportql\.config\.json: cannot be read \(it is a folder\)/),
    ]);
  });
});

describe("catalog show --format json", () => {
  it("prints a catalog file that --catalog loads back", async () => {
    const dir = folder({
      "a.rql":
        "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH;\nSELECT CustomerId FROM ISVCustomer TIMESPAN LAST_MONTH",
    });
    const shown = await reportql(["catalog", "show", "ISVOrder", "--format", "json", "--no-config"], {
      cwd: dir,
    });
    writeFileSync(join(dir, "orders.json"), shown.stdout);
    expect((await codes(dir, ["--catalog", "orders.json", "a.rql"])).files).toEqual({
      "a.rql": ["RQ2001 2:24"],
    });
  });
});

describe("catalog list and show", () => {
  it("counts one dataset in the singular", async () => {
    const dir = folder({});
    const one = await reportql(["catalog", "show", "ISVOrder", "--format", "json", "--no-config"], {
      cwd: dir,
    });
    writeFileSync(join(dir, "one.json"), one.stdout);
    const list = await reportql(["catalog", "list", "--catalog", "one.json", "--no-config"], { cwd: dir });
    expect(list.stdout).toMatch(/\n1 dataset in catalog one\.json\. /);
  });

  it("skip names of a catalog file that hold escape sequences, and print none of them", async () => {
    const dir = folder({});
    const shown = await reportql(["catalog", "show", "ISVOrder", "--format", "json", "--no-config"], {
      cwd: dir,
    });
    const file = JSON.parse(shown.stdout);
    // Names no query can spell are skipped when the catalog loads, so only a problem mentions them.
    file.datasets[0].columns[0].name = "Col\u001b]0;title\u0007";
    writeFileSync(join(dir, "column.json"), JSON.stringify(file));
    file.datasets[0].name = "ISV\u001b[8mOrder";
    writeFileSync(join(dir, "dataset.json"), JSON.stringify(file));
    const list = await reportql(["catalog", "list", "--catalog", "dataset.json", "--no-config"], {
      cwd: dir,
    });
    expect(list.stderr).toContain("$.datasets[0].name");
    const show = await reportql(["catalog", "show", "ISVOrder", "--catalog", "column.json", "--no-config"], {
      cwd: dir,
    });
    expect(show.stdout).toContain("ISVOrder");
    expect(show.stdout).not.toContain("title");
    for (const run of [list, show]) expect(run.stdout + run.stderr).not.toMatch(/(?!\n)\p{Cc}/u);
  });
});
