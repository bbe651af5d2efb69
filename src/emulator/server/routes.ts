/**
 * Routing driven by the contract's `ENDPOINTS` table: the family root, the operation by method and
 * path template, path and query parameters by name (any case, as the service), each value checked by
 * the parameter's kind with the contract's own schemas. Nothing here restates an endpoint.
 */
import { ENDPOINTS, type Endpoint, type Parameter, parametersFor } from "../../api/endpoints.js";
import { EXECUTION_STATUSES, type Family, systemQuery } from "../../api/facts.js";
import { guid } from "../../api/schemas.js";
import { isServiceTime } from "../../api/times.js";
import { MESSAGES } from "./envelope.js";
import { malformedPathDetail, pathOf, requestPath } from "./paths.js";

/** The roots the emulator serves. */
export const SERVED_ROOTS: readonly { readonly path: string; readonly family: Family }[] = [
  { path: "/insights/v1/mpn", family: "mpn" },
  { path: "/insights/v1/cmp", family: "cmp" },
  { path: "/insights/v1.1/cmp", family: "cmp" },
];

export interface Route {
  readonly endpoint: Endpoint;
  readonly family: Family;
  readonly root: string;
  /** Path and query parameters by their documented names; list parameters split at `;`. */
  readonly params: ReadonlyMap<string, readonly string[]>;
}

export type RouteResult =
  | { readonly kind: "route"; readonly route: Route }
  | { readonly kind: "not-found" }
  | { readonly kind: "method"; readonly allow: readonly string[] }
  | { readonly kind: "bad-parameter"; readonly message: string; readonly detail: string };

/** A template's or root's segments, split as a request's path is (paths.ts). */
function segments(path: string): readonly string[] {
  return requestPath(path).segments;
}

/**
 * Each endpoint's path template in segments, split once and lower-cased (routing is on every
 * request's path); a parameter segment is undefined.
 */
const TEMPLATES = ENDPOINTS.map((e) => ({
  e,
  template: segments(e.path).map((part) => (part.startsWith("{") ? undefined : part.toLowerCase())),
}));

/** How well a template matches the lower-cased segments: -1 for no match, else the literal segments. */
function score(template: readonly (string | undefined)[], actual: readonly string[]): number {
  if (template.length !== actual.length) return -1;
  let literal = 0;
  for (let i = 0; i < template.length; i++) {
    const part = template[i];
    if (part === undefined) continue;
    if (part !== actual[i]) return -1;
    literal++;
  }
  return literal;
}

/** The served roots in segments, split once. */
const ROOTS = SERVED_ROOTS.map((root) => ({ root, parts: segments(root.path) }));

/** The route of a request, or why there is none. */
export function route(method: string, url: URL): RouteResult {
  const path = pathOf(url);
  if (path.malformed !== undefined)
    return { kind: "bad-parameter", message: "Bad Request", detail: malformedPathDetail(path) };
  const all = path.segments;
  // Matched on the decoded path, as ASP.NET does: `/insights/v1/%63mp` is the cmp root.
  const lowered = all.map((s) => s.toLowerCase());
  const found = ROOTS.find((r) => r.parts.every((part, i) => lowered[i] === part));
  if (found === undefined) return { kind: "not-found" };
  const root = found.root;
  const raw = all.slice(found.parts.length);
  const lower = raw.map((s) => s.toLowerCase());
  const matches = TEMPLATES.map(({ e, template }) => ({ e, s: score(template, lower) })).filter(
    (m) => m.s >= 0,
  );
  if (matches.length === 0) return { kind: "not-found" };
  const best = Math.max(...matches.map((m) => m.s));
  const candidates = matches.filter((m) => m.s === best);
  const endpoint = candidates.find((m) => m.e.method === method.toUpperCase())?.e;
  if (endpoint === undefined)
    return { kind: "method", allow: [...new Set(candidates.map((m) => m.e.method))].sort() };
  const params = new Map<string, readonly string[]>();
  const template = segments(endpoint.path);
  for (const parameter of endpoint.parameters.filter((p) => p.in === "path")) {
    const value = raw[template.indexOf(`{${parameter.name}}`)] ?? "";
    params.set(parameter.name, parameter.list ? splitList(value) : [value]);
  }
  const documented = parametersFor(endpoint, root.family).filter((p) => p.in === "query");
  const given = new Set<string>();
  for (const [name, value] of url.searchParams) {
    const known = documented.find((p) => p.name.toLowerCase() === name.toLowerCase());
    // The service ignores parameters it does not know; so does the emulator. An empty value is no
    // value (ASP.NET binds it as null): the documented URL templates, `?queryId=&queryName=&...`,
    // are sent as they are by clients that fill in only some of them. A parameter given twice
    // takes its first value, as ASP.NET binds a single value (whatever the later ones hold).
    if (known === undefined || given.has(known.name)) continue;
    given.add(known.name);
    if (value !== "") params.set(known.name, known.list ? splitList(value) : [value]);
  }
  for (const parameter of [...endpoint.parameters.filter((p) => p.in === "path"), ...documented]) {
    for (const value of params.get(parameter.name) ?? []) {
      const problem = checkValue(parameter, value, root.family);
      if (problem !== undefined) return { kind: "bad-parameter", ...problem };
    }
  }
  return { kind: "route", route: { endpoint, family: root.family, root: root.path, params } };
}

function splitList(value: string): string[] {
  return value.split(";").filter((v) => v !== "");
}

/** A parameter value's problem by its kind, as the service's message and the emulator's detail. */
function checkValue(
  parameter: Parameter,
  value: string,
  family: Family,
): { message: string; detail: string } | undefined {
  const detail = (what: string) => `\`${parameter.name}\`: ${JSON.stringify(value)} is not ${what}`;
  switch (parameter.check) {
    case "id":
      return guid.safeParse(value).success
        ? undefined
        : { message: MESSAGES.badParameters, detail: detail("a UUID") };
    case "query-id": {
      const system = systemQuery(value);
      if (system !== undefined && system.family !== family)
        return { message: MESSAGES.invalidQueryId, detail: detail(`a ${family} query id`) };
      return system !== undefined || guid.safeParse(value).success
        ? undefined
        : { message: MESSAGES.invalidQueryId, detail: detail("a query id") };
    }
    case "boolean":
      return /^(true|false)$/i.test(value)
        ? undefined
        : { message: MESSAGES.badParameters, detail: detail("true or false") };
    case "execution-status":
      return EXECUTION_STATUSES.some((s) => s.toLowerCase() === value.toLowerCase())
        ? undefined
        : { message: `Requested value '${value}' not found`, detail: detail(EXECUTION_STATUSES.join(", ")) };
    case "time":
      return isServiceTime(value)
        ? undefined
        : { message: MESSAGES.badParameters, detail: detail("a time written yyyy-MM-ddTHH:mm:ssZ") };
    default:
      return undefined;
  }
}

/** The first value of a parameter. */
export function param(route: Route, name: string): string | undefined {
  return route.params.get(name)?.[0];
}

/** A boolean parameter, with its default. */
export function flag(route: Route, name: string, fallback: boolean): boolean {
  const value = param(route, name);
  return value === undefined ? fallback : value.toLowerCase() === "true";
}
