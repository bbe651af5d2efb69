/**
 * Writes that cannot lose data, on a real file system: `--fix` and `format --write` on a full disk
 * leave the file as it was (a small tmpfs, mounted in a private mount namespace made with `unshare`, so
 * no privilege is needed), and a planted file or link beside the target is never followed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";

const BROKEN = "SELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Active' TIMESPAN LAST_MONTH\n";

/**
 * Runs a shell script in a new user and mount namespace where `$DISK` is a 16 KB tmpfs that a filler
 * file has left nearly full; the script's standard output is returned with its exit code.
 */
function onAFullDisk(script: string): { status: number | null; stdout: string; stderr: string } {
  const disk = mkdtempSync(join(tmpdir(), "reportql-disk-"));
  const setup = [
    `mount -t tmpfs -o size=16k tmpfs "${disk}"`,
    `cd "${disk}"`,
    `printf "%s\\n" "${BROKEN.trimEnd()}" > q.rql`,
    // Fill what is left, so that no new file (the fixed or formatted text) fits.
    "head -c 1000000 /dev/zero > filler 2>/dev/null || true",
    script,
  ].join(" && ");
  const run = spawnSync("unshare", ["-rm", "sh", "-c", setup], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", DISK: disk },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("a full disk", () => {
  it("leaves a file that --fix cannot save as it was, says so (RQ9109), and leaves no temporary file", () => {
    const run = onAFullDisk(
      `"${process.execPath}" "${CLI}" check --fix --no-config --format compact q.rql; echo "exit $?"; cat q.rql; ls -A`,
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("q.rql:1:1: error RQ9109 `q.rql` could not be written (the disk is full)");
    expect(run.stdout).toContain("exit 1");
    expect(run.stdout).toContain(BROKEN);
    expect(run.stdout.trim().split("\n").slice(-2)).toEqual(["filler", "q.rql"]);
  });

  it("leaves a file that format --write cannot save as it was", () => {
    const run = onAFullDisk(
      `"${process.execPath}" "${CLI}" format --write --no-config q.rql; echo "exit $?"; cat q.rql; ls -A`,
    );
    expect(run.stdout).toContain("exit 1");
    expect(run.stdout).toContain(BROKEN);
    expect(run.stdout.trim().split("\n").slice(-2)).toEqual(["filler", "q.rql"]);
  });

  it("keeps the previous report file when the new one (-o) does not fit, and leaves no temporary file", () => {
    const run = onAFullDisk(
      [
        'rm filler && echo "previous report" > r.json && (head -c 1000000 /dev/zero > filler 2>/dev/null || true)',
        `"${process.execPath}" "${CLI}" check --no-config --format json -o r.json q.rql; echo "exit $?"`,
        "cat r.json; ls -A",
      ].join("; "),
    );
    expect(run.stderr).toMatch(/^reportql: check: cannot write the report to .*r\.json: .*ENOSPC/);
    expect(run.stdout.trim().split("\n")).toEqual(["exit 2", "previous report", "filler", "q.rql", "r.json"]);
  });
});

describe("planted links", () => {
  it("never writes through a link planted under a temporary file's name, and fixes through a link to the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "reportql-links-"));
    writeFileSync(join(dir, "secret.txt"), "keep me\n");
    writeFileSync(join(dir, "real.rql"), BROKEN);
    symlinkSync(join(dir, "real.rql"), join(dir, "q.rql"));
    // The names earlier versions used: `.q.rql.reportql-<pid>.tmp` for any pid.
    for (let pid = 1; pid < 50; pid++)
      symlinkSync(join(dir, "secret.txt"), join(dir, `.real.rql.reportql-${pid}.tmp`));
    const run = spawnSync(process.execPath, [CLI, "check", "--fix", "--no-config", "q.rql"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, "secret.txt"), "utf8")).toBe("keep me\n");
    expect(readFileSync(join(dir, "real.rql"), "utf8")).toContain("OrderStatus != 'Active'");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toHaveLength(49);
  });
});
