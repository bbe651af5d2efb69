/**
 * A report file's bytes, resumed where they broke off: when the connection is cut (a reset, a body
 * that ends early) or stalls, the rest is asked for with `Range: bytes=<received>-` and
 * `If-Match: <ETag>`, as the Azure SDKs resume a blob, and read on as if nothing happened, so the
 * caller's file grows in one piece. Storage answers 206 with the rest; 200 with the same ETag (a
 * server that ignores ranges) is the whole file again, its first bytes skipped; 412, another ETag
 * or another range means the file changed: a `ReportFileChangedError`, for the caller to download
 * it again from the start. Only a file with a strong ETag and no `Content-Encoding` (whose bytes
 * `fetch` decodes, so offsets would not be the stored file's) is resumed; resumes count against the
 * retry policy's `retries`, each after its backoff and told to `onRetry`.
 */
import { ClientError, DownloadInterruptedError, ReportFileChangedError, TimeoutError } from "./errors.js";
import { shownUrl } from "./links.js";
import { backoffDelay, DEFAULT_RETRY } from "./retry.js";
import { type Attempt, isTimeLimit, type SendContext, send } from "./transport.js";

/** The longest wait for the next bytes of a body, and the error it ends in. */
export interface Idle {
  readonly ms: number;
  readonly timedOut: () => TimeoutError;
}

/** The promise, or the idle timeout's error when it takes longer. */
export function within<T>(promise: Promise<T>, idle: Idle | undefined): Promise<T> {
  if (idle === undefined || !isTimeLimit(idle.ms)) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(idle.timedOut()), idle.ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export interface ResumeSource {
  readonly context: SendContext;
  readonly link: string;
  readonly executionId: string | undefined;
  /** The download's judge: errors of the link (expired, gone, throttled), retries of transient answers. */
  readonly judge: (response: Response) => Promise<Attempt<Response>>;
  readonly signal: AbortSignal | undefined;
  readonly idle: Idle;
}

/** The ETag a resume may be asked against, or undefined when the answer cannot be resumed. */
function strongTag(response: Response): string | undefined {
  const etag = response.headers.get("etag")?.trim();
  const encoding = (response.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (response.status !== 200 || etag === undefined || etag === "" || etag.startsWith("W/")) return undefined;
  return encoding === "identity" ? etag : undefined;
}

/** The start of a 206's `Content-Range` (`bytes 100-199/200`), or undefined. */
function rangeStart(response: Response): number | undefined {
  const match = /^\s*bytes\s+(\d+)-\d+\/(?:\d+|\*)\s*$/i.exec(response.headers.get("content-range") ?? "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The file size a 416 gives in its `Content-Range` (after `bytes *` and a slash), or undefined. */
function totalOf(response: Response): number | undefined {
  const match = /^\s*bytes\s+\*\/(\d+)\s*$/i.exec(response.headers.get("content-range") ?? "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The first answer's body, resumed when it breaks off (see the module's comment). */
export function resumingBody(source: ResumeSource, first: Response): ReadableStream<Uint8Array> {
  const etag = strongTag(first);
  const retries = source.context.retry.retries ?? DEFAULT_RETRY.retries;
  let reader = (first.body as ReadableStream<Uint8Array>).getReader();
  let received = 0;
  let resumes = 0;
  let skip = 0;
  const fatal = (error: unknown) => {
    reader.cancel(error).catch(() => {});
    return error;
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await within(reader.read(), source.idle);
        } catch (error) {
          const stop =
            source.signal?.aborted === true ||
            etag === undefined ||
            resumes >= retries ||
            (error instanceof ClientError && !(error instanceof TimeoutError));
          if (stop) throw fatal(error);
          reader.cancel(error).catch(() => {});
          resumes++;
          ({ reader, skip } = await resume(source, etag, received, resumes, error));
          continue;
        }
        if (next.done) {
          controller.close();
          return;
        }
        const chunk = next.value.subarray(Math.min(skip, next.value.length));
        skip -= next.value.length - chunk.length;
        if (chunk.length === 0) continue;
        received += chunk.length;
        controller.enqueue(chunk);
        return;
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The rest of the file from `received` on: its reader, and how many of its first bytes to skip. */
async function resume(
  source: ResumeSource,
  etag: string,
  received: number,
  attempt: number,
  cause: unknown,
): Promise<{ reader: ReadableStreamDefaultReader<Uint8Array>; skip: number }> {
  const { context, executionId } = source;
  const delayMs = backoffDelay(attempt, context.retry);
  context.retry.onRetry?.({
    operationId: "download",
    attempt,
    delayMs,
    error: new DownloadInterruptedError(executionId, received, { cause }),
  });
  await context.clock.sleep(delayMs, source.signal);
  const changed = (why: string) => new ReportFileChangedError(executionId, received, why);
  const build = async (signal: AbortSignal) =>
    new Request(source.link, {
      method: "GET",
      signal,
      redirect: "manual",
      headers: { range: `bytes=${received}-`, "if-match": etag },
    });
  const judge = async (response: Response): Promise<Attempt<{ response: Response; skip: number }>> => {
    const tag = response.headers.get("etag")?.trim();
    // An answer without an ETag does not say the file changed.
    const sameTag = tag === undefined || tag === etag;
    // Every byte had come, only the end of the body had not: nothing is left to ask for.
    if (response.status === 416 && sameTag && totalOf(response) === received) {
      await response.body?.cancel();
      return { kind: "done", value: { response: new Response(new Uint8Array(0)), skip: 0 } };
    }
    if (response.status === 412) {
      await response.body?.cancel();
      throw changed("the link answered 412 to If-Match");
    }
    const judged = await source.judge(response);
    if (judged.kind !== "done")
      return { ...judged, fail: (tooLong) => ({ response: judged.fail(tooLong), skip: 0 }) };
    const start = rangeStart(response);
    if (response.status === 206 && sameTag && start === received)
      return { kind: "done", value: { response, skip: 0 } };
    if (response.status === 200 && tag === etag) return { kind: "done", value: { response, skip: received } };
    await response.body?.cancel();
    throw changed(
      response.status === 206
        ? `the link answered another part (${response.headers.get("content-range") ?? "no Content-Range"}, ETag ${tag})`
        : `the link answered ${response.status} with ETag ${tag ?? "(none)"}, not ${etag}`,
    );
  };
  try {
    const { response, skip } = await send(context, "download", build, judge, source.signal, shownUrl);
    return { reader: (response.body as ReadableStream<Uint8Array>).getReader(), skip };
  } catch (error) {
    if (source.signal?.aborted || error instanceof ReportFileChangedError) throw error;
    // The link expired or the storage failed meanwhile: the download broke off, as it did.
    throw new DownloadInterruptedError(executionId, received, { cause: error });
  }
}
