/** Hover and code actions, data-driven with cursor markers. */
import { describe, expect, it } from "vitest";
import { check } from "../../src/semantic/check.js";
import { codeActions, formattingEdits } from "../../src/services/actions.js";
import { hover } from "../../src/services/hover.js";
import { withCursor } from "../helpers/markers.js";

const HOVERS: readonly [string, RegExp | undefined][] = [
  ["SEL<|>ECT OrderId FROM ISVOrder", /^\*\*SELECT\*\* \(keyword\)/],
  ["SELECT OrderId FROM ISVOrder ORDER BY OrderId DE<|>SC", /sorts? descending|Sort descending/],
  [
    "SELECT OrderId FROM ISVOrder WHERE a = 1 O<|>R b = 2",
    /SQL word the language does not have.*\n\nNot supported/s,
  ],
  [
    "SELECT OrderId FROM ISV<|>Order",
    /^\*\*ISVOrder\*\* \(dataset, marketplace\).*TIMESPAN values: LAST_MONTH, LAST_3_MONTHS, LAST_6_MONTHS, LIFETIME\./s,
  ],
  ["SELECT Normalized<|>Usage FROM ISVUsage", /^\*\*NormalizedUsage\*\* \(metric of ISVUsage\)\n\nA metric/],
  [
    "SELECT Industry<|>Name FROM CustomersAndTenants",
    /Seen in the data definitions \(download report\)\.\n\nListed only in the data definitions: not confirmed selectable\./,
  ],
  [
    "SELECT UsageDate FROM ISVUsage WHERE SKUBilling<|>Type = 'Paid'",
    /Values: `Free`, `Paid`, in any case\./,
  ],
  ["SELECT MpnId, Hierarchy<|>Level FROM Profile", /No longer listed in the newest documentation/],
  [
    "SELECT OrderId FROM ISVOrder TIMESPAN LAST_1_<|>YEAR",
    /exports the last 1 year\.\n\nISVOrder does not offer it; it offers LAST_MONTH/,
  ],
  [
    "SELECT OrderId FROM ISVOrder TIMESPAN LAST_<|>MONTH",
    /exports the last calendar month\.\n\nISVOrder offers it\./,
  ],
  ["SELECT Nope<|> FROM ISVOrder", undefined],
  ["SELECT Month, Grou<|>p FROM X", undefined],
  ["<|>", undefined],
];

describe("hover", () => {
  for (const [marked, expected] of HOVERS) {
    it(marked, () => {
      const { text, offset } = withCursor(marked);
      const result = hover(text, offset);
      if (expected === undefined) expect(result).toBeUndefined();
      else expect(result?.contents).toMatch(expected);
    });
  }
});

describe("code actions", () => {
  it("offers the fixes of the diagnostics under the range, safe ones preferred", () => {
    const text = "SELECT OrderId, OfferNmae FROM ISVOrder WHERE OrderStatus = ‘Active’ TIMESPAN LAST_MONTH";
    const diagnostics = check(text).diagnostics;
    const atName = codeActions(diagnostics, { start: 18, end: 18 });
    expect(atName.map((a) => [a.title, a.preferred])).toEqual([["Write `OfferName` (RQ2002)", false]]);
    const atQuote = codeActions(diagnostics, { start: 62, end: 62 });
    expect(atQuote.map((a) => [a.title, a.preferred])).toEqual([["Use ASCII single quotes (RQ1002)", true]]);
  });

  it("formats a document with one edit, or none when it is formatted", () => {
    expect(formattingEdits("select a from b")).toEqual([
      { span: { start: 0, end: 15 }, newText: "SELECT a\nFROM b\n" },
    ]);
    expect(formattingEdits("SELECT a\nFROM b\n")).toEqual([]);
  });
});
