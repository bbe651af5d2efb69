/**
 * The progress line, tested in-process through `run` with a fake terminal: shown for the stylish
 * format on an interactive terminal, never in CI or with a machine format.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliEnvironment } from "../../src/cli/environment.js";
import { run } from "../../src/cli/run.js";

async function stderrOf(args: readonly string[], env: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "reportql-progress-"));
  for (const name of ["a.rql", "b.rql"])
    writeFileSync(join(dir, name), "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH");
  let stderr = "";
  const environment: CliEnvironment = {
    cwd: dir,
    env,
    stdout: { write: () => undefined, isTTY: true },
    stderr: {
      write: (text) => {
        stderr += text;
      },
      isTTY: true,
    },
    readStdin: async () => new Uint8Array(),
  };
  expect(await run(["check", "--no-config", ...args], environment)).toBe(0);
  return stderr;
}

describe("progress line", () => {
  it("is shown on an interactive terminal from the second file on, then cleared", async () => {
    const stderr = await stderrOf([], {});
    expect(stderr).toMatch(/^\rChecking… 2 files/);
    expect(stderr.endsWith("\r\u001b[K")).toBe(true);
  });

  it("is not shown for a single file", async () => {
    expect(await stderrOf(["a.rql"], {})).toBe("");
  });

  it("is never shown in CI, on a dumb terminal or with a machine format", async () => {
    expect(await stderrOf([], { CI: "true" })).toBe("");
    expect(await stderrOf([], { TERM: "dumb" })).toBe("");
    expect(await stderrOf(["--format", "json"], {})).toBe("");
  });
});
