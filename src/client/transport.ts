/**
 * Sending with retries and cancellation: one attempt after another until an answer that is not
 * transient, the retries run out, or the signal aborts. The fetch function is injected, so the
 * emulator's fetch-style handler serves as well as the network.
 */
import { NetworkError, TimeoutError } from "./errors.js";
import { ProxiedFetchError } from "./proxy.js";
import {
  backoffDelay,
  DEFAULT_RETRY,
  isRetryable,
  parseRetryAfter,
  type RetryOptions,
  retryAfterTooLong,
} from "./retry.js";

/** `fetch`, or anything that answers a `Request` (the emulator's handler). */
export type FetchLike = (request: Request) => Promise<Response>;

/** Time, injected so tests need not wait. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The longest delay `setTimeout` keeps (2^31 - 1 ms, about 24.8 days): Node runs a longer one after
 * 1 ms, with a warning. A time limit past it is none; a sleep past it is cut to it.
 */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export const REAL_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", abort);
          resolve();
        },
        Math.min(ms, LONGEST_TIMER_MS),
      );
      const abort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", abort, { once: true });
    }),
};

/** A promise that rejects with the signal's reason as soon as it aborts (a handler may not watch it). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

/** What one attempt gave: a final result, or a transient status to retry on. */
export type Attempt<T> =
  | { readonly kind: "done"; readonly value: T }
  | {
      readonly kind: "transient";
      readonly status: number;
      readonly retryAfter: string | null;
      /** The failure to throw once no retry follows; `waitTooLong`: `Retry-After` is above the policy's. */
      readonly fail: (waitTooLong: boolean) => T;
    };

export interface SendContext {
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly retry: RetryOptions;
  /** The longest an attempt waits for its answer, in milliseconds (0: no limit). */
  readonly timeoutMs?: number;
}

/** The default of `timeoutMs`: a minute per attempt, far above any answer of the report APIs. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Whether `ms` is a time limit a timer can keep (0, NaN, and limits past a timer's are none). */
export function isTimeLimit(ms: number): boolean {
  return ms > 0 && ms <= LONGEST_TIMER_MS;
}

/**
 * One attempt's time limit: its signal aborts `timeoutMs` after `start()`. Real time (not the
 * injected clock): a hung connection is, and a test's instant clock must not time every attempt out.
 */
function attemptTimer(timeoutMs: number) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    signal: controller.signal,
    start() {
      if (isTimeLimit(timeoutMs)) timer = setTimeout(() => controller.abort(), timeoutMs);
    },
    fired: () => controller.signal.aborted,
    clear: () => clearTimeout(timer),
  };
}

function systemCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause)
    if ("code" in e && typeof e.code === "string") return e.code;
  return undefined;
}

/**
 * Sends `build(signal)` until `judge` accepts the answer. A network error becomes a `NetworkError`,
 * an attempt without an answer within `timeoutMs` a `TimeoutError` (both retried as transient); the
 * caller's signal rejects with its reason, at once, whatever the attempt or the wait, and is never
 * taken for a timeout. The signal given to `build` is the attempt's: the request must carry it, so
 * a timeout also drops the connection.
 */
export async function send<T>(
  context: SendContext,
  operationId: string,
  build: (signal: AbortSignal) => Promise<Request>,
  judge: (response: Response) => Promise<Attempt<T>>,
  signal: AbortSignal | undefined,
  /** The URL as errors show it (a signed link without its signature). */
  shownUrl: (url: string) => string = (url) => url,
): Promise<T> {
  const retries = context.retry.retries ?? DEFAULT_RETRY.retries;
  const timeoutMs = context.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    const timer = attemptTimer(timeoutMs);
    const attemptSignal = signal === undefined ? timer.signal : AbortSignal.any([signal, timer.signal]);
    const request = await build(attemptSignal);
    let outcome: Attempt<T> | NetworkError | TimeoutError;
    timer.start();
    try {
      const response = await abortable(context.fetch(request), attemptSignal);
      outcome = await abortable(judge(response), attemptSignal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timer.fired()) outcome = new TimeoutError(operationId, shownUrl(request.url), timeoutMs);
      else if (!(error instanceof TypeError) && systemCode(error) === undefined) throw error;
      else
        outcome = new NetworkError(shownUrl(request.url), systemCode(error), {
          cause: error,
          ...(error instanceof ProxiedFetchError && { proxy: error.proxy }),
        });
    } finally {
      timer.clear();
    }
    const unanswered =
      outcome instanceof NetworkError || outcome instanceof TimeoutError ? outcome : undefined;
    const answered = unanswered === undefined ? (outcome as Attempt<T>) : undefined;
    if (answered?.kind === "done") return answered.value;
    const status = answered?.status;
    const retryAfter = parseRetryAfter(answered?.retryAfter ?? null, context.clock.now());
    const retryable = attempt < retries && isRetryable(request.method, status, context.retry);
    const waitTooLong = retryable && retryAfterTooLong(retryAfter, context.retry);
    if (!retryable || waitTooLong) {
      if (answered === undefined) throw unanswered;
      return answered.fail(waitTooLong);
    }
    const delayMs = backoffDelay(attempt + 1, context.retry, retryAfter);
    context.retry.onRetry?.({
      operationId,
      attempt: attempt + 1,
      delayMs,
      ...(status !== undefined && { status }),
      ...(unanswered !== undefined && { error: unanswered }),
    });
    await context.clock.sleep(delayMs, signal);
  }
}
