/**
 * A file marked read-only is not rewritten by `check --fix` or `format --write`, whoever runs them:
 * replacing a file through a rename needs only its folder to be writable, so without a check of its
 * own the file would be replaced anyway (and by root, which these tests run as in CI, always).
 */
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliEnvironment } from "../../src/cli/environment.js";
import { run } from "../../src/cli/run.js";

const FIXABLE = "SELECT OrderId FROM ISVOrder WHERE OrderStatus = ‘Active’ TIMESPAN LAST_MONTH\n";
const UNFORMATTED = "select OrderId from ISVOrder timespan LAST_MONTH\n";

async function runIn(dir: string, args: readonly string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const write = (text: string) => {
    out += text;
  };
  const environment: CliEnvironment = {
    cwd: dir,
    env: { NO_COLOR: "1" },
    stdout: { write },
    stderr: { write },
    readStdin: async () => new Uint8Array(),
  };
  return { code: await run(args, environment), out };
}

function folderWith(files: Record<string, { text: string; mode: number }>): string {
  const dir = fs.mkdtempSync(join(tmpdir(), "reportql-read-only-"));
  for (const [name, { text, mode }] of Object.entries(files)) {
    fs.writeFileSync(join(dir, name), text);
    fs.chmodSync(join(dir, name), mode);
  }
  return dir;
}

describe.each([
  { command: "check --fix", args: ["check", "--fix", "--no-config"], text: FIXABLE },
  { command: "format --write", args: ["format", "--write", "--no-config"], text: UNFORMATTED },
])("$command on a read-only file", ({ args, text }) => {
  it.each([0o444, 0o400, 0o555])(
    "leaves a file of mode %o as it was, reports RQ9109, writes the others",
    async (mode) => {
      const dir = folderWith({ "locked.rql": { text, mode }, "open.rql": { text, mode: 0o644 } });
      const { code, out } = await runIn(dir, [...args, "locked.rql", "open.rql"]);
      expect(fs.readFileSync(join(dir, "locked.rql"), "utf8")).toBe(text);
      expect(fs.statSync(join(dir, "locked.rql")).mode & 0o777).toBe(mode);
      expect(fs.readFileSync(join(dir, "open.rql"), "utf8")).not.toBe(text);
      expect(out).toMatch(/locked\.rql.*could not be written \(it is read-only\)/);
      expect(code).not.toBe(0);
      // No temporary file is left beside it.
      expect(fs.readdirSync(dir).sort()).toEqual(["locked.rql", "open.rql"]);
    },
  );
});

it("a file writable by its owner only is still written (the mode's other bits do not matter)", async () => {
  const dir = folderWith({ "mine.rql": { text: FIXABLE, mode: 0o600 } });
  const { code } = await runIn(dir, ["check", "--fix", "--no-config", "mine.rql"]);
  expect(fs.readFileSync(join(dir, "mine.rql"), "utf8")).not.toBe(FIXABLE);
  expect(fs.statSync(join(dir, "mine.rql")).mode & 0o777).toBe(0o600);
  expect(code).toBe(0);
});
