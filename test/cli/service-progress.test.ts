/** The wait indicator of `reportql run`: one line rewritten on a terminal, a line per status elsewhere. */
import { describe, expect, it } from "vitest";
import type { CliEnvironment } from "../../src/cli/environment.js";
import { waitProgress } from "../../src/cli/service.js";

function environment(isTTY: boolean, env: Record<string, string> = {}) {
  const out = { progress: "", stderr: "" };
  const value: CliEnvironment = {
    cwd: "/",
    env,
    stdout: { write: () => undefined },
    stderr: {
      write: (t) => {
        out.stderr += t;
      },
    },
    progress: {
      write: (t) => {
        out.progress += t;
      },
      isTTY,
    },
    readStdin: async () => new Uint8Array(),
  };
  return { value, out };
}

const step = (status: string, elapsedMs: number) => ({ reportId: "r1", status, polls: 1, elapsedMs });

describe("waitProgress", () => {
  it("rewrites one line on a terminal and clears it when done", () => {
    const { value, out } = environment(true);
    const progress = waitProgress("run", value);
    progress.update(step("NotStarted", 0));
    progress.update(step("Running\u001b[31m", 2_000));
    progress.done();
    expect(out.progress).toBe(
      "\r\u001b[KWaiting for report r1: waiting for the first run (0 s)" +
        "\r\u001b[KWaiting for report r1: Running\ufffd[31m (2 s)\r\u001b[K",
    );
    expect(out.stderr).toBe("");
  });

  it("writes a plain line per change of status in CI or off a terminal", () => {
    for (const { value, out } of [environment(true, { CI: "true" }), environment(false)]) {
      const progress = waitProgress("run", value);
      progress.update(step("Pending", 0));
      progress.update(step("Pending", 1_000));
      progress.update(step("Completed", 2_000));
      progress.done();
      expect(out.progress).toBe("");
      expect(out.stderr).toBe("reportql: run: report r1: Pending\nreportql: run: report r1: Completed\n");
    }
  });
});
