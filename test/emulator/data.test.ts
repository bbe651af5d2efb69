/**
 * The synthetic data: deterministic, typed plausibly, consistent per entity, dated so every TIMESPAN
 * has rows, and holding the values the documentation's examples filter on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mix, mixSql } from "../../src/emulator/data.js";
import { loadEmulatorDeps } from "../../src/emulator/deps.js";
import type { EmulatorEngine } from "../../src/emulator/engine.js";
import { builtinCatalog } from "../../src/semantic/catalog.js";
import { openEngine, resolveText } from "./helpers.js";

const catalog = builtinCatalog("all");
const NOW = new Date("2026-11-29T12:00:00Z");
let engine: EmulatorEngine;

beforeAll(async () => {
  engine = await openEngine({ catalog, rows: 2000, seed: 42, now: () => NOW });
});
afterAll(() => engine.close());

async function rows(text: string, on: EmulatorEngine = engine) {
  const result = await on.run(resolveText(text, catalog));
  if (!result.ok) throw new Error(result.message);
  return result.rows;
}

describe("the row hash", () => {
  it("computes the same numbers in SQL as in JavaScript", async () => {
    const deps = await loadEmulatorDeps();
    if ("kind" in deps) throw new Error(deps.message);
    const instance = await deps.duckdb.DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const salts = [0, 1, 0x811c9dc5, 0xffffffff];
    const reader = await connection.runAndReadAll(
      `SELECT i, ${salts.map((s) => mixSql("i", s)).join(", ")} FROM range(0, 4294967296, 33554393) AS r(i)`,
    );
    const got = reader.getRowsJS().map((row) => row.map(Number));
    expect(got.length).toBeGreaterThan(100);
    for (const [i, ...hashes] of got) expect(hashes).toEqual(salts.map((s) => mix(i as number, s)));
    connection.closeSync();
    instance.closeSync();
  });
});

describe("synthetic rows", () => {
  it("exist for every column of every built-in dataset", async () => {
    for (const dataset of catalog.datasets) {
      const names = dataset.columns.map((c) => c.name);
      const got = await rows(`SELECT ${names.join(", ")} FROM ${dataset.name} TIMESPAN LIFETIME LIMIT 3`);
      expect(got.length, dataset.name).toBeGreaterThan(0);
      for (const name of names) expect(got[0]?.[name], `${dataset.name}.${name}`).not.toBeNull();
    }
  });

  it("are the same for the same seed and differ for another", async () => {
    const text = "SELECT CustomerId, OfferName, UsageDate, RawUsage FROM ISVUsage TIMESPAN LIFETIME LIMIT 20";
    const again = await openEngine({ catalog, rows: 2000, seed: 42, now: () => NOW });
    const other = await openEngine({ catalog, rows: 2000, seed: 43, now: () => NOW });
    expect(await rows(text, again)).toEqual(await rows(text));
    expect(await rows(text, other)).not.toEqual(await rows(text));
    again.close();
    other.close();
  });

  it("have data for every TIMESPAN on a daily dataset", async () => {
    for (const span of [
      "TODAY",
      "YESTERDAY",
      "LAST_7_DAYS",
      "LAST_14_DAYS",
      "LAST_30_DAYS",
      "LAST_90_DAYS",
    ].concat([
      "LAST_180_DAYS",
      "LAST_365_DAYS",
      "LAST_MONTH",
      "LAST_3_MONTHS",
      "LAST_6_MONTHS",
      "LAST_1_YEAR",
      "LIFETIME",
    ])) {
      const got = await rows(`SELECT Date FROM ISVMarketplaceInsights TIMESPAN ${span} LIMIT 1`);
      expect(got, span).toHaveLength(1);
    }
  });

  it("keep dates within the past years and month columns on the first day", async () => {
    const got = await rows("SELECT Month, SubscriptionStartDate FROM AzureUsage TIMESPAN LIFETIME");
    for (const row of got) {
      expect(row.Month).toMatch(/^\d{4}-\d{2}-01$/);
      const start = Date.parse(row.SubscriptionStartDate as string);
      expect(start).toBeGreaterThan(Date.parse("2022-11-01"));
      expect(start).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it("type amounts with cents, counts and flags as whole numbers", async () => {
    const got = await rows(
      "SELECT BilledRevenue, OrderQuantity, IsPrivateOffer FROM ISVOrder TIMESPAN LIFETIME LIMIT 50",
    );
    for (const row of got) {
      expect(Math.round((row.BilledRevenue as number) * 100)).toBeCloseTo(
        (row.BilledRevenue as number) * 100,
        6,
      );
      expect(Number.isInteger(row.OrderQuantity)).toBe(true);
      expect([0, 1]).toContain(row.IsPrivateOffer);
    }
  });

  it("keep one name per customer id", async () => {
    const got = await rows("SELECT DISTINCT CustomerId, CustomerName FROM ISVUsage TIMESPAN LIFETIME");
    const names = new Map<unknown, Set<unknown>>();
    for (const row of got)
      names.set(row.CustomerId, (names.get(row.CustomerId) ?? new Set()).add(row.CustomerName));
    expect(names.size).toBeGreaterThan(10);
    for (const set of names.values()) expect(set.size).toBe(1);
  });

  it("line up columns built by separate queries, past DuckDB's parallel row groups", async () => {
    // Tables of a dataset are joined by position: a build that reordered rows would pair an id with
    // another customer's name. 300,000 rows span several of DuckDB's row groups.
    const big = await openEngine({ catalog, rows: 300_000, seed: 42, now: () => NOW });
    try {
      await rows("SELECT CustomerId FROM ISVUsage TIMESPAN LIFETIME LIMIT 1", big);
      await rows("SELECT CustomerCountry FROM ISVUsage TIMESPAN LIFETIME LIMIT 1", big);
      const got = await rows(
        "SELECT DISTINCT CustomerId, CustomerName, CustomerCountry FROM ISVUsage TIMESPAN LIFETIME",
        big,
      );
      const seen = new Map<unknown, string>();
      for (const row of got) {
        const person = `${row.CustomerName}|${row.CustomerCountry}`;
        expect(seen.get(row.CustomerId) ?? person).toBe(person);
        seen.set(row.CustomerId, person);
      }
      expect(seen.size).toBeGreaterThan(10);
    } finally {
      big.close();
    }
  });

  it.each([
    "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Active'",
    "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Cancelled'",
    "SELECT CustomerId FROM ISVUsage WHERE SKUBillingType = 'Paid'",
    "SELECT CustomerId FROM ISVUsage WHERE MarketplaceLicenseType = 'Billed Through Azure'",
    "SELECT CustomerId FROM ISVUsage WHERE IsPrivateOffer = '1'",
    "SELECT CustomerId FROM ISVOrder WHERE AzureLicenseType = 'Pay as You Go'",
    "SELECT CustomerId FROM ISVOrder WHERE HasTrial = 'True'",
    "SELECT CustomerId FROM ISVRevenue WHERE PayoutStatus = 'Sent' AND BillingModel = 'SubscriptionBased'",
    "SELECT CustomerId FROM ISVRevenue WHERE TrialDeployment = 'False'",
    "SELECT CustomerName FROM CustomersAndTenants WHERE SKU = 'MICROSOFT 365 BUSINESS STANDARD'",
    "SELECT CustomerName FROM CustomersAndTenants WHERE CustomerMarket = 'United States'",
    "SELECT ResellerName FROM ResellerPerformance WHERE ResellerMarket = 'US'",
    "SELECT CustomerId FROM ISVCustomer WHERE CustomerCountryRegion = 'United States' AND IsActive = 1",
    "SELECT OfferName FROM ISVUsage WHERE OfferName = 'Example Offer Name'",
  ])("return rows for a documented filter value: %s", async (text) => {
    expect((await rows(`${text} TIMESPAN LIFETIME LIMIT 1`)).length).toBe(1);
  });

  it.each([
    "SELECT CustomerName FROM CustomersAndTenants WHERE IsDuplicateRowForPGA = 'False'",
    "SELECT CustomerId FROM ISVUsage WHERE SKUBillingType = 'Paided'",
  ])("return no rows for a value outside the domain, as the FAQ describes: %s", async (text) => {
    expect(await rows(`${text} TIMESPAN LIFETIME`)).toEqual([]);
  });
});

describe("user rows", () => {
  it("replace a dataset's synthetic rows", async () => {
    const own = await openEngine({ catalog, now: () => NOW });
    const loaded = await own.loadCsv(
      "isvorder",
      "orderid,OrderPurchaseDate,OrderQuantity\r\nA-1,2026-11-20,3\r\nA-2,2026-11-21,\r\n",
    );
    expect(loaded).toEqual({ ok: true, rows: 2 });
    expect(
      await rows("SELECT OrderId, OrderQuantity, OfferName FROM ISVOrder TIMESPAN LAST_30_DAYS", own),
    ).toEqual([
      { OrderId: "A-1", OrderQuantity: 3, OfferName: null },
      { OrderId: "A-2", OrderQuantity: null, OfferName: null },
    ]);
    own.close();
  });

  it.each([
    ["NoSuchDataset", "OrderId\r\nx\r\n", "Unknown dataset `NoSuchDataset`"],
    ["ISVOrder", "OrderId,Nope\r\nx,y\r\n", "The header names `Nope`, which the dataset does not have"],
    ["ISVOrder", "OrderId,orderid\r\nx,y\r\n", "The header names `orderid` twice"],
    [
      "ISVOrder",
      "OrderId,OrderQuantity\r\nx,1\r\ny,many\r\n",
      "Line 3: `OrderQuantity` is not a bigint: many",
    ],
    [
      "ISVOrder",
      "OrderId,OrderPurchaseDate\r\nx,yesterday\r\n",
      "Line 2: `OrderPurchaseDate` is not a date: yesterday",
    ],
    ["ISVOrder", 'OrderId\r\n"unclosed\r\n', "Not valid CSV"],
    ["ISVOrder", "", "The CSV has no header row"],
  ])("are refused with a reason: %s %j", async (dataset, text, message) => {
    const loaded = await engine.loadCsv(dataset, text);
    expect(loaded.ok).toBe(false);
    expect(loaded.ok === false && loaded.message).toContain(message);
  });
});

describe("the clock", () => {
  it("moves the windows but not a dataset's dates once it is in use", async () => {
    let now = NOW;
    const moving = await openEngine({ catalog, rows: 500, seed: 42, now: () => now });
    const still = await openEngine({ catalog, rows: 500, seed: 42, now: () => NOW });
    expect((await rows("SELECT OrderId FROM ISVOrder TIMESPAN TODAY", moving)).length).toBeGreaterThan(0);
    now = new Date(NOW.getTime() + 86_400_000);
    // A date column built after the move lines up with the rows built before it.
    const text = "SELECT OrderId, TrialEndDate FROM ISVOrder TIMESPAN LIFETIME";
    expect(await rows(text, moving)).toEqual(await rows(text, still));
    // The window follows the clock: today's rows of the first day are now yesterday's.
    expect(await rows("SELECT OrderId FROM ISVOrder TIMESPAN YESTERDAY", moving)).toEqual(
      await rows("SELECT OrderId FROM ISVOrder TIMESPAN TODAY", still),
    );
    moving.close();
    still.close();
  });
});
