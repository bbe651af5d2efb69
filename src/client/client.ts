/**
 * `createClient`: one typed method per operation of the contract, built from the endpoint table at
 * run time (and typed from it at compile time, `types.ts`). Every call is checked before it is sent
 * (`request.ts`), answers are normalised (`envelope.ts`), transient failures retried (`transport.ts`).
 */

import type { Dispatcher } from "undici";
import type { ZodType } from "zod";
import { ENDPOINTS, type Endpoint } from "../api/endpoints.js";
import { API_HOST, API_ROOTS, type Family } from "../api/facts.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { answerProblem } from "./answers.js";
import { type DownloadOptions, downloadRows, downloadStream } from "./download.js";
import { type ApiResponse, effectiveStatus, normaliseEnvelope } from "./envelope.js";
import {
  AnswerTooLargeError,
  ApiError,
  ClientError,
  RateLimitError,
  RedirectError,
  RequestRejectedError,
  ResponseFormatError,
  UnexpectedAnswerError,
} from "./errors.js";
import { shownUrl } from "./links.js";
import { dispatcherFetch, type ProxyEnvironment, proxyFetch, proxySettings } from "./proxy.js";
import { prepare, requestErrors, requestText } from "./request.js";
import { parseRetryAfter, type RetryOptions } from "./retry.js";
import {
  type Attempt,
  type Clock,
  DEFAULT_TIMEOUT_MS,
  type FetchLike,
  REAL_CLOCK,
  type SendContext,
  send,
} from "./transport.js";
import type {
  CallOptions,
  Execution,
  OperationId,
  OperationInput,
  OperationItem,
  Operations,
} from "./types.js";
import { type WaitOptions, waitForExecution } from "./wait.js";

/** What a token function may give: a token, or an `AccessToken` of `@azure/identity` (null: none). */
type TokenValue = string | { readonly token: string } | null;

/**
 * A token, or a function asked for one before each request (it caches as it sees fit; a call refused
 * with 401 is made again once when it then gives another token):
 * `() => credential.getToken("https://api.partnercenter.microsoft.com/.default")`.
 */
export type TokenSource = string | (() => TokenValue | Promise<TokenValue>);

export interface ClientOptions {
  /** A family root: `https://api.partnercenter.microsoft.com/insights/v1/mpn` by default. */
  readonly endpoint?: string;
  readonly token: TokenSource;
  /**
   * How requests are sent, the first given winning: `fetch` (any function answering a `Request`;
   * the emulator's `handle` serves in tests), else `dispatcher` (an undici `Dispatcher`, such as a
   * `ProxyAgent`, used with undici's `fetch`), else the proxy variables of `proxyEnv` (`HTTPS_PROXY`,
   * `HTTP_PROXY`, `NO_PROXY`, lower case first), else Node's `fetch`, directly.
   */
  readonly fetch?: FetchLike;
  readonly dispatcher?: Dispatcher;
  /** Where proxy variables are read: `process.env` by default; `{}` reads none. */
  readonly proxyEnv?: ProxyEnvironment;
  readonly retry?: RetryOptions;
  /**
   * The longest one attempt waits, in milliseconds (default 60,000; 0, or more than the 2^31 - 1 a
   * timer holds: no limit): for a call, its whole answer; for a download, the response headers and
   * then each gap between the file's bytes (never the whole file). A timed-out attempt is retried as a network error is; the last one
   * throws a `TimeoutError`.
   */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
}

export const DEFAULT_ENDPOINT = `${API_HOST}/insights/v1/mpn`;

/** The family of an endpoint URL by its root, or undefined when it ends at no known root. */
export function familyOfEndpoint(endpoint: string): Family | undefined {
  const url = endpointUrl(endpoint);
  if (typeof url === "string") return undefined;
  const path = url.pathname.replace(/\/+$/, "").toLowerCase();
  return API_ROOTS.find((r) => path.endsWith(r.path.toLowerCase()))?.family;
}

/**
 * The endpoint as a URL requests can be built on, or why it cannot be one: `fetch` refuses a URL with
 * credentials, only http(s) is spoken, and the operations' paths and parameters are appended to it.
 */
function endpointUrl(endpoint: string): URL | string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "is not an http or https URL";
  if (url.username !== "" || url.password !== "")
    return "holds a user name or password; give the token as the token instead";
  if (url.search !== "" || url.hash !== "")
    return "has a query string or fragment; give the root alone (the operations add their parameters)";
  return url;
}

/** The endpoint without its user name and password, for messages. */
function shown(endpoint: string): string {
  // A query string can be a key too (an Azure Functions proxy's `?code=`): it is not repeated either.
  return shownUrl(endpoint.replace(/^([a-z][\w+.-]*:\/\/)[^/@]*@/i, "$1"));
}

export interface ReportClient extends Operations {
  readonly endpoint: string;
  readonly family: Family;
  /**
   * The errors that would stop a call, without sending it: the same checks every call makes first
   * (empty when the call may be sent). For plans that must be checked whole before anything is sent.
   */
  validate<Id extends OperationId>(operationId: Id, input?: OperationInput<Id>): readonly Diagnostic[];
  /** Every item of an operation's answer, following `nextLink` page after page. */
  paginate<Id extends OperationId>(
    operationId: Id,
    input?: OperationInput<Id>,
    options?: CallOptions,
  ): AsyncGenerator<OperationItem<Id>>;
  /** Polls a report's latest execution until it completes (404 means "not yet"). */
  waitForExecution(reportId: string, options?: WaitOptions): Promise<Execution>;
  /** The report file of a completed execution, parsed into rows (CSV or TSV by its format). */
  download<Row extends Record<string, string> = Record<string, string>>(
    execution: Execution,
    options?: DownloadOptions,
  ): AsyncGenerator<Row>;
  /** The report file's bytes, decompressed, without a BOM (to save it as it is). */
  downloadStream(execution: Execution, options?: CallOptions): Promise<ReadableStream<Uint8Array>>;
}

/** Whether a parsed answer carries the envelope's `value` (in any case, or as a bare array). */
function namesValue(json: unknown): boolean {
  if (Array.isArray(json)) return true;
  return (
    typeof json === "object" &&
    json !== null &&
    Object.keys(json).some((k) => k.trim().toLowerCase() === "value")
  );
}

/** The keys of an operation's item, for normalising their case. */
function itemKeys(endpoint: Endpoint, family: Family): string[] {
  const schema = endpoint.item(family) as ZodType & { shape?: Record<string, unknown> };
  return schema.shape === undefined ? [] : Object.keys(schema.shape);
}

async function bearer(token: TokenSource): Promise<string> {
  const got = typeof token === "string" ? token : await token();
  const value = typeof got === "string" ? got : got?.token;
  if (value === undefined || value.trim() === "")
    throw new ClientError("the token function gave no token; check the credential (az login, environment)");
  // A header cannot carry a line break or a control character (fetch throws a TypeError, or the
  // request fails as if the network had); a space means a pasted "Bearer " or a split token.
  if (!/^[\x21-\x7e]+$/.test(value.trim()))
    throw new ClientError(
      "the token holds a space, a line break or a character outside ASCII, which no token has; copy it whole, without `Bearer `",
    );
  return value.trim();
}

/**
 * The longest answer read (64 MiB): a listing of 10,000 queries is a few MB, and an answer that never
 * ends (a proxy's stream) must fail, not fill the memory.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** The answer's text, read no further than `MAX_ANSWER_BYTES`. */
async function boundedText(operationId: string, response: Response): Promise<string> {
  if (response.body === null) return "";
  // Decoded whole, as `response.text()` does (a BOM dropped, a character split across chunks kept).
  const decoder = new TextDecoder();
  let text = "";
  let length = 0;
  const reader = response.body.getReader();
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    length += next.value.length;
    if (length > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => {});
      throw new AnswerTooLargeError(operationId, response.status, MAX_ANSWER_BYTES);
    }
    text += decoder.decode(next.value, { stream: true });
  }
  return text + decoder.decode();
}

/** The most pages `paginate` follows. */
export const MAX_PAGES = 10_000;

/** The error of an API answer that is a redirect: the report API does not redirect. */
async function redirected(endpointOf: Endpoint, response: Response): Promise<RedirectError> {
  await response.body?.cancel();
  const location = response.headers.get("location") ?? "";
  const base = response.url === "" ? undefined : response.url;
  const to = URL.canParse(location, base) ? new URL(location, base).href : location || "no location";
  return new RedirectError(
    endpointOf.operationId,
    response.status,
    shownUrl(to),
    "the report API does not redirect (a proxy's sign-in page, or not the API's root?)",
  );
}

/** How the client sends: see `ClientOptions.fetch`. Throws a `ClientError` for a proxy variable that is no proxy URL. */
function transportOf(options: ClientOptions): FetchLike {
  if (options.fetch !== undefined) return options.fetch;
  if (options.dispatcher !== undefined) return dispatcherFetch(options.dispatcher);
  const settings = proxySettings(options.proxyEnv ?? globalThis.process?.env ?? {});
  if (settings !== undefined && "problem" in settings) throw new ClientError(settings.problem);
  return settings === undefined ? (request) => fetch(request) : proxyFetch(settings);
}

/** Creates a client of one family root. Throws a `ClientError` when the endpoint names no known root. */
export function createClient(options: ClientOptions): ReportClient {
  const endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  const problem = endpointUrl(endpoint);
  if (typeof problem === "string") throw new ClientError(`${shown(endpoint)} ${problem}`);
  const family = familyOfEndpoint(endpoint);
  if (family === undefined)
    throw new ClientError(
      `${shown(endpoint)} is not a report API root; end it with ${API_ROOTS.map((r) => r.path).join(", ")}`,
    );
  // A negative or NaN limit would silently be none at all.
  for (const [name, value] of [
    ["timeoutMs", options.timeoutMs],
    ["retry.maxRetryAfterMs", options.retry?.maxRetryAfterMs],
  ] as const)
    if (value !== undefined && !(typeof value === "number" && value >= 0))
      throw new ClientError(`${name} is ${String(value)}; give milliseconds, 0 or more`);
  const context: SendContext = {
    fetch: transportOf(options),
    clock: options.clock ?? REAL_CLOCK,
    retry: options.retry ?? {},
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const origin = new URL(endpoint).origin;

  const judge =
    <T>(endpointOf: Endpoint, redact: (text: string) => string) =>
    async (response: Response): Promise<Attempt<ApiResponse<T>>> => {
      if (response.status >= 300 && response.status < 400) throw await redirected(endpointOf, response);
      const text = await boundedText(endpointOf.operationId, response);
      let json: unknown;
      try {
        json = text.trim() === "" ? {} : JSON.parse(text);
      } catch {
        json = undefined;
      }
      const envelope = normaliseEnvelope<T>(json, response.status, itemKeys(endpointOf, family));
      const status = effectiveStatus(response.status, envelope);
      const retryAfter = response.headers.get("retry-after");
      const failure = (waitTooLong: boolean) => {
        // Seconds or an HTTP date, as the retries read it.
        const now = context.clock.now();
        const wait = parseRetryAfter(retryAfter, now);
        const message = envelope?.message == null ? undefined : redact(envelope.message);
        if (status === 429 || waitTooLong)
          throw new RateLimitError(
            endpointOf.operationId,
            status,
            response.status,
            message,
            wait,
            now,
            waitTooLong,
          );
        throw new ApiError(
          endpointOf.operationId,
          status,
          response.status,
          envelope?.message == null ? undefined : redact(envelope.message),
          ...(wait !== undefined ? [wait] : []),
        );
      };
      if (status >= 400) return { kind: "transient", status, retryAfter, fail: failure };
      // A success without `value` (an empty body, a gateway's `{}`) is not "no items": read as that,
      // `push` would take the service for empty and create everything again.
      if (envelope === undefined || !namesValue(json))
        throw new ResponseFormatError(endpointOf.operationId, response.status, redact(text).slice(0, 200));
      const problem = answerProblem(endpointOf, family, json, envelope.value);
      if (problem !== undefined)
        throw new UnexpectedAnswerError(
          endpointOf.operationId,
          response.status,
          problem.field,
          problem.found,
          problem.expected,
        );
      return { kind: "done", value: envelope };
    };

  const sendTo = async <T>(
    endpointOf: Endpoint,
    url: string,
    body: string | undefined,
    signal?: AbortSignal,
  ) => {
    // A proxy or a debugging endpoint may echo the request's headers: the token never reaches an
    // error's message or excerpt (a token of a few characters, as the emulator takes, is no secret).
    let sent = "";
    const redact = (text: string) => (sent.length < 8 ? text : text.replaceAll(sent, "<token>"));
    const build = async (attemptSignal: AbortSignal) => {
      sent = await bearer(options.token);
      const headers: Record<string, string> = {
        authorization: `Bearer ${sent}`,
        accept: "application/json",
      };
      if (body !== undefined) headers["content-type"] = "application/json";
      // The attempt's signal (the caller's, and the timeout) also reaches `fetch`, which then drops
      // the connection (a handler may ignore it).
      return new Request(url, {
        method: endpointOf.method,
        headers,
        ...(body !== undefined && { body }),
        signal: attemptSignal,
        // Followed, a redirect would send the request (its body) elsewhere, or take an answer from there.
        redirect: "manual",
      });
    };
    const attempt = () => send(context, endpointOf.operationId, build, judge<T>(endpointOf, redact), signal);
    if (typeof options.token === "string") return attempt();
    try {
      return await attempt();
    } catch (error) {
      // A token that expired (or was revoked) while in use: a credential gives a new one once the
      // service refuses the old, so the call is made again once with it. A 401 was not processed,
      // so a create made again is not made twice. The same token again would be refused again.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      const before = sent;
      if ((await bearer(options.token)) === before) throw error;
      return attempt();
    }
  };

  const checked = (endpointOf: Endpoint, input: Record<string, unknown>) => {
    const request = prepare(endpointOf, endpoint, input);
    const text = requestText(request);
    return { request, text, errors: requestErrors(text, family, new Date(context.clock.now())) };
  };

  const call = async (
    endpointOf: Endpoint,
    input: Record<string, unknown>,
    callOptions: CallOptions = {},
  ) => {
    callOptions.signal?.throwIfAborted();
    const { request, text, errors } = checked(endpointOf, input);
    if (errors.length > 0) throw new RequestRejectedError(endpointOf.operationId, errors, text);
    return sendTo(endpointOf, request.url, request.body, callOptions.signal);
  };

  const byId = new Map(ENDPOINTS.map((e) => [e.operationId, e]));
  // Callers without the types (plain JavaScript) can name any operation: an unknown one is said.
  const operationOf = (operationId: string): Endpoint => {
    const found = byId.get(operationId);
    if (found === undefined)
      throw new ClientError(`${operationId} is not an operation; use one of ${[...byId.keys()].join(", ")}`);
    return found;
  };
  const operations = Object.fromEntries(
    ENDPOINTS.map((e) => [
      e.operationId,
      (input: Record<string, unknown> = {}, callOptions?: CallOptions) => call(e, input, callOptions),
    ]),
  ) as unknown as Operations;

  async function* paginate<Id extends OperationId>(
    operationId: Id,
    input?: OperationInput<Id>,
    callOptions: CallOptions = {},
  ): AsyncGenerator<OperationItem<Id>> {
    const endpointOf = operationOf(operationId);
    let page = await call(endpointOf, (input ?? {}) as Record<string, unknown>, callOptions);
    const followed = new Set<string>();
    for (;;) {
      for (const item of page.value) yield item as OperationItem<Id>;
      if (page.nextLink === null) return;
      if (!URL.canParse(page.nextLink, `${endpoint}/`))
        throw new ClientError(`${operationId}: nextLink is not a URL; not followed`);
      const next = new URL(page.nextLink, `${endpoint}/`);
      // The token goes to the service only, never to a host a response names.
      if (next.origin !== origin)
        throw new ClientError(`${operationId}: nextLink ${next.origin} is not ${origin}; not followed`);
      // A page that links back to one already read would repeat items, and requests, without end.
      if (followed.has(next.href))
        throw new ClientError(`${operationId}: nextLink names a page already read; not followed again`);
      // Links that differ every time (a growing skip token) on pages without end: no listing of the
      // report API comes near this many pages (the quotas hold 100 queries and 50 reports).
      if (followed.size >= MAX_PAGES)
        throw new ClientError(`${operationId}: more than ${MAX_PAGES} pages; nextLink not followed further`);
      followed.add(next.href);
      page = await sendTo<unknown>(endpointOf, next.href, undefined, callOptions.signal);
    }
  }

  const client: ReportClient = {
    ...operations,
    endpoint,
    family,
    paginate,
    validate: (operationId, input) =>
      checked(operationOf(operationId), (input ?? {}) as Record<string, unknown>).errors,
    waitForExecution: (reportId, waitOptions) =>
      waitForExecution(client, context.clock, reportId, waitOptions),
    download: (execution, downloadOptions) => downloadRows(context, execution, downloadOptions),
    downloadStream: (execution, callOptions) => downloadStream(context, execution, callOptions),
  };
  return client;
}
