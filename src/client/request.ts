/**
 * A call written as an HTTP request, and checked as one before it is sent: the request is rendered as
 * a `.http` request (the format `reportql check` reads) and linted by the one pipeline, so the client
 * refuses exactly what `reportql check` reports as an error in that request: the endpoint, the
 * parameters, the body against the contract, and the query text against the family's catalog.
 */
import type { Endpoint } from "../api/endpoints.js";
import { CATALOG_FAMILY, type Family } from "../api/facts.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { lintFile } from "../lint/lint.js";
import { builtinCatalog } from "../semantic/catalog.js";

/** A request ready to send. */
export interface PreparedRequest {
  readonly method: string;
  readonly url: string;
  /** The JSON body, exactly as checked. */
  readonly body?: string;
}

function encode(value: string): string {
  // `;` joins list values; the service reads it literally.
  return encodeURIComponent(value).replace(/%3B/gi, ";");
}

function written(value: unknown): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return value.map(String).join(";");
  return String(value);
}

/** The URL and body of a call; parameters the endpoint does not know go in the query, for the checks to name. */
export function prepare(endpoint: Endpoint, root: string, input: Record<string, unknown>): PreparedRequest {
  const used = new Set<string>(["body"]);
  let path = endpoint.path;
  for (const parameter of endpoint.parameters.filter((p) => p.in === "path")) {
    used.add(parameter.name);
    path = path.replace(`{${parameter.name}}`, encode(written(input[parameter.name] ?? "")));
  }
  const query: string[] = [];
  for (const [name, value] of Object.entries(input)) {
    if (used.has(name) || value === undefined) continue;
    query.push(`${encode(name)}=${encode(written(value))}`);
  }
  const url = `${root}${path}${query.length > 0 ? `?${query.join("&")}` : ""}`;
  return {
    method: endpoint.method,
    url,
    ...(endpoint.body !== undefined && { body: JSON.stringify(input.body ?? {}) }),
  };
}

/** The request as a `.http` request; the token never appears in it. */
export function requestText(request: PreparedRequest): string {
  const head = `${request.method} ${request.url}\nAuthorization: Bearer <token>\n`;
  return request.body === undefined ? head : `${head}Content-Type: application/json\n\n${request.body}\n`;
}

/** The errors the contract and the checker find in a request (none: it may be sent). */
export function requestErrors(text: string, family: Family, now: Date): Diagnostic[] {
  const result = lintFile("request.http", text, { catalog: builtinCatalog(CATALOG_FAMILY[family]), now });
  return result.diagnostics.filter((d) => d.severity === "error");
}
