/**
 * The TIMESPAN rules: the value must be one of the 13 documented periods (with suggestions for periods
 * written another way, such as `LAST_12_MONTHS` or `LAST 6 MONTHS`), and one the dataset offers.
 */

import { singleEditFix, wordSafeFix } from "../diagnostics/make.js";
import type * as Ast from "../syntax/ast.js";
import { TIMESPAN_VALUES } from "../syntax/language.js";
import { emptySpan } from "../text/span.js";
import { CheckContext, replaceFixes } from "./check-context.js";
import { closestNames } from "./suggest.js";

export const TIMESPANS = new Set(TIMESPAN_VALUES);

/** Lengths in days of the TIMESPAN values that are a period ending now, and the unit each is written in. */
const PERIODS: readonly { value: string; days: number; unit: "day" | "month" }[] = [
  { value: "LAST_7_DAYS", days: 7, unit: "day" },
  { value: "LAST_14_DAYS", days: 14, unit: "day" },
  { value: "LAST_30_DAYS", days: 30, unit: "day" },
  { value: "LAST_90_DAYS", days: 90, unit: "day" },
  { value: "LAST_180_DAYS", days: 180, unit: "day" },
  { value: "LAST_365_DAYS", days: 365, unit: "day" },
  { value: "LAST_MONTH", days: 30, unit: "month" },
  { value: "LAST_3_MONTHS", days: 91, unit: "month" },
  { value: "LAST_6_MONTHS", days: 182, unit: "month" },
  { value: "LAST_1_YEAR", days: 365, unit: "month" },
];

const DAYS_PER_UNIT: Readonly<Record<string, number>> = { DAY: 1, WEEK: 7, MONTH: 30.4, YEAR: 365 };

/**
 * The TIMESPAN value closest in length to a period written another way (`LAST_12_MONTHS`,
 * `LAST_2_WEEKS`), in the same kind of unit when there is a tie: edit distance alone would offer
 * `LAST_3_MONTHS` for `LAST_12_MONTHS`.
 */
function samePeriod(written: string): string[] {
  const match = /^LAST_(?:(\d+)_)?(DAY|WEEK|MONTH|YEAR)S?$/.exec(written);
  if (match === null) return [];
  const unit = match[2] as string;
  const days = Number(match[1] ?? "1") * (DAYS_PER_UNIT[unit] ?? 1);
  // Longer than any period: all the history there is.
  if (days > 400) return ["LIFETIME"];
  const family = unit === "DAY" || unit === "WEEK" ? "day" : "month";
  const distance = (p: (typeof PERIODS)[number]) => Math.abs(Math.log(p.days / days));
  const best = [...PERIODS].sort(
    (a, b) => distance(a) - distance(b) || Number(b.unit === family) - Number(a.unit === family),
  )[0];
  return best === undefined || distance(best) > Math.log(1.5) ? [] : [best.value];
}

export class TimespanRules extends CheckContext {
  protected checkTimespan(): void {
    const clause = this.query.timespan;
    if (clause === undefined) {
      // A snapshot dataset that publishes no ranges (Profile) is not advised a period it may not offer.
      const noRanges = this.dataset?.timespans === "none-published";
      if (this.query.select !== undefined && this.query.from !== undefined && !this.uncertain && !noRanges) {
        const end = this.query.clauses[this.query.clauses.length - 1]?.span.end ?? this.query.span.end;
        this.report(
          "RQ2015",
          emptySpan(end),
          {},
          {
            fixes: [
              wordSafeFix(
                this.text,
                "Add `TIMESPAN LAST_6_MONTHS`",
                "unsafe",
                emptySpan(end),
                " TIMESPAN LAST_6_MONTHS",
              ),
            ],
          },
        );
      }
      return;
    }
    const value = clause.value;
    if (value === undefined) return;
    if (value.kind !== "Identifier") {
      const inner = value.kind === "StringLiteral" ? value.value.trim().toUpperCase() : value.raw;
      const fixes = TIMESPANS.has(inner)
        ? [singleEditFix(`Write \`${inner}\``, "safe", value.span, inner)]
        : [];
      if (TIMESPANS.has(inner)) this.report("RQ2017", value.span, { value: inner }, { fixes });
      else this.reportVariant("RQ2017", "anyPeriod", value.span, {});
      return;
    }
    const upper = value.name.toUpperCase();
    if (!TIMESPANS.has(upper)) {
      if (this.reportSpacedTimespan(value, upper)) return;
      // Only periods the dataset offers are suggested (`LAST_12_MONTHS` on ISVOrder: not `LAST_1_YEAR`).
      const offered = this.dataset?.dateRanges ?? TIMESPAN_VALUES;
      const byPeriod = samePeriod(upper).filter((n) => offered.includes(n));
      const suggestions = [
        ...byPeriod,
        ...closestNames(value.name, offered).filter((n) => !byPeriod.includes(n)),
      ].slice(0, 3);
      const extras = { fixes: replaceFixes(value, suggestions) };
      if (suggestions.length > 0)
        this.reportVariant("RQ2006", "didYouMean", value.span, { value: value.name, suggestions }, extras);
      else this.report("RQ2006", value.span, { value: value.name, allowed: offered, suggestions }, extras);
      return;
    }
    const ranges = this.dataset?.dateRanges;
    if (this.dataset !== undefined && ranges !== null && ranges !== undefined && !ranges.includes(upper)) {
      this.report("RQ2007", value.span, {
        dataset: this.dataset.name,
        value: value.name,
        ranges: [...ranges],
      });
    }
  }

  /** `LAST 6 MONTHS`: the value written with spaces; the underscores make it one word. */
  protected reportSpacedTimespan(value: Ast.Identifier, upper: string): boolean {
    const rest = /^(?:[ \t]+(\d+))?[ \t]+(DAYS?|MONTHS?|YEARS?)\b/i.exec(this.text.slice(value.span.end));
    if (rest === null) return false;
    const candidate = `${upper}${rest[1] ? `_${rest[1]}` : ""}_${(rest[2] as string).toUpperCase()}`;
    if (!TIMESPANS.has(candidate)) return false;
    const span = { start: value.span.start, end: value.span.end + rest[0].length };
    this.reportVariant(
      "RQ2006",
      "didYouMean",
      span,
      { value: this.slice({ span }), suggestions: [candidate] },
      { fixes: [singleEditFix(`Write \`${candidate}\``, "safe", span, candidate)] },
    );
    return true;
  }
}
