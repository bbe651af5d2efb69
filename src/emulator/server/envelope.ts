/**
 * The service's answer shape, for every answer of the emulator: the envelope of the contract
 * (`envelope` in `src/api/schemas.ts`): `value`, `nextLink`, `totalCount`, `message`, `statusCode`,
 * `dataRedacted`. Errors use the same envelope with an empty `value` and the documented message; the
 * emulator adds `reportqlDiagnostics` (which real clients ignore) when the checker explains a 400.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";

/** A diagnostic as the emulator sends it: code, name, message and the offsets in the text sent. */
export interface WireDiagnostic {
  readonly code: string;
  readonly name: string;
  readonly severity: string;
  readonly message: string;
  /** Which text the offsets point into: `body` (the JSON body) or `query` (the query text). */
  readonly in: "body" | "query";
  readonly start: number;
  readonly end: number;
}

export function wireDiagnostic(d: Diagnostic, where: "body" | "query"): WireDiagnostic {
  return {
    code: d.code,
    name: d.name,
    severity: d.severity,
    message: d.message,
    in: where,
    start: d.span.start,
    end: d.span.end,
  };
}

/**
 * What the handler reads of a request: a fetch `Request` is one; `node.ts` passes a lighter one
 * (building a `Request` per call was a sixth of a query creation's CPU).
 */
export interface EmulatorRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

/** The text of the answers made here, so `node.ts` sends it without reading the Response's stream. */
const texts = new WeakMap<Response, string>();

/** The body text of an answer made here, if it is one. */
export function answerText(response: Response): string | undefined {
  return texts.get(response);
}

function answer(text: string, status: number, headers: Record<string, string>): Response {
  const response = new Response(text, { status, headers });
  texts.set(response, text);
  return response;
}

/** A 200 answer with items. */
export function ok(value: readonly unknown[]): Response {
  const body = {
    value,
    nextLink: null,
    totalCount: value.length,
    message: null,
    statusCode: 200,
    dataRedacted: false,
  };
  return answer(JSON.stringify(body), 200, JSON_HEADERS);
}

/** An error answer in the envelope. */
export function fail(
  status: number,
  message: string,
  extra: { diagnostics?: readonly WireDiagnostic[]; headers?: Record<string, string> } = {},
): Response {
  const body = {
    value: [],
    nextLink: null,
    totalCount: 0,
    message,
    statusCode: status,
    dataRedacted: false,
    ...(extra.diagnostics && extra.diagnostics.length > 0 && { reportqlDiagnostics: extra.diagnostics }),
  };
  return answer(JSON.stringify(body), status, { ...JSON_HEADERS, ...extra.headers });
}

/** A plain JSON answer (the admin API under `/_emulator`). */
export function json(value: unknown, status = 200): Response {
  return answer(JSON.stringify(value), status, JSON_HEADERS);
}

/** The documented message of a status when nothing more precise applies. */
export const MESSAGES = {
  unauthorized: "Unauthorized",
  notFound: "No item found with given filters.",
  noExecutions: "There are no executions that have occurred for the given filter conditions.",
  badParameters: "Invalid report parameters",
  invalidQueryId: "Invalid QueryId",
  missing: "Null or missing value",
  internal: "Internal error encountered while creating report. Correlation ID <>",
  unavailable: "Service unavailable",
} as const;
