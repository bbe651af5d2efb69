/**
 * Issue 18 through the CLI: the inputs that made a whole run fail with exit 2 (item 5) are checked,
 * reported, fixed and formatted, with the other files of the run still reported; an
 * unreadable folder is said, not skipped (item 10). Each input is generated here.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { CliEnvironment } from "../../src/cli/environment.js";
import { run } from "../../src/cli/run.js";

const ROOT = join(import.meta.dirname, "..", "..");
/** tsx's loader by URL: the CLI runs in a temporary folder, where `tsx` would not be found by name. */
const TSX = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
const GOOD = "SELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Active' TIMESPAN LAST_MONTH\n";

/** Runs the CLI in-process, counting its output instead of keeping it (reports can be huge). */
async function counted(args: readonly string[], cwd: string) {
  let length = 0;
  let tail = "";
  let stderr = "";
  const environment: CliEnvironment = {
    cwd,
    env: { NO_COLOR: "1" },
    stdout: {
      write: (text) => {
        length += text.length;
        tail = (tail + text).slice(-2000);
      },
    },
    stderr: { write: (text) => (stderr += text) },
    readStdin: async () => new Uint8Array(),
  };
  const code = await run(args, environment);
  return { code, length, tail, stderr };
}

/** A folder with the pathological file and a small one beside it. */
function folder(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "reportql-inputs-"));
  writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "z-good.rql"), GOOD);
  return dir;
}

const ITEM_5: readonly [string, string, string][] = [
  ["130,000 repeated `, OrderId`", "q.rql", `SELECT OrderId${", OrderId".repeat(130_000)} FROM ISVOrder\n`],
  ["64,000 `Order\\_Id,`", "q.rql", `SELECT ${"Order\\_Id,".repeat(64_000)} FROM ISVOrder\n`],
  [
    "140,000 select items",
    "q.rql",
    `SELECT ${Array.from({ length: 140_000 }, (_, i) => `c${i}`).join(", ")} FROM ISVOrder\n`,
  ],
  ["a JSON file nested 5,000 levels deep", "q.json", `${"[".repeat(5_000)}${"]".repeat(5_000)}`],
  [
    "a JSON body nested 5,000 levels deep",
    "q.json",
    `{"Query": "SELECT OrderId FROM ISVOrder", "x": ${"[".repeat(5_000)}${"]".repeat(5_000)}}`,
  ],
];

describe("issue 18, item 5: no input under the file limit ends the run with exit 2", () => {
  for (const [name, file, text] of ITEM_5) {
    // The default format and SARIF (the heaviest, and the one that was quadratic): each run takes
    // seconds here; every format's growth is held by test/scaling/cli-report.test.ts.
    it(`checks ${name} in the stylish and sarif formats, and the file beside it`, async () => {
      const dir = folder(file, text);
      for (const format of ["stylish", "sarif"]) {
        const result = await counted(["check", "--no-config", "--format", format, "."], dir);
        expect(result.stderr, format).toBe("");
        expect(result.code, format).toBe(1);
        // The last file's report is there: the run went on past the large one.
        expect(result.tail, format).toContain("z-good.rql");
      }
    }, 600_000);

    it(`fixes and formats ${name} without exit 2`, async () => {
      const dir = folder(file, text);
      expect((await counted(["check", "--no-config", "--fix", "."], dir)).code).toBeLessThan(2);
      const formatted = await counted(["format", "--no-config", "--check", "."], dir);
      expect(formatted.stderr).not.toContain("internal error");
      expect(formatted.code).toBeLessThan(2);
    }, 600_000);
  }
});

describe("issue 18, item 10: an unreadable folder", () => {
  // Root reads every folder; the CLI runs as `nobody` then (chmod alone would not stop it).
  const asRoot = process.getuid?.() === 0;

  it.runIf(process.platform !== "win32")("is reported (RQ9102), not skipped as '0 files checked'", () => {
    const dir = mkdtempSync(join(tmpdir(), "reportql-unreadable-"));
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, "locked"));
    writeFileSync(join(dir, "locked", "q.rql"), GOOD);
    chmodSync(join(dir, "locked"), 0o000);
    const result = spawnSync(
      process.execPath,
      [
        "--import",
        TSX,
        join(ROOT, "src", "cli", "main.ts"),
        "check",
        "--no-config",
        "--format",
        "compact",
        ".",
      ],
      {
        cwd: dir,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
        ...(asRoot && { uid: 65534, gid: 65534 }),
      },
    );
    chmodSync(join(dir, "locked"), 0o755);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("locked:1:1: error RQ9102 `locked` cannot be read: permission denied\n");
    expect(result.status).toBe(1);
  });
});
