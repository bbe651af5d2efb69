/**
 * Issue 18, item 11: `--stdin` and `--catalog` read without a size limit, so a pipe that never ends
 * or `/dev/zero` ate memory until the process died. Both now stop reading past the file limit and say
 * so: standard input as a file too large (RQ9110), a catalog as a usage error naming the file and the
 * limit.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readLimited, readStreamLimited } from "../../src/cli/limited-read.js";
import { cli } from "../helpers/cli.js";

const ROOT = join(import.meta.dirname, "..", "..");
const MAIN = join(ROOT, "src", "cli", "main.ts");

/** A stream that never ends. */
function endless(): Readable {
  const chunk = Buffer.alloc(1 << 16, 0x61);
  return new Readable({
    read() {
      this.push(chunk);
    },
  });
}

describe("issue 18, item 11: reads bounded by size", () => {
  it("stops reading a stream that never ends just past the limit", async () => {
    const bytes = await readStreamLimited(endless(), 1 << 20);
    expect(bytes.length).toBeGreaterThan(1 << 20);
    expect(bytes.length).toBeLessThanOrEqual((1 << 20) + (1 << 16));
  });

  it("reads a small file whole, and a device no further than the limit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reportql-limits-"));
    writeFileSync(join(dir, "small.json"), "{}");
    expect(await readLimited(join(dir, "small.json"), 2)).toEqual({
      kind: "bytes",
      bytes: Buffer.from("{}"),
    });
    expect(await readLimited(join(dir, "small.json"), 1)).toEqual({ kind: "too-large", limit: 1 });
    if (existsSync("/dev/zero"))
      expect(await readLimited("/dev/zero", 1 << 20)).toEqual({ kind: "too-large", limit: 1 << 20 });
  });

  it.runIf(existsSync("/dev/zero"))(
    "refuses /dev/zero as a catalog with an error naming it and the limit",
    async () => {
      const run = await cli(["check", "--no-config", "--catalog", "/dev/zero", "--stdin"], {
        cwd: "/",
        input: "SELECT OrderId FROM ISVOrder\n",
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('catalog "/dev/zero"');
      expect(run.stderr).toContain("more than the 32 MB reportql reads");
    },
  );

  it("reports standard input over the limit as too large, checking nothing", async () => {
    const input = Buffer.alloc(33 * 1024 * 1024, 0x20);
    const run = await cli(["check", "--no-config", "--stdin", "--format", "compact"], { cwd: "/", input });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("RQ9110 `<stdin>` is 32+ MB, more than the 32 MB reportql reads");
  });

  it.runIf(existsSync("/dev/zero"))(
    "stops the executable reading /dev/zero as standard input",
    () => {
      const zero = openSync("/dev/zero", "r");
      try {
        const run = spawnSync(
          process.execPath,
          ["--import", "tsx", MAIN, "check", "--no-config", "--stdin", "--format", "compact"],
          { cwd: ROOT, stdio: [zero, "pipe", "pipe"], encoding: "utf8", timeout: 60_000 },
        );
        expect(run.stderr).toBe("");
        expect(run.status).toBe(1);
        expect(run.stdout).toContain("RQ9110");
      } finally {
        closeSync(zero);
      }
    },
    90_000,
  );
});
