/**
 * The service's answer shape, for every answer of the emulator: the envelope of the contract
 * (`envelope` in `src/api/schemas.ts`): `value`, `nextLink`, `totalCount`, `message`, `statusCode`,
 * `dataRedacted`. Errors use the same envelope with an empty `value` and the documented message; the
 * emulator adds `reportqlDiagnostics` (which real clients ignore) when the checker explains a 400 or
 * warns of an accepted request (a POST callback URL with a query string, RQ3045), and
 * `reportqlDetail` when a parameter or the body's JSON is at fault.
 */
import type { Family } from "../../api/facts.js";
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
  /**
   * The body's bytes, read only through `body.ts` (UTF-8, a BOM skipped, other bytes refused): no
   * `text()`, which would decode them leniently.
   */
  arrayBuffer(): Promise<ArrayBuffer>;
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

/**
 * An answer of the emulator. `handle` turns it into a fetch `Response`; `node.ts` writes it as it is
 * (constructing a `Response` and reading it back was a fifth of a query creation's CPU).
 */
export class Answer {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    /** Text (sent as UTF-8), or bytes (a part of a report file: a range may cut a character). */
    readonly body: string | Uint8Array,
    /** An answer sent without a body: a 204, or a HEAD's (which carries the GET's length). */
    readonly bodyless = status === 204,
  ) {}

  /** The same answer with more headers. */
  with(headers: Readonly<Record<string, string>>): Answer {
    return new Answer(this.status, { ...this.headers, ...headers }, this.body, this.bodyless);
  }

  /** A bodyless answer has a null body (`Response` refuses a body for a 204). */
  toResponse(): Response {
    const body = this.bodyless ? null : typeof this.body === "string" ? this.body : new Uint8Array(this.body);
    return new Response(body, { status: this.status, headers: this.headers });
  }
}

/** An answer's body as bytes to write. */
export function bodyBytes(answer: Answer): Buffer {
  const body = answer.body;
  return typeof body === "string"
    ? Buffer.from(body)
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** A 200 answer with items, and the checker's warnings on the request when it has any. */
export function ok(value: readonly unknown[], warnings: readonly WireDiagnostic[] = []): Answer {
  const body = {
    value,
    nextLink: null,
    totalCount: value.length,
    message: null,
    statusCode: 200,
    dataRedacted: false,
    ...(warnings.length > 0 && { reportqlDiagnostics: warnings }),
  };
  return new Answer(200, JSON_HEADERS, JSON.stringify(body));
}

/** An error answer in the envelope. */
export function fail(
  status: number,
  message: string,
  extra: {
    diagnostics?: readonly WireDiagnostic[];
    /** What exactly is wrong, beside the service's message (kept exact for clients that compare it). */
    detail?: string;
    headers?: Record<string, string>;
  } = {},
): Answer {
  const body = {
    value: [],
    nextLink: null,
    totalCount: 0,
    message,
    statusCode: status,
    dataRedacted: false,
    ...(extra.diagnostics && extra.diagnostics.length > 0 && { reportqlDiagnostics: extra.diagnostics }),
    ...(extra.detail !== undefined && { reportqlDetail: extra.detail }),
  };
  return new Answer(status, { ...JSON_HEADERS, ...extra.headers }, JSON.stringify(body));
}

/** A plain JSON answer (the admin API under `/_emulator`). */
export function json(value: unknown, status = 200): Answer {
  return new Answer(status, JSON_HEADERS, JSON.stringify(value));
}

/** The documented message of a status when nothing more precise applies. */
export const MESSAGES = {
  unauthorized: "Unauthorized",
  notFound: "No item found with given filters.",
  badParameters: "Invalid report parameters",
  invalidQueryId: "Invalid QueryId",
  missing: "Null or missing value",
  internal: "Internal error encountered while creating report. Correlation ID <>",
  unavailable: "Service unavailable",
} as const;

/**
 * The 404 of Get Report Executions, as each family's FAQ prints it (the sentence the contract's
 * `DOCUMENTED_ERRORS` keeps, then the family's advice: mpn "Double check", cmp "Please recheck").
 */
export function noExecutionsMessage(family: Family): string {
  const advice = family === "mpn" ? "Double check" : "Please recheck";
  return `There are no executions that have occurred for the given filter conditions. ${advice} the reportId or executionId and retry the API after the report's scheduled execution time`;
}
