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
  override readonly name: string = "ApiError";
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

/**
 * The service asked to wait longer than the client may (`Retry-After` above `maxRetryAfterMs`), or
 * kept throttling (429) through every retry: nothing more was sent. `retryAfterMs` (when the service
 * said) and `retryAt` tell the caller when to schedule the call again.
 */
export class RateLimitError extends ApiError {
  override readonly name = "RateLimitError";
  /** When the service said it takes requests again (the clock's time plus `retryAfterMs`). */
  readonly retryAt: Date | undefined;
  constructor(
    operationId: string,
    status: number,
    httpStatus: number,
    serviceMessage: string | undefined,
    retryAfterMs: number | undefined,
    nowMs: number,
    /** Whether the client stopped because the wait asked for was above `maxRetryAfterMs`. */
    readonly waitTooLong: boolean,
  ) {
    super(
      operationId,
      status,
      httpStatus,
      serviceMessage,
      ...(retryAfterMs !== undefined ? [retryAfterMs] : []),
    );
    this.retryAt = retryAfterMs === undefined ? undefined : new Date(nowMs + retryAfterMs);
    if (retryAfterMs !== undefined)
      this.message += ` (the service asked to wait ${Math.ceil(retryAfterMs / 1000)} s; retry after ${this.retryAt?.toISOString()})`;
  }
}

/** No answer at all: the endpoint is unreachable (refused, DNS, TLS, reset). */
export class NetworkError extends ClientError {
  override readonly name = "NetworkError";
  constructor(
    readonly url: string,
    /** The system error code when there is one (`ECONNREFUSED`, `ENOTFOUND`). */
    readonly code: string | undefined,
    options?: { cause?: unknown; proxy?: string },
  ) {
    const through = options?.proxy === undefined ? "" : ` through the proxy ${options.proxy}`;
    super(`cannot reach ${url}${through}${code ? ` (${code})` : ""}`, options);
    this.proxy = options?.proxy;
  }
  /** The proxy the request went through (its credentials masked), when it went through one. */
  readonly proxy: string | undefined;
}

/**
 * The proxy refused to carry the request: 407, it wants credentials (or refused the ones given), or
 * another status when it will not or cannot reach the host. Not retried: the same request gets the
 * same answer. The proxy URL is shown with its credentials masked.
 */
export class ProxyError extends ClientError {
  override readonly name = "ProxyError";
  constructor(
    /** The proxy URL, its credentials masked. */
    readonly proxy: string,
    /** The variable it came from (`HTTPS_PROXY`). */
    readonly variable: string,
    /** The proxy's answer to the tunnel (CONNECT). */
    readonly status: number,
    /** The host and port the tunnel was asked for. */
    readonly target: string,
  ) {
    super(
      status === 407
        ? `the proxy ${proxy} (${variable}) asks for credentials (407 Proxy Authentication Required): give them in ${variable} as http://user:password@host:port (percent-encode special characters), or check them`
        : `the proxy ${proxy} (${variable}) answered ${status} when asked to connect to ${target}: it will not or cannot reach it; check the proxy, or name the host in NO_PROXY to reach it directly`,
    );
  }
}

/**
 * An attempt got no answer within `timeoutMs` (API calls: the whole answer; downloads: the response
 * headers), and the retries ran out (or the request was a create, not retried). The URL is shown
 * without its query string, where a download link keeps its signature.
 */
export class TimeoutError extends ClientError {
  override readonly name = "TimeoutError";
  constructor(
    readonly operationId: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`${operationId}: no answer from ${url} within ${formatSeconds(timeoutMs)}`);
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/**
 * A success whose fields are not what the contract says the client relies on (an id that is not a
 * string, `value` items without their id, a `nextLink` that is not a string): a changed service or a
 * proxy's reply, refused at the boundary instead of surfacing later as `undefined`. `field` is the
 * first bad one, as a path (`value[3].queryId`).
 */
export class UnexpectedAnswerError extends ClientError {
  override readonly name = "UnexpectedAnswerError";
  constructor(
    readonly operationId: string,
    readonly httpStatus: number,
    readonly field: string,
    /** What was there instead (`missing`, `a number`, `null`, ...). */
    readonly found: string,
    readonly expected: string,
  ) {
    super(
      `${operationId}: unexpected answer (HTTP ${httpStatus}): ${field} is ${found}, expected ${expected}`,
    );
  }
}

/**
 * A report file's link answered with something that is no report file: an HTML page (a proxy's
 * sign-in page, a storage error page), JSON or XML. `excerpt` is its first bytes, control
 * characters replaced, so it can be shown.
 */
export class DownloadContentError extends ClientError {
  override readonly name = "DownloadContentError";
  constructor(
    readonly executionId: string | undefined,
    readonly contentType: string,
    readonly excerpt: string,
  ) {
    super(
      `the report file of execution ${executionId ?? "(no id)"} came back as ${contentType}, not CSV or TSV; it starts: ${JSON.stringify(excerpt)}`,
    );
  }
}

/**
 * The report file is not CSV or TSV `download` can read into rows: a quote left open, a row with
 * more fields than the header, a header naming a column twice (one would overwrite the other in each
 * row), or a row longer than `download` holds (`MAX_ROW_BYTES`). `line` is the file's line, when known.
 */
export class ReportFileFormatError extends ClientError {
  override readonly name = "ReportFileFormatError";
  constructor(
    readonly executionId: string | undefined,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(
      `the report file of execution ${executionId ?? "(no id)"} cannot be read into rows${line === undefined ? "" : ` (line ${line})`}: ${problem}; downloadStream gives its bytes as they are`,
    );
  }
}

/**
 * The report file's gzip data does not decompress (a damaged block, bytes after its end): not a
 * download cut off (that is a `DownloadInterruptedError`), so downloading it again gives the same
 * bytes. `problem` is zlib's word for it.
 */
export class DamagedFileError extends ClientError {
  override readonly name = "DamagedFileError";
  constructor(
    readonly executionId: string | undefined,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the report file of execution ${executionId ?? "(no id)"} is damaged: its gzip data does not decompress (${problem}); downloading it again gives the same bytes`,
      options,
    );
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

/**
 * An answer longer than any of the report API's (`limitBytes`): a proxy's endless stream or a wrong
 * endpoint. It is not read further, so it cannot fill the memory.
 */
export class AnswerTooLargeError extends ClientError {
  override readonly name = "AnswerTooLargeError";
  constructor(
    readonly operationId: string,
    readonly httpStatus: number,
    readonly limitBytes: number,
  ) {
    super(
      `${operationId}: the answer (HTTP ${httpStatus}) is longer than ${limitBytes / 1024 / 1024} MiB, more than any of the report API's; not read further`,
    );
  }
}

/** A report file's secure link has expired (or is not valid): fetch the execution again for a new one. */
export class LinkExpiredError extends ClientError {
  override readonly name: string = "LinkExpiredError";
  constructor(
    readonly executionId: string | undefined,
    /** Azure Storage's error code (`x-ms-error-code`), such as `AuthenticationFailed`, when it said one. */
    readonly storageCode?: string,
    message = "The report's download link has expired or is no longer valid; get the execution again " +
      "(getExecutions or waitForExecution) for a fresh link",
  ) {
    super(message);
  }
}

/**
 * The link's storage has no file any more (`BlobNotFound`): the report was deleted, or the run is
 * older than the 90 days its files are kept. A fresh link would not find it either. A
 * `LinkExpiredError`, so code that handles that one still catches it.
 */
export class ReportFileGoneError extends LinkExpiredError {
  override readonly name = "ReportFileGoneError";
  constructor(executionId: string | undefined) {
    super(
      executionId,
      "BlobNotFound",
      "The report file is no longer stored (BlobNotFound): its report was deleted, or the run is older " +
        "than the 90 days files are kept; a fresh link will not find it either",
    );
  }
}

/**
 * The report file's download broke off before its end (the connection was cut, the link expired
 * mid-way, or the file is not the gzip it starts as): the rows or bytes read so far are not the whole
 * file. Get the execution again and download it again.
 */
export class DownloadInterruptedError extends ClientError {
  override readonly name: string = "DownloadInterruptedError";
  constructor(
    readonly executionId: string | undefined,
    /** The bytes received from the link before it broke off. */
    readonly receivedBytes: number,
    options?: { cause?: unknown },
  ) {
    const stalled = options?.cause instanceof TimeoutError ? options.cause.timeoutMs : undefined;
    super(
      `the download of execution ${executionId ?? "(no id)"} ${stalled === undefined ? "broke off" : `stalled (no bytes for ${formatSeconds(stalled)})`} after ${receivedBytes} bytes, ` +
        "so the file is incomplete; get the execution again (getExecutions) and download it again",
      options,
    );
  }
}

/**
 * The report file changed while it was downloaded (the link answered the resumed part with 412, or
 * with a whole file of another ETag): the bytes received so far are of another file. Download it
 * again from the start.
 */
export class ReportFileChangedError extends DownloadInterruptedError {
  override readonly name = "ReportFileChangedError";
  constructor(executionId: string | undefined, receivedBytes: number, why: string) {
    super(executionId, receivedBytes);
    this.message = `the download of execution ${executionId ?? "(no id)"} broke off after ${receivedBytes} bytes and could not be resumed: ${why}, so the file changed meanwhile; download it again from the start`;
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

/**
 * An answer that is a redirect the client does not follow: the report API never redirects (a
 * redirect there is a proxy's sign-in page or a wrong endpoint, and following it would send the
 * request, or take the answer, from elsewhere); a report link is followed through redirects only to
 * http(s) URLs that are not link-local (cloud metadata), never from https to http, and only so far.
 * `location` is shown without its query string (a signed link's signature).
 */
export class RedirectError extends ClientError {
  override readonly name = "RedirectError";
  constructor(
    readonly operationId: string,
    readonly httpStatus: number,
    readonly location: string,
    /** Why it is not followed. */
    readonly reason: string,
  ) {
    super(`${operationId}: redirected (HTTP ${httpStatus}) to ${location}; not followed: ${reason}`);
  }
}
