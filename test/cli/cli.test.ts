/**
 * The `reportql` executable, run as a process on fixture trees (`fixtures/project`), with its output
 * compared to reviewed goldens in `goldens/`. Cases that cannot be committed (binary files, symlink
 * loops, unreadable files) are built in a temporary folder.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Run, cli as run } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PROJECT = join(import.meta.dirname, "fixtures", "project");
const GOLDENS = join(import.meta.dirname, "goldens");

/** Runs the CLI in-process, in the fixture project unless told otherwise. */
function reportql(
  args: readonly string[],
  options: { cwd?: string; input?: string | Buffer; env?: Record<string, string> } = {},
): Promise<Run> {
  return run(args, { ...options, cwd: options.cwd ?? PROJECT });
}

function tempCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "reportql-cli-"));
  cpSync(PROJECT, dir, { recursive: true });
  return dir;
}

describe("reportql check: output formats", () => {
  for (const format of ["stylish", "json", "sarif", "github", "junit", "gitlab"]) {
    it(`writes the ${format} format`, async () => {
      const run = await reportql(["check", "--format", format]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(1);
      expectGolden(join(GOLDENS, `check.${format}.txt`), run.stdout);
    });
  }

  it("writes the report to --output-file and nothing to standard output", async () => {
    const dir = tempCopy();
    const run = await reportql(["check", "--format", "json", "-o", "reports/out.json"], { cwd: dir });
    expect(run.stdout).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "reports", "out.json"), "utf8")).summary.errors).toBeGreaterThan(
      0,
    );
  });

  it("colours the stylish format only when asked (FORCE_COLOR) and never with NO_COLOR", async () => {
    expect((await reportql(["check", "queries/broken.rql"], { env: { FORCE_COLOR: "1" } })).stdout).toContain(
      "\u001b[",
    );
    expect((await reportql(["check", "queries/broken.rql"])).stdout).not.toContain("\u001b[");
  });

  it("keeps the github format within GitHub's annotation limits, most important first", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reportql-gh-"));
    writeFileSync(
      join(dir, "many.rql"),
      Array.from({ length: 14 }, (_, i) => `SELECT Bad${i} FROM ISVOrder`).join(";\n"),
    );
    const lines = (await reportql(["check", "--format", "github", "--no-config"], { cwd: dir })).stdout
      .trim()
      .split("\n");
    expect(lines.filter((l) => l.startsWith("::error "))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith("::notice "))).toHaveLength(9 + 1);
    expect(lines.filter((l) => /^(error|info) RQ\d{4} many\.rql:\d+:\d+: /.test(l))).toHaveLength(4 + 5);
    expect(lines[lines.length - 1]).toMatch(
      /^::notice title=reportql::28 problems in 1 file .*the 9 other problems are listed in the log above$/,
    );
  });
});

describe("reportql check: exit codes", () => {
  it("exits 0 on clean files", async () => {
    const run = await reportql(["check", "queries/clean.rql", "sub"]);
    expect([run.code, run.stdout]).toEqual([0, "✔ 2 files checked, no problems\n"]);
  });

  it("exits 1 when warnings exceed --max-warnings, and 0 within the limit", async () => {
    expect((await reportql(["check", "queries/suppressed.rql", "--max-warnings", "1"])).code).toBe(1);
    expect((await reportql(["check", "queries/suppressed.rql", "--max-warnings", "2"])).code).toBe(0);
  });

  it("reports errors only with --quiet, but still fails on them", async () => {
    const run = await reportql([
      "check",
      "queries/suppressed.rql",
      "queries/broken.rql",
      "--quiet",
      "--format",
      "json",
    ]);
    const severities = JSON.parse(run.stdout).files.flatMap((f: { diagnostics: { severity: string }[] }) =>
      f.diagnostics.map((d) => d.severity),
    );
    expect(new Set(severities)).toEqual(new Set(["error"]));
    expect(run.code).toBe(1);
  });

  it("shows a command's help for `reportql help COMMAND` and `reportql --help COMMAND`", async () => {
    for (const args of [
      ["help", "format"],
      ["--help", "format"],
      ["-h", "format"],
    ]) {
      const run = await reportql(args);
      expect([run.code, run.stdout.split("\n")[0]], args.join(" ")).toEqual([
        0,
        "Usage: reportql format [paths...] [options]",
      ]);
    }
    expect((await reportql(["help"])).stdout).toMatch(/^Usage: reportql <command> \[options\]/);
  });

  const USAGE: readonly [string, readonly string[], RegExp][] = [
    ["an unknown option", ["check", "--frobnicate"], /check: Unknown option '--frobnicate'/],
    [
      "an unknown format",
      ["check", "--format", "xml"],
      /--format must be one of stylish, compact, json, sarif, github, junit, gitlab/,
    ],
    ["a bad --max-warnings", ["check", "--max-warnings", "lots"], /--max-warnings takes a whole number/],
    [
      "a negative --max-warnings",
      ["check", "--max-warnings", "-1"],
      /--max-warnings takes a whole number of 0 or more, not -1/,
    ],
    ["an unknown command", ["lint"], /unknown command "lint"/],
    ["a mistyped command", ["chek"], /unknown command "chek"; did you mean `check`\?/],
    [
      "an option without a command",
      ["--fix"],
      /unknown option "--fix"; options follow a command, as in `reportql check --fix`/,
    ],
    ["help for an unknown command", ["help", "lint"], /unknown command "lint"/],
    ["a mistyped option", ["check", "--fixx"], /Unknown option '--fixx'; did you mean --fix\?/],
    ["a bad --rule", ["check", "--rule", "RQ2015"], /--rule takes CODE:severity/],
    [
      "a mistyped code in --rule",
      ["check", "--rule", "RQ2O15:off"],
      /--rule: "RQ2O15" is not a reportql code or name; did you mean `RQ2015`\?/,
    ],
    [
      "--config with --no-config",
      ["check", "-c", "x.json", "--no-config"],
      /either --config FILE or --no-config/,
    ],
    ["a missing --config file", ["check", "-c", "nope.json"], /--config: nope\.json does not exist/],
    ["--fix with --stdin", ["check", "--stdin", "--fix"], /--fix cannot write to standard input/],
    [
      "a catalog that is no file",
      ["check", "--catalog", "nope.json"],
      /catalog "nope.json" is neither a built-in catalog/,
    ],
    ["explain without a code", ["explain"], /explain: expected one code/],
  ];
  for (const [name, args, message] of USAGE) {
    it(`exits 2 on ${name}, saying what is wrong`, async () => {
      const run = await reportql(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    });
  }
});

describe("reportql check: configuration", () => {
  it("finds the configuration by walking up from the current folder", async () => {
    const run = await reportql(["check", "../../queries/broken.rql", ".", "--format", "json"], {
      cwd: join(PROJECT, "sub", "deeper"),
    });
    const diagnostics = JSON.parse(run.stdout).files.flatMap(
      (f: { diagnostics: { code: string; severity: string }[] }) => f.diagnostics,
    );
    // The configuration makes RQ2003 an error (its default is a warning).
    expect(diagnostics.find((d: { code: string }) => d.code === "RQ2003")?.severity).toBe("error");
  });

  it("skips files ignored by .reportqlignore and by the configuration's globs", async () => {
    const paths = JSON.parse((await reportql(["check", "--format", "json"])).stdout).files.map(
      (f: { path: string }) => f.path,
    );
    expect(paths.some((p: string) => p.startsWith("legacy/") || p.startsWith("generated/"))).toBe(false);
  });

  it("reads a `reportql` key in package.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reportql-pkg-"));
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "x", reportql: { rules: { "default-timespan": "off" } } }),
    );
    writeFileSync(join(dir, "q.rql"), "SELECT OrderId FROM ISVOrder");
    expect((await reportql(["check"], { cwd: dir })).stdout).toBe("✔ 1 file checked, no problems\n");
  });

  const BAD_CONFIGS: readonly [string, string, string, RegExp][] = [
    [
      "an unknown key",
      "reportql.config.json",
      '{"rule": {}}',
      /reportql\.config\.json:1:2: `rule`: unknown key \(did you mean `rules`\?\)/,
    ],
    [
      "an unknown code",
      "reportql.config.json",
      '{"rules": {"RQ2O15": "off"}}',
      /:1:12: `rules\.RQ2O15`: not a reportql code or name \(did you mean `RQ2015`\?\)/,
    ],
    [
      "a bad severity",
      "reportql.config.json",
      '{"rules": {"RQ2015": "loud"}}',
      /:1:22: `rules\.RQ2015`: expected `off`, `hint`, `info`, `warn` or `error`, found "loud"/,
    ],
    [
      "invalid JSON",
      "reportql.config.json",
      "{ rules: }",
      /reportql\.config\.json:1:3: not valid JSON: invalid symbol/,
    ],
    [
      "a bad package.json key",
      "package.json",
      '{"reportql": {"catalog": 3}}',
      /package\.json:1:26: `reportql\.catalog`: expected `insights`/,
    ],
    [
      "an empty ignore pattern (the glob library threw on it)",
      "reportql.config.json",
      '{"ignore": [""]}',
      /reportql\.config\.json:1:13: `ignore\[0\]`: an empty pattern matches no file/,
    ],
    [
      "a catalog file that does not exist",
      "reportql.config.json",
      '{\n  "catalog": "datasets.json"\n}',
      /reportql\.config\.json:2:14: `catalog`: "datasets\.json" is neither a built-in catalog .* nor a readable file \(.*datasets\.json\)/,
    ],
    [
      "a package.json catalog file that does not exist",
      "package.json",
      '{"reportql": {"catalog": "datasets.json"}}',
      /package\.json:1:26: `reportql\.catalog`: "datasets\.json" is neither/,
    ],
  ];
  for (const [name, file, content, message] of BAD_CONFIGS) {
    it(`exits 2 on ${name}, naming the key`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "reportql-config-"));
      writeFileSync(join(dir, file), content);
      writeFileSync(join(dir, "q.rql"), "SELECT OrderId FROM ISVOrder");
      const run = await reportql(["check"], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    });
  }

  it("uses a saved ScheduledDataset response as the catalog and reports its problems without stopping", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reportql-catalog-"));
    writeFileSync(
      join(dir, "datasets.json"),
      JSON.stringify({ value: [{ datasetName: "Mine", selectableColumns: ["A", 7] }] }),
    );
    writeFileSync(join(dir, "q.rql"), "SELECT A, B FROM Mine TIMESPAN LAST_MONTH");
    const run = await reportql(["check", "q.rql", "--catalog", "datasets.json"], { cwd: dir });
    expect(run.stderr).toContain(
      "reportql: catalog datasets.json: error at $.value[0].selectableColumns[1]: expected a name",
    );
    expect(run.stdout).toContain("`B` is not a column or metric of `Mine`");
    expect(run.code).toBe(1);
  });
});

describe("reportql check: fixes", () => {
  it("applies safe fixes in place with --fix, JSON escapes included, and reports what remains", async () => {
    const dir = tempCopy();
    const run = await reportql(["check", "--fix", "queries/broken.rql", "queries/bodies.json"], { cwd: dir });
    expect(run.code).toBe(1);
    expectGolden(join(GOLDENS, "fixed.broken.rql"), readFileSync(join(dir, "queries", "broken.rql"), "utf8"));
    expectGolden(
      join(GOLDENS, "fixed.bodies.json"),
      readFileSync(join(dir, "queries", "bodies.json"), "utf8"),
    );
    expect(JSON.parse(readFileSync(join(dir, "queries", "bodies.json"), "utf8"))[0].Query).toBe(
      "SELECT OrderId FROM ISVOrder\nWHERE OfferName = 'Contoso' AND OrderStatus = 'Active' TIMESPAN LAST_MONTH",
    );
  });

  it("applies unsafe fixes only with --unsafe-fixes", async () => {
    const dir = tempCopy();
    await reportql(["check", "--fix", "--unsafe-fixes", "queries/windows.rql"], { cwd: dir });
    // The BOM and the CRLF line ends are kept.
    expect(readFileSync(join(dir, "queries", "windows.rql"), "utf8")).toBe(
      "\ufeffSELECT OrderId,\r\n  OfferName\r\nFROM ISVOrder\r\nTIMESPAN LAST_MONTH\r\n",
    );
  });

  it("leaves files alone with --fix-dry-run and puts the fixed text in the JSON output", async () => {
    const dir = tempCopy();
    const before = readFileSync(join(dir, "queries", "broken.rql"), "utf8");
    const run = await reportql(["check", "--fix-dry-run", "--format", "json", "queries/broken.rql"], {
      cwd: dir,
    });
    expect(readFileSync(join(dir, "queries", "broken.rql"), "utf8")).toBe(before);
    expect(JSON.parse(run.stdout).files[0].output).toBe(
      readFileSync(join(GOLDENS, "fixed.broken.rql"), "utf8"),
    );
  });
});

describe("reportql check: standard input", () => {
  it("checks standard input as .rql by default", async () => {
    const run = await reportql(["check", "--stdin", "--format", "json"], {
      input: "SELECT OrderId FROM ISVOrder WHERE a <> 1 TIMESPAN LAST_MONTH",
    });
    const file = JSON.parse(run.stdout).files[0];
    expect(file.path).toBe("<stdin>");
    expect(file.diagnostics.map((d: { code: string }) => d.code)).toEqual(["RQ2002", "RQ1005"]);
  });

  it("checks standard input as JSON bodies when --stdin-filename ends in .json", async () => {
    const run = await reportql(["check", "--stdin", "--stdin-filename", "body.json", "--format", "json"], {
      input: JSON.stringify({
        Name: "q",
        Query: "SELECT OrderId FROM ISVOrder WHERE OrderStatus = ‘x’ TIMESPAN LAST_MONTH",
      }),
    });
    const file = JSON.parse(run.stdout).files[0];
    expect([file.path, file.diagnostics[0].code, file.diagnostics[0].column]).toEqual([
      "body.json",
      "RQ1002",
      71,
    ]);
  });
});

describe("`-` names standard input, as in most command-line tools", () => {
  it("checks and formats standard input when `-` is the only path", async () => {
    const input = "select OrderId from ISVOrder where a <> 1 TIMESPAN LAST_MONTH";
    const check = await reportql(["check", "-", "--format", "compact"], { input });
    expect([check.code, check.stdout.split("\n")[0]]).toEqual([
      1,
      "<stdin>:1:36: error RQ2002 `a` is not a column or metric of `ISVOrder`",
    ]);
    const format = await reportql(["format", "-"], { input: "select OrderId from ISVOrder" });
    expect([format.code, format.stdout]).toEqual([0, "SELECT OrderId\nFROM ISVOrder\n"]);
  });

  it("says that standard input is not formatted with format --check, as it lists files", async () => {
    const run = await reportql(["format", "--check", "-"], { input: "select OrderId from ISVOrder" });
    expect([run.code, run.stdout, run.stderr]).toEqual([
      1,
      "<stdin>\n",
      "reportql: standard input is not formatted; reportql format - prints it formatted\n",
    ]);
    const formatted = await reportql(["format", "--check", "-"], {
      input: "SELECT OrderId\nFROM ISVOrder\n",
    });
    expect([formatted.code, formatted.stdout, formatted.stderr]).toEqual([0, "", ""]);
  });

  it("names standard output as the report file: `-o -` writes no file named `-`", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reportql-dash-"));
    writeFileSync(join(dir, "q.rql"), "SELECT OrderId FROM ISVOrder WHERE a <> 1 TIMESPAN LAST_MONTH");
    const run = await reportql(["check", "q.rql", "--format", "compact", "-o", "-"], { cwd: dir });
    expect([run.code, run.stdout.split("\n")[0]]).toEqual([
      1,
      "q.rql:1:36: error RQ2002 `a` is not a column or metric of `ISVOrder`",
    ]);
    expect(existsSync(join(dir, "-"))).toBe(false);
  });

  it("is a path like any other beside others, and `./-` is a file named `-`", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reportql-dash-"));
    writeFileSync(join(dir, "-"), "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH");
    const run = await reportql(["check", "./-", "--format", "compact"], { cwd: dir, input: "SELECT" });
    expect([run.code, run.stdout]).toEqual([0, ""]);
    const both = await reportql(["check", "--stdin", "-"], { cwd: dir });
    expect([both.code, both.stderr]).toEqual([
      2,
      "reportql: check: give either --stdin or paths, not both\n",
    ]);
  });
});

describe("reportql check: bad files never stop the run", () => {
  it("reports each bad file clearly and still checks the others", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reportql-bad-"));
    writeFileSync(join(dir, "good.rql"), "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH");
    writeFileSync(join(dir, "binary.rql"), Buffer.from([0xff, 0xfe, 0x53, 0x00, 0x45, 0x00]));
    writeFileSync(
      join(dir, "latin1.rql"),
      Buffer.from("SELECT OrderId FROM ISVOrder WHERE a = \x91x\x92", "latin1"),
    );
    // Found by line and column in a longer file (CRLF line ends, a UTF-8 `’` before the bad byte).
    writeFileSync(
      join(dir, "cp1252.rql"),
      Buffer.concat([
        Buffer.from("SELECT OrderId\r\nFROM ISVOrder -- it’s\r\nWHERE a = ", "utf8"),
        Buffer.from("\x91x\x92", "latin1"),
      ]),
    );
    mkdirSync(join(dir, "loop"));
    symlinkSync(dir, join(dir, "loop", "back"));
    symlinkSync("/proc/self/mem", join(dir, "unreadable.rql"));
    const run = await reportql(
      ["check", ".", "missing.rql", "missing/**/*.rql", "--format", "json", "--no-config"],
      { cwd: dir },
    );
    const byPath = Object.fromEntries(
      JSON.parse(run.stdout).files.map(
        (f: { path: string; diagnostics: { code: string; message: string }[] }) => [
          f.path,
          f.diagnostics.map((d) => `${d.code} ${d.message}`),
        ],
      ),
    );
    expect(byPath).toEqual({
      "binary.rql": ["RQ9103 `binary.rql` is a binary file (it contains NUL bytes) and is not checked"],
      "good.rql": [],
      "cp1252.rql": [
        "RQ9104 `cp1252.rql` is not valid UTF-8 at line 3, column 11 (byte 0x91 at offset 51) and is not checked; save it as UTF-8",
      ],
      "latin1.rql": [
        "RQ9104 `latin1.rql` is not valid UTF-8 at line 1, column 40 (byte 0x91 at offset 39) and is not checked; save it as UTF-8",
      ],
      "loop/back": ["RQ9105 `loop/back` leads back to a folder already being checked; it is skipped"],
      "unreadable.rql": ["RQ9102 `unreadable.rql` cannot be read: EIO"],
      "missing.rql": ["RQ9101 `missing.rql` does not exist"],
      "missing/**/*.rql": ["RQ9101 No file matches `missing/**/*.rql`; check the pattern"],
    });
    expect(run.code).toBe(1);
  });

  it("gives the codes of files that cannot be checked the severity --rule or the configuration sets", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reportql-bad-"));
    writeFileSync(join(dir, "binary.rql"), Buffer.from([0x53, 0x00]));
    writeFileSync(join(dir, "reportql.config.json"), '{"rules": {"path-not-found": "off"}}');
    const run = await reportql(
      ["check", "binary.rql", "missing.rql", "--rule", "RQ9103:warn", "--format", "compact"],
      {
        cwd: dir,
      },
    );
    expect([run.code, run.stdout]).toEqual([
      0,
      "binary.rql:1:1: warning RQ9103 `binary.rql` is a binary file (it contains NUL bytes) and is not checked\n",
    ]);
  });

  it("suppresses a whole file with -- reportql-ignore-file", async () => {
    const run = await reportql(["check", "--stdin"], {
      input: "-- reportql-ignore-file RQ2002, RQ2015\nSELECT Nope FROM ISVOrder;\nSELECT Nada FROM ISVOrder",
    });
    expect([run.code, run.stdout]).toEqual([0, "✔ 1 file checked, no problems\n"]);
  });
});

describe("reportql format", () => {
  it("lists unformatted files with --check and exits 1", async () => {
    const run = await reportql(["format", "--check", "queries", "sub"]);
    expect([run.code, run.stdout]).toEqual([
      1,
      "queries/broken.rql\nqueries/suppressed.rql\nqueries/windows.rql\nsub/deeper/nested.rql\n",
    ]);
  });

  it("writes formatted files with --write, and then --check passes", async () => {
    const dir = tempCopy();
    expect((await reportql(["format", "--write", "queries"], { cwd: dir })).code).toBe(0);
    expectGolden(
      join(GOLDENS, "formatted.broken.rql"),
      readFileSync(join(dir, "queries", "broken.rql"), "utf8"),
    );
    expect((await reportql(["format", "--check", "queries"], { cwd: dir })).code).toBe(0);
  });

  it("formats standard input, with the catalog's spelling on request", async () => {
    const run = await reportql(["format", "--stdin", "--normalize-names"], {
      input: "select orderid from isvorder timespan last_month",
    });
    expect(run.stdout).toBe("SELECT OrderId\nFROM ISVOrder\nTIMESPAN LAST_MONTH\n");
  });
});

describe("reportql catalog and explain", () => {
  it("lists the datasets", async () =>
    expectGolden(join(GOLDENS, "catalog.list.txt"), (await reportql(["catalog", "list"])).stdout));

  it("shows a dataset's columns and metrics, whatever the case of its name", async () => {
    expectGolden(
      join(GOLDENS, "catalog.show.txt"),
      (await reportql(["catalog", "show", "officeusage"])).stdout,
    );
  });

  it("suggests a dataset for a misspelled name and exits 2", async () => {
    const run = await reportql(["catalog", "show", "ISVOrders"]);
    expect([run.code, run.stderr]).toEqual([
      2,
      'reportql: no dataset "ISVOrders" in catalog all; did you mean ISVOrder?\n',
    ]);
  });

  it("explains a code or a name", async () => {
    expectGolden(join(GOLDENS, "explain.RQ1002.txt"), (await reportql(["explain", "RQ1002"])).stdout);
    expect((await reportql(["explain", "typographic-quotes"])).stdout).toBe(
      (await reportql(["explain", "rq1002"])).stdout,
    );
    expect((await reportql(["explain", "RQ1O02"])).stderr).toMatch(/did you mean RQ1002/);
  });

  it("prints help for every command and the version", async () => {
    for (const command of [[], ["check"], ["format"], ["catalog"], ["explain"]]) {
      const run = await reportql([...command, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: reportql/);
    }
    expect((await reportql(["--version"])).stdout).toBe(
      `${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n`,
    );
  });
});
