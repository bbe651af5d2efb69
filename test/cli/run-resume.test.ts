/**
 * `reportql run` against the real emulator whose report links go through a front on 127.0.0.1 that
 * resets the connection mid-file (test/helpers/proxy.ts): the download resumes from the bytes
 * written (`Range`), says so, and the file is the report byte for byte; a file that changed while it
 * downloaded (412 to `If-Match`) is downloaded again from the start, and is whole too.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { start } from "../emulator/server-helpers.js";
import { cli } from "../helpers/cli.js";
import { type FrontChanges, type Middleman, startCuttingFront } from "../helpers/proxy.js";

let server: RunningEmulator;
let front: Middleman | undefined;
let dir = "";

beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "reportql-run-resume-"));
  writeFileSync(join(dir, "orders.rql"), "SELECT OrderId, OfferName FROM ISVOrder TIMESPAN LAST_6_MONTHS\n");
});
afterEach(async () => {
  server.emulator.setBaseUrl(server.url);
  await front?.close();
  front = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `orders.rql` with the report links going through a front that cuts answers after `cuts` bytes. */
async function runCut(cuts: number[], changes?: FrontChanges) {
  front = await startCuttingFront(server.url, cuts, changes);
  server.emulator.setBaseUrl(front.url);
  const endpoint = `${server.url}/insights/v1/cmp`;
  return cli(["run", "orders.rql", "--endpoint", endpoint, "--token", "t", "--poll-interval", "0.1"], {
    cwd: dir,
  });
}

/** The report file as the emulator serves it, read directly. */
async function served(): Promise<Buffer> {
  const path = front?.records[0]?.target ?? "";
  return Buffer.from(await (await fetch(`${server.url}${path}`)).arrayBuffer());
}

const ranges = () => (front?.records ?? []).map((r) => r.headers.range);

describe("reportql run with a report download cut off", () => {
  it("resumes where it broke off and writes the whole file", async () => {
    const run = await runCut([2000]);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /the report file's download broke off after 2000 bytes; resuming in [\d.]+ s \(retry 1\)/,
    );
    expect(ranges()).toEqual([undefined, "bytes=2000-"]);
    const file = readFileSync(join(dir, "orders.csv"));
    expect(file.length).toBeGreaterThan(2000);
    expect(file.equals(await served())).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["orders.csv", "orders.rql"]);
  });

  it("downloads a file that changed meanwhile again from the start", async () => {
    // The first answer's ETag is not the stored file's: the resume is refused with 412.
    const run = await runCut([1000], { answer: (index, h) => (index === 0 ? { ...h, etag: '"0xOLD"' } : h) });
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code, run.stderr).toBe(0);
    expect(ranges()).toEqual([undefined, "bytes=1000-", undefined]);
    expect(readFileSync(join(dir, "orders.csv")).equals(await served())).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["orders.csv", "orders.rql"]);
  });
});
