/**
 * Issue 12's fidelity behaviour beyond the accepted-query corpus (`accepted.test.ts`).
 *
 * What it holds, all under the default settings:
 * - a name known only from the data definitions is reported as `info` (RQ2003), never a warning;
 * - a name a newer source dropped (TrainingCompletions.AADUserId) is reported as `info`, and the
 *   published system query that still selects it keeps its verdict (no warning);
 * - a dataset that publishes no TIMESPAN ranges (Profile) gets no advice to add `TIMESPAN LAST_6_MONTHS`;
 * - a literal outside an exhaustive value domain is a warning naming the value, with did-you-mean;
 *   values in the domain, in any case, are quiet; a non-exhaustive domain never flags a value.
 */
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/semantic/catalog.js";
import { check } from "../../src/semantic/check.js";
import { ACCEPTED } from "./accepted.js";

const loud = (text: string) =>
  check(text)
    .diagnostics.filter((d) => d.severity === "error" || d.severity === "warning")
    .map((d) => `${d.code} ${d.severity} ${d.message}`);

const timespanFor = (dataset: string) => {
  const d = builtinCatalog("all").dataset(dataset);
  const ranges = d?.dateRanges;
  if (d?.timespans === "none-published") return "";
  return ranges === null || ranges === undefined || ranges.includes("LAST_6_MONTHS")
    ? " TIMESPAN LAST_6_MONTHS"
    : ` TIMESPAN ${ranges[0]}`;
};

describe("issue 12: calibrated verdicts", () => {
  it("accepted queries stay clean", () => {
    for (const entry of ACCEPTED) expect(loud(entry.query), entry.id).toEqual([]);
  });

  it("a definitions-only name is an info, not a warning", () => {
    const catalog = builtinCatalog("all");
    let checked = 0;
    for (const dataset of catalog.datasets) {
      for (const column of dataset.columns.filter((c) => c.definitionsOnly)) {
        const text = `SELECT ${column.name} FROM ${dataset.name}${timespanFor(dataset.name)}`;
        expect(loud(text), text).toEqual([]);
        const infos = check(text).diagnostics.filter((d) => d.code === "RQ2003");
        expect(
          infos.map((d) => d.severity),
          text,
        ).toEqual(["info"]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("a dropped name is an info, and the documented system query keeps its clean verdict", () => {
    const text =
      "SELECT TrainingActivityId,TrainingTitle,TrainingType,AADUserId,TrainingCompletionDate,Month,IcMCP,MCPID,MPNID,PartnerName,PartnerCityLocation,PartnerCountryLocation FROM TrainingCompletions TIMESPAN LAST_6_MONTHS";
    expect(loud(text)).toEqual([]);
    const about = check(text).diagnostics.filter((d) => d.message.includes("AADUserId"));
    expect(about.map((d) => d.severity)).toEqual(["info"]);
    // Profile's HierarchyLevel became AccountType in the current data definitions.
    const profile = "SELECT MpnId,PartnerName,PGA_MPNId,PGA_PartnerName,City,Country,HierarchyLevel FROM Profile";
    expect(loud(profile)).toEqual([]);
    const hierarchy = check(profile).diagnostics.filter((d) => d.message.includes("HierarchyLevel"));
    expect(hierarchy.map((d) => d.severity)).toEqual(["info"]);
  });

  it("no TIMESPAN advice for a dataset that publishes no ranges", () => {
    const result = check("SELECT MpnId, PartnerName FROM Profile");
    expect(result.diagnostics.filter((d) => d.code === "RQ2015")).toEqual([]);
    const fixes = result.diagnostics.flatMap((d) => d.fixes ?? []).map((f) => f.title);
    expect(fixes.filter((t) => t.includes("LAST_6_MONTHS"))).toEqual([]);
  });

  it("flags the FAQ's empty-report filters, with did-you-mean", () => {
    const pga = loud(
      "SELECT CustomerTenantId, CustomerTpId, WorkloadName, Month, MonthlyActiveUsers FROM OfficeUsage WHERE IsDuplicateRowForPGA = 'False' ORDER BY CustomerTenantId DESC TIMESPAN LAST_6_MONTHS",
    );
    expect(pga.some((m) => m.includes("warning") && m.includes("False"))).toBe(true);
    const paided = loud(
      "SELECT UsageDate, NormalizedUsage, EstimatedExtendedChargePC FROM ISVUsage WHERE SKUBillingType = 'Paided' ORDER BY UsageDate DESC TIMESPAN LAST_MONTH",
    );
    expect(paided.some((m) => m.includes("warning") && m.includes("Paided") && m.includes("Paid"))).toBe(true);
    const inList = loud(
      "SELECT UsageDate FROM ISVUsage WHERE MarketplaceLicenseType NOT IN ('Billed Through Azure', 'Bring Your Own Licence') TIMESPAN LAST_MONTH",
    );
    expect(inList.some((m) => m.includes("Bring Your Own Licence"))).toBe(true);
  });

  it("keeps values of the domain quiet, whatever their case, and never judges a non-exhaustive domain", () => {
    for (const text of [
      "SELECT UsageDate FROM ISVUsage WHERE SKUBillingType = 'paid' TIMESPAN LAST_MONTH",
      "SELECT UsageDate FROM ISVUsage WHERE SKUBillingType IN ('Paid', 'FREE') TIMESPAN LAST_MONTH",
      "SELECT CustomerTenantId FROM OfficeUsage WHERE IsDuplicateRowForPGA = 0 TIMESPAN LAST_6_MONTHS",
      "SELECT CustomerTenantId FROM OfficeUsage WHERE IsDuplicateRowForPGA = '1' TIMESPAN LAST_6_MONTHS",
      "SELECT OrderId FROM ISVOrder WHERE OrderStatus != 'Active' TIMESPAN LAST_MONTH",
      "SELECT SubscriptionId FROM DynamicsUsage WHERE FreeVsPaidSKU = 'Trial' TIMESPAN LAST_6_MONTHS",
      "SELECT DateAcquired, CustomerCompanyName, CustomerId FROM ISVCustomer WHERE IsActive = 1",
    ]) {
      expect(loud(text), text).toEqual([]);
    }
  });
});
