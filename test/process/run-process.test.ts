/**
 * `reportql run` as users run it: the built executable against `reportql serve` in another process.
 * The README's example query writes a CSV whose header is its selected columns; an invalid query
 * exits 1 before any request (the emulator's journal holds none).
 */
import type { ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportql } from "../helpers/cli.js";
import { startServe } from "../helpers/serve.js";

const EXAMPLE = join(import.meta.dirname, "..", "..", "examples", "active-orders.rql");

let child: ChildProcess;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "reportql-run-"));
  ({ child, url } = await startServe(["--rows", "2000"]));
});
afterAll(() => {
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

async function requests(): Promise<unknown[]> {
  const answer = (await (await fetch(`${url}/_emulator/journal`)).json()) as { entries: { kind: string }[] };
  return answer.entries.filter((e) => e.kind === "request");
}

describe("reportql run against reportql serve", () => {
  it("refuses an invalid query with exit 1 and sends nothing", async () => {
    writeFileSync(join(dir, "typo.rql"), "SELECT OrderId, OfferNmae FROM ISVOrder TIMESPAN LAST_MONTH");
    const run = reportql(["run", "typo.rql", "--endpoint", `${url}/insights/v1/cmp`], {
      cwd: dir,
      env: { PARTNER_CENTER_TOKEN: "local" },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/RQ2002/);
    expect(await requests()).toEqual([]);
  });

  it("writes the README example's report as CSV with the selected columns as its header", () => {
    copyFileSync(EXAMPLE, join(dir, "active-orders.rql"));
    const run = reportql(
      [
        "run",
        "active-orders.rql",
        "--endpoint",
        `${url}/insights/v1/cmp`,
        "--token",
        "local",
        "--poll-interval",
        "0.2",
      ],
      { cwd: dir },
    );
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Wrote active-orders\.csv/);
    const header = readFileSync(join(dir, "active-orders.csv"), "utf8").split("\r\n")[0];
    expect(header).toBe("OrderId,OfferName,OrderPurchaseDate,OrderStatus");
  });
});
