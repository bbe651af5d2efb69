/**
 * `reportql serve` as a process: it prints its URL once it accepts requests, answers over HTTP and
 * stops cleanly on SIGTERM.
 */
import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";

describe("reportql serve", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    it(`prints its URL, serves, and exits 0 on ${signal}`, () => serveUntil(signal));

  it("refuses a bad port with a usage error", () => {
    const run = spawnSync(process.execPath, [CLI, "serve", "--port", "70000"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--port takes a whole number from 0 to 65535/);
  });
});

async function serveUntil(signal: "SIGTERM" | "SIGINT"): Promise<void> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--rows", "1000"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no URL line; stdout: ${out}`)), 30_000);
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /^reportql emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const clock = await fetch(`${url}/_emulator/clock`);
    expect(clock.status).toBe(200);
    const queries = await fetch(`${url}/insights/v1/mpn/ScheduledQueries`, {
      headers: { authorization: "Bearer t" },
    });
    expect(queries.status).toBe(200);
    child.kill(signal);
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}
