/**
 * Times in the service's one accepted form, `yyyy-MM-ddTHH:mm:ssZ` (api-facts §3.6), and the
 * corrections offered for the forms people write instead (§5.26: the sample apps' space form).
 */
import type { Applicability } from "../diagnostics/diagnostic.js";
import { utcTime } from "./schemas.js";

/** Whether a value is a valid time in the accepted form (the schema decides). */
export function isServiceTime(value: string): boolean {
  return utcTime.safeParse(value).success;
}

/** A time in the accepted form. */
export function formatServiceTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The accepted form of a time written otherwise, and whether the rewrite keeps its meaning for sure. */
export interface TimeCorrection {
  readonly value: string;
  readonly applicability: Applicability;
}

const PARTS =
  /^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC)?\s*$/i;

/**
 * The accepted form of `value`, or undefined when it is not a time at all. Safe: only the separator
 * or a zero offset changes. Unsafe: a missing zone is taken as UTC, fractions are dropped, a time of
 * day is invented, or another offset is converted.
 */
export function correctTime(value: string): TimeCorrection | undefined {
  const m = PARTS.exec(value);
  if (m === null) return undefined;
  const [, date, hm, seconds, fraction, zone] = m;
  const local = `${date}T${hm ?? "00:00"}:${seconds ?? "00"}`;
  const zero = zone === undefined || /^(z|utc|[+-]00:?00)$/i.test(zone);
  const iso = zero ? `${local}Z` : `${local}${zone?.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")}`;
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return undefined;
  const corrected = formatServiceTime(parsed);
  if (!isServiceTime(corrected) || (corrected.slice(0, 10) !== date && zero)) return undefined;
  const certain =
    zone !== undefined && zero && hm !== undefined && seconds !== undefined && fraction === undefined;
  return { value: corrected, applicability: certain ? "safe" : "unsafe" };
}

/** The earliest accepted `StartTime` for a clock: 4 hours ahead, rounded up to the next whole hour. */
export function earliestStartTime(now: Date, leadHours: number): Date {
  const earliest = new Date(now.getTime() + leadHours * 3_600_000);
  if (earliest.getUTCMinutes() === 0 && earliest.getUTCSeconds() === 0 && earliest.getUTCMilliseconds() === 0)
    return earliest;
  earliest.setUTCMinutes(60, 0, 0);
  return earliest;
}
