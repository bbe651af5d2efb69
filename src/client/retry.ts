/**
 * When to retry and how long to wait: exponential backoff with full jitter (a uniformly random wait
 * between 0 and the exponential bound, so clients that failed together do not retry together), never
 * more than the cap, and never less than the service's `Retry-After`. A `Retry-After` above
 * `maxRetryAfterMs` is not waited at all: retrying before the time the service named only earns
 * another 429, so the call fails at once with the time to come back (`RateLimitError`).
 */

/** The retry policy. */
export interface RetryOptions {
  /** Retries after the first attempt (default 4; 0 turns retries off). */
  readonly retries?: number;
  /** The first backoff bound in milliseconds (default 500); it doubles with each retry. */
  readonly baseDelayMs?: number;
  /** The longest backoff in milliseconds (default 30,000). */
  readonly maxDelayMs?: number;
  /**
   * The longest `Retry-After` honoured, in milliseconds (default 60,000): a longer one stops the
   * retries and fails the call with a `RateLimitError` carrying `retryAfterMs`, for the caller to
   * schedule. 0 never waits on `Retry-After`.
   */
  readonly maxRetryAfterMs?: number;
  /**
   * Whether creates (POST) are retried: `false` by default, since a create the service received
   * before the connection broke would be made twice; `"throttled"` retries only a 429 (a throttled
   * request was not processed); `true` retries them as any other request.
   */
  readonly creates?: boolean | "throttled";
  /** Told before each retry (progress output). */
  readonly onRetry?: (event: RetryEvent) => void;
  /** The random source of the jitter, in [0, 1) (tests). */
  readonly random?: () => number;
}

export interface RetryEvent {
  readonly operationId: string;
  /** 1 for the first retry. */
  readonly attempt: number;
  readonly delayMs: number;
  /** The status that caused it, or undefined for a network error. */
  readonly status?: number;
  readonly error?: Error;
}

export const DEFAULT_RETRY = {
  retries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
} as const;

/** Statuses worth another try: throttling and the server's transient failures. */
const TRANSIENT = new Set([408, 429, 500, 502, 503, 504]);

/** Whether a failure may be retried: a transient status (or none: a network error) of a retryable method. */
export function isRetryable(method: string, status: number | undefined, options: RetryOptions): boolean {
  if (status !== undefined && !TRANSIENT.has(status)) return false;
  if (method.toUpperCase() !== "POST") return true;
  return options.creates === true || (options.creates === "throttled" && status === 429);
}

/**
 * The wait before retry `attempt` (1-based): full jitter within the cap, and at least `Retry-After`
 * (itself at most `maxRetryAfterMs`: the caller stops retrying on a longer one, `retryAfterTooLong`).
 */
export function backoffDelay(attempt: number, options: RetryOptions, retryAfterMs?: number): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const cap = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const bound = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const jitter = Math.floor((options.random ?? Math.random)() * bound);
  const asked = Math.min(retryAfterMs ?? 0, maxRetryAfter(options));
  return Math.max(jitter, asked);
}

function maxRetryAfter(options: RetryOptions): number {
  return options.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs;
}

/** Whether the service asked to wait longer than the policy waits: the call then fails at once. */
export function retryAfterTooLong(retryAfterMs: number | undefined, options: RetryOptions): boolean {
  return retryAfterMs !== undefined && retryAfterMs > maxRetryAfter(options);
}

/** The last moment a `Date` holds (ECMAScript's limit), in milliseconds. */
const LAST_DATE_MS = 8.64e15;

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable.
 * Two headers that `fetch` joined (`120, 120`) are read as the first. A date must start with its
 * day's name, as all three HTTP forms do: `Date.parse` alone takes `1.5` for 2001 and `3600, 10` for
 * the year 3600. A wait past the last date a `Date` holds is unreadable (it made the error's time to
 * come back an invalid date, whose text threw).
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  const seconds = /^(\d+)(\s*,\s*\d+)*$/.exec(value)?.[1];
  if (seconds !== undefined) {
    const ms = Number(seconds) * 1000;
    return nowMs + ms <= LAST_DATE_MS ? ms : undefined;
  }
  if (!/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
