/**
 * A completed execution's report file: fetched from its secure link (a signed URL: no token is sent,
 * so the bearer never leaves for the storage host), decompressed when it is gzip, its BOM removed, and
 * parsed as CSV or TSV by csv-parse (an optional peer dependency, loaded on first use), streaming.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  ApiError,
  ClientError,
  DamagedFileError,
  DownloadContentError,
  DownloadInterruptedError,
  LinkExpiredError,
  MissingPackageError,
  RateLimitError,
  RedirectError,
  ReportFileFormatError,
  ReportFileGoneError,
  TimeoutError,
} from "./errors.js";
import { refusedLink, shownUrl } from "./links.js";
import { resumingBody } from "./resume.js";
import { parseRetryAfter } from "./retry.js";
import { type Attempt, DEFAULT_TIMEOUT_MS, type FetchLike, type SendContext, send } from "./transport.js";
import type { CallOptions, Execution } from "./types.js";

export interface DownloadOptions extends CallOptions {
  /** Told the header row's column names before the first row. */
  readonly onColumns?: (columns: readonly string[]) => void;
}

const GZIP = [0x1f, 0x8b];
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Media types no report file is served as: a page (a proxy's sign-in page, a storage error page) or
 * a service's JSON or XML error, answered with 200. Anything else passes, a missing type too: blob
 * storage serves `application/octet-stream` as readily as `text/csv`.
 */
const NOT_A_REPORT =
  /^(text\/html|application\/xhtml\+xml|(application|text)\/(json|xml)|[\w.-]+\/[\w.-]+\+(json|xml))$/;

/** The answer's media type (lower case, without parameters), or undefined when it is not a report file's. */
function refusedType(response: Response): string | undefined {
  const type = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return NOT_A_REPORT.test(type) ? type : undefined;
}

/** The first bytes of a body as text fit to show: control characters replaced, at most 120 characters. */
async function excerpt(body: ReadableStream<Uint8Array>): Promise<string> {
  const { head, stream } = await peek(body, 512);
  await stream.cancel().catch(() => {});
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head.subarray(0, 512));
  // Control and format characters (a terminal's escapes, bidirectional overrides) would act, not show.
  return text
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, " ")
    .trim()
    .slice(0, 120);
}

function judge(context: SendContext, execution: Execution) {
  return async (response: Response): Promise<Attempt<Response>> => {
    if (response.ok && response.body !== null) {
      const refused = refusedType(response);
      if (refused === undefined) return { kind: "done", value: response };
      throw new DownloadContentError(execution.executionId, refused, await excerpt(response.body));
    }
    await response.body?.cancel();
    // A signed link answers 403 once it expires (Azure Storage: AuthenticationFailed), 404 once gone;
    // storage names its error in a header, so the body need not be read.
    if (response.status === 403 || response.status === 404 || response.status === 410) {
      const storageCode = response.headers.get("x-ms-error-code") ?? undefined;
      if (storageCode === "BlobNotFound") throw new ReportFileGoneError(execution.executionId);
      throw new LinkExpiredError(execution.executionId, storageCode);
    }
    const fail = (waitTooLong: boolean): Response => {
      const retryAfter = response.headers.get("retry-after");
      const now = context.clock.now();
      const wait = parseRetryAfter(retryAfter, now);
      if (response.status === 429 || waitTooLong)
        throw new RateLimitError(
          "download",
          response.status,
          response.status,
          undefined,
          wait,
          now,
          waitTooLong,
        );
      throw new ApiError("download", response.status, response.status, undefined);
    };
    return {
      kind: "transient",
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      fail,
    };
  };
}

/** The stream with its first `n` bytes peeked at (and kept). */
async function peek(stream: ReadableStream<Uint8Array>, n: number) {
  const reader = stream.getReader();
  let head: Uint8Array = new Uint8Array(0);
  let done = false;
  while (head.length < n && !done) {
    const next = await reader.read();
    if (next.done) done = true;
    else head = concat(head, next.value);
  }
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.length > 0) controller.enqueue(head);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { head, stream: rest };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * The stream with its errors made the client's: a `ClientError` or the signal's reason passes as it
 * is; anything else (the connection cut, a gzip stream that ends early) becomes `interrupted()`.
 * The signal's abort ends it at once and cancels the body: Node's fetch does not stop a body when the
 * signal of the `Request` it was given aborts (only `fetch(url, { signal })` does), so the bytes kept
 * coming after an abort, and a Ctrl-C in `reportql run` waited for the whole file.
 */
function guarded(
  stream: ReadableStream<Uint8Array>,
  interrupted: (cause: unknown) => ClientError,
  signal: AbortSignal | undefined,
  onChunk?: (chunk: Uint8Array) => void,
): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let open = true;
  let abort = () => {};
  const finish = () => {
    open = false;
    signal?.removeEventListener("abort", abort);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      abort = () => {
        if (!open) return;
        finish();
        controller.error(signal?.reason);
        reader.cancel(signal?.reason).catch(() => {});
      };
      if (signal?.aborted) abort();
      else signal?.addEventListener("abort", abort, { once: true });
    },
    async pull(controller) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        if (!open) return;
        finish();
        if (signal?.aborted) controller.error(signal.reason);
        else
          controller.error(
            error instanceof ClientError && !(error instanceof TimeoutError) ? error : interrupted(error),
          );
        // A stalled connection is dropped, not left open.
        if (error instanceof TimeoutError) reader.cancel(error).catch(() => {});
        return;
      }
      if (!open) return;
      if (next.done) {
        finish();
        controller.close();
      } else {
        onChunk?.(next.value);
        controller.enqueue(next.value);
      }
    },
    cancel: (reason) => {
      finish();
      return reader.cancel(reason);
    },
  });
}

/** The report file's bytes: decompressed (gzip by its magic number), without a UTF-8 BOM. */
export async function downloadStream(
  context: SendContext,
  execution: Execution,
  options: CallOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const link = execution.reportAccessSecureLink;
  if (link === null || link === undefined || link === "")
    throw new ClientError(
      execution.executionStatus === "Completed"
        ? `execution ${execution.executionId} completed without a report file: the run failed; run the report again`
        : `execution ${execution.executionId} (${execution.executionStatus}) has no report file; wait until it is Completed`,
    );
  const refused = URL.canParse(link) ? refusedLink(new URL(link)) : "it is not a URL";
  if (refused !== undefined)
    throw new ClientError(
      `execution ${execution.executionId}: the report link ${shownUrl(link)} is not fetched: ${refused}`,
    );
  const signal = options.signal;
  // With the signal on the request, aborting (or the attempt's timeout) also stops a body being streamed.
  const build = async (attemptSignal: AbortSignal) =>
    new Request(link, { method: "GET", signal: attemptSignal, redirect: "manual" });
  // The link's query string is its signature (a credential): errors show the link without it.
  const following = { ...context, fetch: followingRedirects(context.fetch) };
  const judged = judge(context, execution);
  const response = await send(following, "download", build, judged, options.signal, shownUrl);
  const timeoutMs = context.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const idle = { ms: timeoutMs, timedOut: () => new TimeoutError("download", shownUrl(link), timeoutMs) };
  // A body cut off mid-way (a reset, a link that expired while it streamed) must not pass for the
  // whole file, nor reach the caller as undici's bare `TypeError: terminated`.
  let received = 0;
  const interrupted = (cause: unknown) =>
    new DownloadInterruptedError(execution.executionId, received, { cause });
  // A cut or a stall is resumed from the bytes received (resume.ts); what cannot be is `interrupted`.
  const raw = resumingBody(
    { context: following, link, executionId: execution.executionId, judge: judged, signal, idle },
    response,
  );
  const body = guarded(raw, interrupted, signal, (chunk) => {
    received += chunk.length;
  });
  let { head, stream } = await peek(body, 3);
  if (startsWith(head, GZIP)) {
    const inflated = stream.pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    );
    // zlib's Z_DATA_ERROR is the data itself (a cut-off file ends in Z_BUF_ERROR, "unexpected end").
    const damaged = (cause: unknown) =>
      cause instanceof Error && "code" in cause && DAMAGED_GZIP.has(String(cause.code))
        ? new DamagedFileError(execution.executionId, zlibProblem(cause), { cause })
        : interrupted(cause);
    ({ head, stream } = await peek(guarded(inflated, damaged, signal), 3));
  }
  if (!startsWith(head, BOM)) return stream;
  const reader = stream.getReader();
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else {
        controller.enqueue(first ? next.value.subarray(BOM.length) : next.value);
        first = false;
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** Redirects a report link may take before the file: storage needs none, a CDN one or two. */
const MAX_REDIRECTS = 5;

/**
 * `fetch` following a report link's redirects itself, each checked before it is followed
 * (`refusedLink`, no step down from https to http, at most `MAX_REDIRECTS`): `fetch` would follow
 * them anywhere, a link-local metadata address included.
 */
function followingRedirects(fetcher: FetchLike): FetchLike {
  return async (first) => {
    let request = first;
    for (let hop = 1; ; hop++) {
      const response = await fetcher(request);
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || location === null) return response;
      await response.body?.cancel();
      const from = new URL(request.url);
      const next = URL.canParse(location, from.href) ? new URL(location, from) : undefined;
      const refused =
        next === undefined
          ? "its location is not a URL"
          : (refusedLink(next) ??
            (from.protocol === "https:" && next.protocol === "http:"
              ? "it leaves https for http"
              : hop > MAX_REDIRECTS
                ? `more than ${MAX_REDIRECTS} redirects`
                : undefined));
      if (next === undefined || refused !== undefined)
        throw new RedirectError("download", response.status, shownUrl(next?.href ?? location), refused ?? "");
      // The headers (a resume's Range and If-Match) go on; a link sends no credentials to carry over.
      request = new Request(next.href, {
        method: "GET",
        signal: request.signal,
        redirect: "manual",
        headers: request.headers,
      });
    }
  };
}

/** The longest row `download` parses (16 MiB); `downloadStream` has no such limit. */
export const MAX_ROW_BYTES = 16 * 1024 * 1024;

/** csv-parse's error (a `CSV_...` code) as the client's, or undefined for any other error. */
function csvProblem(error: unknown, execution: Execution): ReportFileFormatError | undefined {
  if (!(error instanceof Error) || !("code" in error) || !String(error.code).startsWith("CSV_"))
    return undefined;
  const line = "lines" in error && typeof error.lines === "number" ? error.lines : undefined;
  // csv-parse's message ends with its own "at line N" / "on line N": the error carries the line.
  const problem = error.message.replace(/,? (at|on) line \d+\.?$/, "");
  return new ReportFileFormatError(execution.executionId, problem, line);
}

type CsvParse = typeof import("csv-parse");

async function csvParse(): Promise<CsvParse> {
  try {
    return await import("csv-parse");
  } catch {
    throw new MissingPackageError("csv-parse");
  }
}

const TSV_ESCAPES: Readonly<Record<string, string>> = { t: "\t", n: "\n", r: "\r", "\\": "\\" };

/** A TSV field with its backslash escapes undone (an unknown escape is kept as written). */
export function unescapeTsv(field: string): string {
  return field.replace(/\\(.)/gs, (whole, c: string) => TSV_ESCAPES[c] ?? whole);
}

/** The report's rows, each keyed by the header row's column names. */
export async function* downloadRows<Row extends Record<string, string>>(
  context: SendContext,
  execution: Execution,
  options: DownloadOptions = {},
): AsyncGenerator<Row> {
  const { parse } = await csvParse();
  const stream = await downloadStream(context, execution, options);
  const tsv = execution.format.toUpperCase() === "TSV";
  const parser = parse({
    delimiter: tsv ? "\t" : ",",
    // TSV escapes tabs, line breaks and backslashes with a backslash instead of quoting (the
    // emulator's choice, docs/decisions/emulator-engine.md: no public source shows a service file).
    quote: tsv ? false : '"',
    ...(tsv && { cast: unescapeTsv }),
    skip_empty_lines: true,
    // One row is held whole while it is parsed: a file without line breaks must not fill the memory.
    max_record_size: MAX_ROW_BYTES,
    columns: (header: string[]) => {
      const twice = header.find((name, i) => header.indexOf(name) !== i);
      if (twice !== undefined)
        throw new ReportFileFormatError(
          execution.executionId,
          `the header names the column ${JSON.stringify(twice)} twice`,
          1,
        );
      options.onColumns?.(header);
      return header;
    },
  });
  // `pipeline`, not `pipe`: an error of the download reaches the parser (with `pipe` it was an
  // unhandled 'error' event that ended the process), and a caller that stops reading early (break)
  // cancels the download and frees its connection.
  const source = Readable.fromWeb(stream as import("node:stream/web").ReadableStream<Uint8Array>);
  const piped = pipeline(source, parser).catch(() => {
    // The parser is destroyed with the same error, which the loop below throws.
  });
  const abort = () => parser.destroy(options.signal?.reason as Error);
  options.signal?.addEventListener("abort", abort, { once: true });
  try {
    for await (const record of parser) yield record as Row;
  } catch (error) {
    throw csvProblem(error, execution) ?? error;
  } finally {
    options.signal?.removeEventListener("abort", abort);
    parser.destroy();
    await piped;
  }
}

/**
 * The codes of gzip data that is itself wrong. Node 20 and 22 say Z_DATA_ERROR for bytes after the
 * end and for a bad checksum alike; Node 24 names bytes after the end on their own.
 */
const DAMAGED_GZIP: ReadonlySet<string> = new Set(["Z_DATA_ERROR", "ERR_TRAILING_JUNK_AFTER_STREAM_END"]);

/**
 * What zlib said. Node 20 puts it in the error's message; from Node 22, `DecompressionStream` throws a
 * `TypeError` with an empty message and zlib's error as its cause.
 */
function zlibProblem(error: Error): string {
  const cause = error.cause instanceof Error ? error.cause.message : "";
  return error.message || cause || String((error as Error & { code?: unknown }).code);
}
