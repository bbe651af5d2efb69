/**
 * The README's "Running queries on the service" section, run as written against `reportql serve`:
 * its shell blocks in order (the emulator's port replaced by the one the test's emulator took), with
 * `npx reportql` bound to the built executable, in a scratch folder holding a copy of the examples.
 * Then the Emulator section's curl flow, as written (it needs `curl` and `jq`, as the README does).
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { startServe } from "../helpers/serve.js";

const ROOT = join(import.meta.dirname, "..", "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

let child: ChildProcess;
let url: string;
let dir: string;

/** The shell blocks of a section, in order. */
function sectionBlocks(heading = "## Running queries on the service"): string[] {
  const start = README.indexOf(heading);
  const end = README.indexOf("\n## ", start + 1);
  const section = README.slice(start, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "reportql-readme-"));
  cpSync(join(ROOT, "examples"), join(dir, "examples"), { recursive: true });
  ({ child, url } = await startServe(["--rows", "2000"]));
});
afterAll(() => {
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

describe("the README's service section", () => {
  it("starts with `npx reportql serve`, and its commands work against the emulator as written", () => {
    const [serve, ...blocks] = sectionBlocks();
    expect(serve?.trim()).toBe("npx reportql serve");
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const script = [
      "set -euo pipefail",
      `npx() { if [ "$1" = reportql ]; then shift; "${process.execPath}" "${CLI}" "$@"; else command npx "$@"; fi; }`,
      "git init -q .",
      ...blocks.map((b) => b.replaceAll("http://127.0.0.1:7071", url)),
    ].join("\n");
    const run = spawnSync("bash", ["-c", script], {
      cwd: dir,
      encoding: "utf8",
      timeout: 120_000,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        NO_COLOR: "1",
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.com",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.com",
      },
    });
    expect({
      status: run.status,
      stderr: run.stderr.replace(/^reportql: (run|push|pull): .*\n/gm, ""),
    }).toEqual({
      status: 0,
      stderr: "",
    });
    expect(run.stdout).toMatch(/Wrote examples\/active-orders\.csv/);
    expect(run.stdout).toMatch(/\+ report active orders daily: created/);
    expect(run.stdout).toMatch(/"executed":1/);
    expect(readFileSync(join(dir, "examples", "active-orders.csv"), "utf8").split("\r\n")[0]).toBe(
      "OrderId,OfferName,OrderPurchaseDate,OrderStatus",
    );
    expect(readFileSync(join(dir, "queries", "active-orders.rql"), "utf8")).toMatch(
      /^-- name: active-orders\n/,
    );
  });
});

describe("the README's emulator section", () => {
  it("creates a query, runs a report now and downloads it with curl, and shows a mistake's answer", () => {
    // Its blocks: installing the engine, starting `serve`, the whole flow, a mistake.
    const [, , flow, mistake] = sectionBlocks("## Emulator");
    const script = [flow, mistake].map((b) => (b ?? "").replaceAll("http://127.0.0.1:7071", url)).join("\n");
    const run = spawnSync("bash", ["-c", `set -eu\n${script}`], {
      cwd: dir,
      encoding: "utf8",
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? "", HOME: dir },
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const [header, ...rest] = run.stdout.split("\n");
    expect(header?.replace(/\r$/, "")).toBe("OrderId,CustomerCountry");
    expect(rest.length).toBeGreaterThanOrEqual(3);
    expect(run.stdout).toContain('"message":"Incorrect column name","statusCode":400');
    expect(run.stdout).toMatch(
      /"reportqlDiagnostics":\[\{"code":"RQ2002".*"in":"query","start":16,"end":25\}\]/,
    );
  });
});
