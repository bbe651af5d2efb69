/**
 * Waiting for a report's execution: the latest execution in any status, polled until it completes.
 * The service answers 404 until an execution exists (and, with its default filters, until one has
 * completed): that is "not yet", never an error.
 */
import { EXECUTION_STATUSES } from "../api/facts.js";
import { ApiError, ExecutionFailedError, WaitTimeoutError } from "./errors.js";
import type { Clock } from "./transport.js";
import type { Execution, Operations } from "./types.js";

export interface WaitOptions {
  readonly signal?: AbortSignal;
  /** Between two polls, in milliseconds (default 5,000). */
  readonly pollInterval?: number;
  /** Give up after this many milliseconds (default: never). */
  readonly timeout?: number;
  /** Told after each poll. */
  readonly onProgress?: (progress: WaitProgress) => void;
}

export interface WaitProgress {
  readonly reportId: string;
  /** The execution's status, or `NotStarted` while the service answers 404. */
  readonly status: string;
  readonly polls: number;
  readonly elapsedMs: number;
}

/** Statuses that mean "keep waiting". */
const WAITING = new Set(["Pending", "Running", "Paused"]);

export async function waitForExecution(
  client: Pick<Operations, "getExecutions">,
  clock: Clock,
  reportId: string,
  options: WaitOptions = {},
): Promise<Execution> {
  let last: string | undefined;
  // The timeout also bounds a poll in flight: a service that never answers must not hold the wait
  // (and the process) past it. Real time, as a hung connection is.
  const deadline = new AbortController();
  const timer =
    options.timeout === undefined ? undefined : setTimeout(() => deadline.abort(), options.timeout);
  const signal =
    options.signal === undefined ? deadline.signal : AbortSignal.any([options.signal, deadline.signal]);
  try {
    return await poll(client, clock, reportId, { ...options, signal }, (status) => {
      last = status;
    });
  } catch (error) {
    if (deadline.signal.aborted && !options.signal?.aborted)
      throw new WaitTimeoutError(reportId, last, options.timeout ?? 0);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function poll(
  client: Pick<Operations, "getExecutions">,
  clock: Clock,
  reportId: string,
  options: WaitOptions & { readonly signal: AbortSignal },
  seen: (status: string) => void,
): Promise<Execution> {
  const started = clock.now();
  const interval = options.pollInterval ?? 5_000;
  let last: string | undefined;
  for (let polls = 1; ; polls++) {
    const execution = await latest(client, reportId, options.signal);
    last = execution?.executionStatus ?? last;
    if (last !== undefined) seen(last);
    const status = execution?.executionStatus ?? "NotStarted";
    options.onProgress?.({ reportId, status, polls, elapsedMs: clock.now() - started });
    if (execution?.executionStatus === "Completed") {
      // A run that failed: the documented statuses have no failed one, so it ends Completed, no file.
      if (!execution.reportAccessSecureLink)
        throw new ExecutionFailedError(reportId, "Completed", "without a report file: the run failed");
      return execution;
    }
    if (execution !== undefined && !WAITING.has(execution.executionStatus))
      throw new ExecutionFailedError(reportId, execution.executionStatus);
    const left = options.timeout === undefined ? interval : options.timeout - (clock.now() - started);
    if (left <= 0) throw new WaitTimeoutError(reportId, last, options.timeout ?? 0);
    await clock.sleep(Math.min(interval, left), options.signal);
  }
}

async function latest(
  client: Pick<Operations, "getExecutions">,
  reportId: string,
  signal: AbortSignal | undefined,
): Promise<Execution | undefined> {
  try {
    const answer = await client.getExecutions(
      { reportId, executionStatus: EXECUTION_STATUSES, getLatestExecution: true },
      { ...(signal !== undefined && { signal }) },
    );
    return answer.value[0];
  } catch (error) {
    // The service's 404 says so in its envelope; a bare 404 (a web server's page, a path that is no
    // report API) would never turn into an execution, so it is not waited on.
    if (error instanceof ApiError && error.status === 404 && error.serviceMessage !== undefined)
      return undefined;
    throw error;
  }
}
