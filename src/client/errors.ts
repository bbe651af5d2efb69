/**
 * The client's errors. A client API throws on failure (the JavaScript convention); each failure is one
 * class with the facts a caller needs to decide what to do, so the CLI can turn it into a message and
 * an exit code without parsing text.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** Every error the client raises (besides the signal's own reason on cancellation). */
export class ClientError extends Error {
  override readonly name: string = "ClientError";
}

/**
 * The request failed the contract or the query checker before it was sent: nothing was sent.
 * `diagnostics` are in the offsets of `requestText`, the request written as a `.http` request (the
 * token replaced), so `reportql check` on that text reports the same.
 */
export class RequestRejectedError extends ClientError {
  override readonly name = "RequestRejectedError";
  constructor(
    readonly operationId: string,
    readonly diagnostics: readonly Diagnostic[],
    readonly requestText: string,
  ) {
    const [first] = diagnostics;
    super(
      `${operationId}: not sent, the request has ${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"}` +
        (first === undefined ? "" : ` (${first.code}: ${first.message})`),
    );
  }
}

/** The service answered with an error: an HTTP error status, or an error envelope inside a 200. */
export class ApiError extends ClientError {
  override readonly name = "ApiError";
  constructor(
    readonly operationId: string,
    /** The status that counts: the envelope's `statusCode` when it says error inside a 200. */
    readonly status: number,
    readonly httpStatus: number,
    /** The service's `message`, when it gave one. */
    readonly serviceMessage: string | undefined,
    /** How long the service asked to wait (`Retry-After`), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(`${operationId}: ${status}${serviceMessage ? ` ${serviceMessage}` : ""}`);
  }
}

/** No answer at all: the endpoint is unreachable (refused, DNS, TLS, reset). */
export class NetworkError extends ClientError {
  override readonly name = "NetworkError";
  constructor(
    readonly url: string,
    /** The system error code when there is one (`ECONNREFUSED`, `ENOTFOUND`). */
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`cannot reach ${url}${code ? ` (${code})` : ""}`, options);
  }
}

/** The answer was not the service's JSON envelope (a proxy's HTML page, a truncated body). */
export class ResponseFormatError extends ClientError {
  override readonly name = "ResponseFormatError";
  constructor(
    readonly operationId: string,
    readonly httpStatus: number,
    readonly excerpt: string,
  ) {
    super(`${operationId}: the answer (HTTP ${httpStatus}) is not the service's JSON envelope`);
  }
}

/** A report file's secure link has expired (or is not valid): fetch the execution again for a new one. */
export class LinkExpiredError extends ClientError {
  override readonly name = "LinkExpiredError";
  constructor(readonly executionId: string | undefined) {
    super(
      "The report's download link has expired or is no longer valid; get the execution again " +
        "(getExecutions or waitForExecution) for a fresh link",
    );
  }
}

/**
 * The report file's download broke off before its end (the connection was cut, the link expired
 * mid-way, or the file is not the gzip it starts as): the rows or bytes read so far are not the whole
 * file. Get the execution again and download it again.
 */
export class DownloadInterruptedError extends ClientError {
  override readonly name = "DownloadInterruptedError";
  constructor(
    readonly executionId: string | undefined,
    /** The bytes received from the link before it broke off. */
    readonly receivedBytes: number,
    options?: { cause?: unknown },
  ) {
    super(
      `the download of execution ${executionId ?? "(no id)"} broke off after ${receivedBytes} bytes, ` +
        "so the file is incomplete; get the execution again (getExecutions) and download it again",
      options,
    );
  }
}

/** `waitForExecution` gave up: its timeout passed before the execution completed. */
export class WaitTimeoutError extends ClientError {
  override readonly name = "WaitTimeoutError";
  constructor(
    readonly reportId: string,
    readonly lastStatus: string | undefined,
    readonly timeoutMs: number,
  ) {
    super(
      `report ${reportId}: no completed execution after ${Math.round(timeoutMs / 1000)} s` +
        ` (last status: ${lastStatus ?? "none yet"})`,
    );
  }
}

/** The execution ended without a report (a status other than the waiting ones and Completed). */
export class ExecutionFailedError extends ClientError {
  override readonly name = "ExecutionFailedError";
  constructor(
    readonly reportId: string,
    readonly status: string,
    /** What else is known, such as a Completed run without a file. */
    readonly detail?: string,
  ) {
    super(`report ${reportId}: the execution ended as ${status}${detail === undefined ? "" : ` ${detail}`}`);
  }
}

/** An optional package the call needs is not installed. */
export class MissingPackageError extends ClientError {
  override readonly name = "MissingPackageError";
  constructor(readonly packageName: string) {
    super(`this needs the package ${packageName}: npm install ${packageName}`);
  }
}
