/**
 * The date window a TIMESPAN selects, relative to a clock reading. All in UTC.
 *
 * The documentation names the periods but does not define their edges; the emulator's reading:
 * - `TODAY` is the current UTC day; `YESTERDAY` the day before.
 * - `LAST_N_DAYS` is the N whole days before today (today excluded: the service's data arrives daily).
 * - `LAST_MONTH`, `LAST_3_MONTHS`, `LAST_6_MONTHS`, `LAST_1_YEAR` are whole calendar months before
 *   the current one (1, 3, 6, 12): the month-grained datasets (`Month`, `MonthStartDate`) line up,
 *   and the list has `LAST_30_DAYS` beside `LAST_MONTH`, so the two are not the same thing.
 * - `LIFETIME` has no start and ends now.
 * `QueryStartTime`/`QueryEndTime` (ExecuteNow) and `startTime`/`endTime` (try query) replace the
 * period by the given instants, both included.
 */
import type { TimespanValue } from "../semantic/resolve.js";

/** `start <= t < end`, or `start <= t <= end` when `endInclusive`; no start means unbounded. */
export interface TimeWindow {
  readonly start: Date | undefined;
  readonly end: Date;
  readonly endInclusive: boolean;
}

const DAY_MS = 86_400_000;

const DAYS: Partial<Record<TimespanValue, number>> = {
  LAST_7_DAYS: 7,
  LAST_14_DAYS: 14,
  LAST_30_DAYS: 30,
  LAST_90_DAYS: 90,
  LAST_180_DAYS: 180,
  LAST_365_DAYS: 365,
};

const MONTHS: Partial<Record<TimespanValue, number>> = {
  LAST_MONTH: 1,
  LAST_3_MONTHS: 3,
  LAST_6_MONTHS: 6,
  LAST_1_YEAR: 12,
};

/** Midnight UTC of the day `now` falls in. */
export function startOfDay(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
}

/** The window of a TIMESPAN value at the instant `now`. */
export function timespanWindow(value: TimespanValue, now: Date): TimeWindow {
  const today = startOfDay(now);
  const daysBack = (n: number) => new Date(today.getTime() - n * DAY_MS);
  if (value === "LIFETIME") return { start: undefined, end: now, endInclusive: true };
  if (value === "TODAY") return { start: today, end: daysBack(-1), endInclusive: false };
  if (value === "YESTERDAY") return { start: daysBack(1), end: today, endInclusive: false };
  const days = DAYS[value];
  if (days !== undefined) return { start: daysBack(days), end: today, endInclusive: false };
  const months = MONTHS[value] ?? 6;
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return { start, end: monthStart, endInclusive: false };
}

/** An explicit window (`QueryStartTime`/`QueryEndTime`), both ends included. */
export function explicitWindow(start: Date, end: Date): TimeWindow {
  return { start, end, endInclusive: true };
}

/** `2024-05-01 00:00:00.000`: the form the engine reads as a TIMESTAMP. */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}
