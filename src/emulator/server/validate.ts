/**
 * The checker as the service's validator: a request body is checked by the contract's rules
 * (`checkJsonBodies`), a query text by `lint`; an error answers 400 with the documented message the
 * service gives for it, and every error diagnostic goes along in `reportqlDiagnostics`. Warnings
 * refuse nothing (the service accepts what they point at) but go along too, in a refusal after the
 * errors and in an accepted request's answer, so that what `reportql check` says of a body the
 * emulator says of the same request.
 */
import { CATALOG_FAMILY, DOCUMENTED_ERRORS, type Family } from "../../api/facts.js";
import { checkJsonBodies } from "../../api/json-bodies.js";
import type { BodyKind } from "../../api/schemas.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { lint } from "../../lint/lint.js";
import { builtinCatalog, type Catalog } from "../../semantic/catalog.js";
import type { ResolveResult } from "../../semantic/resolve.js";
import { MESSAGES, type WireDiagnostic, wireDiagnostic } from "./envelope.js";

export type Checked<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** The checker's warnings: the request is accepted, and they go along in its answer. */
      readonly warnings: readonly WireDiagnostic[];
    }
  | {
      readonly ok: false;
      /** 400, or the 500 the mpn FAQ documents for a malformed time. */
      readonly status?: number;
      readonly message: string;
      readonly detail?: string;
      readonly diagnostics: readonly WireDiagnostic[];
    };

/**
 * A documented message by a distinctive part of it (so the text is never restated here), when the
 * family's FAQ lists it; else `undefined` (the cmp FAQ lists more messages than the mpn one).
 */
function documented(part: string, family: Family = "cmp"): string | undefined {
  return DOCUMENTED_ERRORS.find((e) => e.message.includes(part) && e.families.includes(family))?.message;
}

/** A failed body check: the status and message the service answers. */
interface Refusal {
  readonly status: number;
  readonly message: string;
}

const refusal = (message: string | undefined, status = 400): Refusal => ({
  status,
  message: message ?? MESSAGES.badParameters,
});

/**
 * The service's answer to a body diagnostic. Where a message is in the cmp FAQ only, mpn answers
 * what its own FAQ gives for the same mistake: a malformed time is the 500 `Internal error ...`
 * (the only answer the mpn FAQ lists for a wrong date format), and a `Format` or `CallbackMethod`
 * that is not one of the allowed values is `Requested value '<value>' not found` (the message both
 * FAQs give for Swagger's placeholder `string` in those fields: an enum parse); anything else
 * `Invalid report parameters`.
 */
function bodyMessage(d: Diagnostic, family: Family): Refusal {
  const data = d.data as { field?: unknown; value?: unknown } | undefined;
  const field = String(data?.field ?? "");
  const notFound = `Requested value '${String(data?.value ?? "")}' not found`;
  switch (d.code) {
    case "RQ3001":
    case "RQ3038":
      return refusal(MESSAGES.missing);
    case "RQ3007":
      if (family === "mpn") return refusal(MESSAGES.internal, 500);
      return refusal(
        documented(field === "QueryEndTime" ? "EndTime should follow" : "StartTime should follow"),
      );
    case "RQ3008":
      return refusal(documented("at least be 4 hours", family));
    case "RQ3009":
      return refusal(documented("Recurrence Interval must be", family));
    case "RQ3011":
      return refusal(documented("Recurrence count", family));
    case "RQ3012":
      return refusal(documented("Report format", family) ?? notFound);
    case "RQ3013":
      return refusal(documented("CallbackMethod", family) ?? notFound);
    case "RQ3015":
      return refusal(documented("Requested value 'string'", family));
    case "RQ3016":
      return refusal(documented("Invalid character (;)", family));
    case "RQ3017":
      return refusal(documented("256 characters", family));
    case "RQ3019":
      return refusal(documented("EndTime should be greater", family));
    case "RQ3021":
    case "RQ3023":
      return refusal(MESSAGES.invalidQueryId);
    default:
      return refusal(MESSAGES.badParameters);
  }
}

/** The service's message for a query diagnostic. */
function queryMessage(d: Diagnostic): string {
  if (d.code === "RQ2001" || d.code === "RQ3024") return documented("Invalid table name") ?? d.message;
  if (d.code === "RQ2002") return documented("Incorrect column name") ?? d.message;
  // No page shows the service's answer to a syntax error: the emulator names the problem.
  return `Invalid query: ${d.message}`;
}

/**
 * Codes the emulator does not hold against a request, nor reports: the callback's reachability (a
 * local tool calls local listeners; `callbacks.ts` decides what is refused).
 */
const NOT_REFUSED = new Set(["RQ3039", "RQ3014"]);

/** The catalog of a family's datasets. */
export function familyCatalog(family: Family): Catalog {
  return builtinCatalog(CATALOG_FAMILY[family]);
}

/** Parses and checks a body; the parsed object (keys as sent) when it passes. */
export function checkBody(
  text: string,
  kind: BodyKind,
  family: Family,
  now: Date,
): Checked<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: MESSAGES.badParameters,
      detail: `the body is not JSON (${(error as Error).message})`,
      diagnostics: [],
    };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return {
      ok: false,
      message: MESSAGES.badParameters,
      detail: "the body must be a JSON object",
      diagnostics: [],
    };
  const checked = checkJsonBodies(
    text,
    { text, family, options: { now, catalog: familyCatalog(family) } },
    kind,
  );
  const found = checked.bodies.flatMap((b) => b.diagnostics).filter((d) => !NOT_REFUSED.has(d.code));
  const errors = found.filter((d) => d.severity === "error");
  const warnings = found.filter((d) => d.severity === "warning").map((d) => wireDiagnostic(d, "body"));
  const [first] = errors;
  if (first !== undefined)
    return {
      ok: false,
      ...bodyMessage(first, family),
      diagnostics: [...errors.map((d) => wireDiagnostic(d, "body")), ...warnings],
    };
  return { ok: true, value: parsed as Record<string, unknown>, warnings };
}

/**
 * Checks a query text against the family's catalog. With `resolve`, an accepted one comes with its
 * executable model, bound by the same semantic pass (`resolved`), so a try query runs without parsing
 * it again; a creation only stores the text and skips building it.
 */
export function checkQuery(
  text: string,
  family: Family,
  options: { readonly resolve?: boolean } = {},
): Checked<string> & { readonly resolved?: ResolveResult | undefined } {
  const linted = lint(text, { catalog: familyCatalog(family), resolve: options.resolve === true });
  const errors = linted.diagnostics.filter((d) => d.severity === "error");
  const warnings = linted.diagnostics
    .filter((d) => d.severity === "warning")
    .map((d) => wireDiagnostic(d, "query"));
  const [first] = errors;
  if (first !== undefined)
    return {
      ok: false,
      message: queryMessage(first),
      diagnostics: [...errors.map((d) => wireDiagnostic(d, "query")), ...warnings],
    };
  // A text of several queries has no one model: the engine's path refuses it.
  const resolved = linted.checked.resolved;
  return { ok: true, value: text, warnings, resolved: resolved?.length === 1 ? resolved[0] : undefined };
}

/** A field of a parsed body by its documented name (the service matches keys without regard to case). */
export function field(body: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(body).find((k) => k.trim().toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : body[key];
}

/**
 * Runs each check once, before the server listens: the first check of a kind builds the parser, the
 * catalogs' indexes and the body schemas (hundreds of ms), which otherwise land on the first
 * requests and on everything queued behind them.
 */
export function warmUp(now: Date): void {
  for (const family of ["mpn", "cmp"] as const) {
    const query =
      family === "mpn" ? "SELECT CustomerName FROM CustomersAndTenants" : "SELECT OrderId FROM ISVOrder";
    checkBody(JSON.stringify({ Name: "warm-up", Query: query }), "createQuery", family, now);
    checkQuery(query, family, { resolve: true });
    const report = {
      ReportName: "warm-up",
      QueryId: "00000000-0000-0000-0000-000000000000",
      ExecuteNow: true,
    };
    checkBody(JSON.stringify(report), "createReport", family, now);
    checkBody(JSON.stringify({ ReportName: "warm-up", RecurrenceInterval: 24 }), "updateReport", family, now);
  }
}
