/**
 * The executable as users and CI systems run it: a real process of the built `dist/cli/main.cjs`.
 * Everything else about the CLI is tested in-process through `run` (test/cli/); these few tests cover
 * what only a process has: its exit code, standard streams and pipes, and agreement with `run`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, cli, reportql } from "../helpers/cli.js";

const PROJECT = join(import.meta.dirname, "..", "cli", "fixtures", "project");

describe("the reportql executable", () => {
  it("prints its version and exits 0", () => {
    const run = reportql(["--version"], { cwd: PROJECT });
    expect([run.code, run.stdout]).toEqual([0, expect.stringMatching(/^\d+\.\d+\.\d+\n$/)]);
  });

  for (const format of ["stylish", "json", "sarif"]) {
    it(`gives the same ${format} report and exit code as run() in-process`, async () => {
      const args = ["check", "--format", format];
      const process = reportql(args, { cwd: PROJECT });
      const inProcess = await cli(args, { cwd: PROJECT });
      expect(process).toEqual(inProcess);
      expect(process.code).toBe(1);
    });
  }

  it("reads a query piped to standard input", () => {
    const run = reportql(["check", "--stdin", "--no-config"], {
      cwd: PROJECT,
      input: "SELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Active' TIMESPAN LAST_MONTH",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("RQ1005");
  });

  it("exits 2 with a usage message on an unknown flag", () => {
    const run = reportql(["check", "--no-such-flag"], { cwd: PROJECT });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--no-such-flag/);
  });

  it("stops writing quietly when the reader of its output goes away (`| head`), and exits 1 for problems", () => {
    const dir = mkdtempSync(join(tmpdir(), "reportql-pipe-"));
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, `q${i}.rql`), "SELECT Bad FROM ISVOrder");
    // With pipefail the pipeline's status is reportql's: a CI step `check | head` must not pass.
    const pipeline = `"${process.execPath}" "${CLI}" check --no-config | head -c 10`;
    const run = spawnSync("bash", ["--norc", "--noprofile", "-o", "pipefail", "-c", pipeline], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
    });
    expect([run.stdout.length, run.stderr, run.status]).toEqual([10, "", 1]);
  });
});
