/** Column kinds from catalog types, value domains and names (no public source gives column types). */
import { describe, expect, it } from "vitest";
import { storageType, timeColumn, valueKind } from "../../src/emulator/infer.js";
import { builtinCatalog, type ColumnInfo, type DatasetInfo } from "../../src/semantic/catalog.js";
import type { ValueDomain } from "../../src/semantic/catalog-format.js";

const column = (name: string, extra: Partial<ColumnInfo> = {}): ColumnInfo => ({
  name,
  kind: "column",
  seen: ["user"],
  legacy: false,
  unconfirmed: false,
  definitionsOnly: false,
  confidence: "user",
  evidence: [],
  ...extra,
});

/** A value domain as a catalog file writes one (each value with a source). */
const domain = (...values: string[]): ValueDomain => ({
  type: "string",
  case: "insensitive",
  exhaustive: true,
  values: values.map((value) => ({ value, sources: [{ title: "test", url: "test", date: "2026" }] })),
});

describe("valueKind", () => {
  it.each<[string, string, string?]>([
    ["OrderPurchaseDate", "DATE"],
    ["Month", "DATE", "monthly"],
    ["MonthStartDate", "DATE", "monthly"],
    ["DateAcquired", "DATE"],
    ["EventTimestamp", "TIMESTAMP"],
    ["lastModifiedAt", "TIMESTAMP"],
    ["IsDuplicateRowForPGA", "BIGINT", "flag"],
    ["BilledRevenueUSD", "DOUBLE"],
    ["EstimatedExtendedChargeCC", "DOUBLE"],
    ["CustomerCurrencyCC", "VARCHAR", "currency"],
    ["AvailableSeats", "BIGINT"],
    ["VMSize", "VARCHAR"],
    ["CustomerId", "VARCHAR", "uuid"],
    ["MpnId", "VARCHAR", "digits"],
    ["CustomerMarket", "VARCHAR", "country"],
    ["ResellerMarket", "VARCHAR", "countryCode"],
    ["M365Fit", "VARCHAR", "level"],
  ])("%s is %s", (name, storage, detail) => {
    const kind = valueKind(column(name));
    expect(storageType(kind)).toBe(storage);
    if (detail === "monthly") expect(kind).toEqual({ kind: "day", monthly: true });
    else if (detail === "flag") expect(kind.kind).toBe("flag");
    else if (detail !== undefined) expect(kind).toMatchObject({ kind: "text", domain: detail });
  });

  it("takes the documented filter values for the columns the examples filter on", () => {
    expect(valueKind(column("SKUBillingType"))).toMatchObject({ values: ["Paid", "Free"] });
    expect(valueKind(column("orderstatus"))).toMatchObject({ values: ["Active", "Cancelled"] });
  });

  it("prefers the catalog's type and value domain to the name", () => {
    expect(storageType(valueKind(column("Anything", { type: "date" })))).toBe("DATE");
    expect(storageType(valueKind(column("OrderDate", { type: "string" })))).toBe("VARCHAR");
    expect(storageType(valueKind(column("Level", { type: "number" })))).toBe("DOUBLE");
    expect(valueKind(column("OrderStatus", { values: domain("Open", "Closed") }))).toMatchObject({
      kind: "text",
      values: ["Open", "Closed"],
    });
  });

  it("treats metrics as numbers", () => {
    expect(storageType(valueKind(column("NormalizedUsage", { kind: "metric" })))).toBe("DOUBLE");
    expect(storageType(valueKind(column("CustomerCount", { kind: "metric" })))).toBe("BIGINT");
  });
});

describe("timeColumn", () => {
  const catalog = builtinCatalog("all");
  it.each([
    ["ISVUsage", "UsageDate"],
    ["ISVOrder", "OrderPurchaseDate"],
    ["ISVMarketplaceInsights", "Date"],
    ["OfficeUsage", "Month"],
    ["TeamsUsageMeetingsAndCalls", "DateKey"],
    ["ISVQualityOfService", "StartTime"],
    ["ISVCustomer", "DateAcquired"],
    ["Profile", undefined],
  ])("of %s is %s", (name, expected) => {
    expect(timeColumn(catalog.dataset(name) as DatasetInfo)?.name).toBe(expected);
  });
});
