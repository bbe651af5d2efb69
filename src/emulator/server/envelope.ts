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

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

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
  return new Response(JSON.stringify(body), { status: 200, headers: JSON_HEADERS });
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
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...extra.headers } });
}

/** A plain JSON answer (the admin API under `/_emulator`). */
export function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: JSON_HEADERS });
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
