/**
 * Issue 18, item 11: a loop of symbolic links named like a query file was reported as a broken link
 * (and, named on the command line, as a path that does not exist). It is now said to be a loop.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

function folderWithLinks(): string {
  const dir = mkdtempSync(join(tmpdir(), "reportql-loop-"));
  symlinkSync("b.rql", join(dir, "a.rql"));
  symlinkSync("a.rql", join(dir, "b.rql"));
  symlinkSync("self.rql", join(dir, "self.rql"));
  symlinkSync("missing.rql", join(dir, "dangling.rql"));
  writeFileSync(join(dir, "good.rql"), "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH\n");
  return dir;
}

describe("issue 18, item 11: a file symbolic-link loop", () => {
  it("is reported as a loop when a folder is walked, and a dangling link as broken", async () => {
    const run = await cli(["check", "--no-config", "--format", "compact", "."], { cwd: folderWithLinks() });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toEqual([
      "a.rql:1:1: error RQ9102 `a.rql` cannot be read: its symbolic links form a loop",
      "b.rql:1:1: error RQ9102 `b.rql` cannot be read: its symbolic links form a loop",
      "dangling.rql:1:1: error RQ9102 `dangling.rql` cannot be read: it is a broken symbolic link",
      "self.rql:1:1: error RQ9102 `self.rql` cannot be read: its symbolic links form a loop",
    ]);
  });

  it("is reported as a loop when named on the command line, and the other files are still checked", async () => {
    const run = await cli(["check", "--no-config", "--format", "compact", "self.rql", "good.rql"], {
      cwd: folderWithLinks(),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      "self.rql:1:1: error RQ9102 `self.rql` cannot be read: its symbolic links form a loop\n",
    );
  });
});
