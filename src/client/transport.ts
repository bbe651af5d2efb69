/**
 * Sending with retries and cancellation: one attempt after another until an answer that is not
 * transient, the retries run out, or the signal aborts. The fetch function is injected, so the
 * emulator's fetch-style handler serves as well as the network.
 */
import { NetworkError } from "./errors.js";
import { backoffDelay, DEFAULT_RETRY, isRetryable, parseRetryAfter, type RetryOptions } from "./retry.js";

/** `fetch`, or anything that answers a `Request` (the emulator's handler). */
export type FetchLike = (request: Request) => Promise<Response>;

/** Time, injected so tests need not wait. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const REAL_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", abort);
        resolve();
      }, ms);
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
      readonly fail: () => T;
    };

export interface SendContext {
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly retry: RetryOptions;
}

function systemCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause)
    if ("code" in e && typeof e.code === "string") return e.code;
  return undefined;
}

/**
 * Sends `build()` until `judge` accepts the answer. A network error becomes a `NetworkError`; the
 * signal's abort rejects with its reason, at once, whatever the attempt or the wait.
 */
export async function send<T>(
  context: SendContext,
  operationId: string,
  build: () => Promise<Request>,
  judge: (response: Response) => Promise<Attempt<T>>,
  signal: AbortSignal | undefined,
  /** The URL as errors show it (a signed link without its signature). */
  shownUrl: (url: string) => string = (url) => url,
): Promise<T> {
  const retries = context.retry.retries ?? DEFAULT_RETRY.retries;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    const request = await build();
    let outcome: Attempt<T> | NetworkError;
    try {
      const response = await abortable(context.fetch(request), signal);
      outcome = await abortable(judge(response), signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!(error instanceof TypeError) && systemCode(error) === undefined) throw error;
      outcome = new NetworkError(shownUrl(request.url), systemCode(error), { cause: error });
    }
    if (!(outcome instanceof NetworkError) && outcome.kind === "done") return outcome.value;
    const status = outcome instanceof NetworkError ? undefined : outcome.status;
    const last = attempt >= retries || !isRetryable(request.method, status, context.retry);
    if (last) {
      if (outcome instanceof NetworkError) throw outcome;
      return outcome.fail();
    }
    const retryAfter =
      outcome instanceof NetworkError ? undefined : parseRetryAfter(outcome.retryAfter, context.clock.now());
    const delayMs = backoffDelay(attempt + 1, context.retry, retryAfter);
    context.retry.onRetry?.({
      operationId,
      attempt: attempt + 1,
      delayMs,
      ...(status !== undefined && { status }),
      ...(outcome instanceof NetworkError && { error: outcome }),
    });
    await context.clock.sleep(delayMs, signal);
  }
}
