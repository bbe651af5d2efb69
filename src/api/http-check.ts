/**
 * Checks of the requests in a `.http` / `.rest` file: the method and URL say which endpoint and
 * family, then the root, path ids, query parameters, the `Authorization` header and the JSON body are
 * checked against the contract. The query text of an `exportQuery` parameter (URL-decoded) and of a
 * body's `Query` are returned as documents mapped to the file, for the query checker.
 */

import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Diagnostic, Fix } from "../diagnostics/diagnostic.js";
import {
  diagnosticArguments,
  makeDiagnostic,
  makeVariant,
  singleEditFix,
  type TemplateData,
} from "../diagnostics/make.js";
import { builtinCatalog, type Catalog } from "../semantic/catalog.js";
import { closestNames } from "../semantic/suggest.js";
import { append } from "../text/append.js";
import { emptySpan, span } from "../text/span.js";
import { type Document, parseRequestJson } from "./documents.js";
import { type Endpoint, type Parameter, parametersFor } from "./endpoints.js";
import {
  apiOfCatalog,
  CATALOG_FAMILY,
  documentedRoot,
  EXECUTION_STATUSES,
  type Family,
  systemQuery,
} from "./facts.js";
import { type HttpFile, type HttpRequest, parseHttpFile } from "./http-file.js";
import { type BodyReport, checkJsonBodies, detectBodyKind, parseJsonRoot } from "./json-bodies.js";
import { expandVariables, fileSlice, fileSpan, isLiteral, type MappedText, subText } from "./mapped-text.js";
import { datasetOfQueryText, endAfterStart, type RequestCheckOptions } from "./rules.js";
import { BODY_TITLES, guid } from "./schemas.js";
import { correctTime, isServiceTime } from "./times.js";
import { type ApiUrl, closestPath, matchPath, pathSegments, splitApiUrl, type UrlParameter } from "./url.js";

/** What the checks of a request file found. */
export interface HttpCheckResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly queries: readonly Document[];
  readonly bodies: readonly BodyReport[];
}

/** Everything a request's checks need to know about its file. */
interface FileContext {
  readonly text: string;
  readonly file: HttpFile;
  readonly options: RequestCheckOptions;
  readonly lookup: (name: string) => string | undefined;
  /** Datasets of the queries whose id a response handler stores in a global variable, by its name. */
  readonly globals: ReadonlyMap<string, string>;
}

/** Checks every request of a request file. Never throws. */
export function checkHttpFile(
  text: string,
  options: RequestCheckOptions = {},
): HttpCheckResult & { readonly queryVariables: ReadonlyMap<string, string> } {
  const file = parseHttpFile(text);
  const values = new Map(file.variables.map((v) => [v.name, v.value]));
  const lookup = (name: string) => values.get(name);
  const globals = queryVariables(text, file, lookup, options);
  const context: FileContext = { text, file, options, lookup, globals };
  const results = file.requests.map((r) => checkRequest(r, context));
  const queries = results.flatMap((r) => r.queries);
  const withVariables = queries.flatMap((query) => {
    const variable = VARIABLE.exec(query.text);
    return variable === null ? [] : [{ query, variable }];
  });
  return {
    diagnostics: [
      ...results.flatMap((r) => r.diagnostics),
      ...withVariables.map(({ query, variable }) =>
        makeDiagnostic(
          "RQ3043",
          span(query.toFile(variable.index), query.toFile(variable.index + variable[0].length)),
          { variable: variable[0] },
        ),
      ),
    ],
    // The client fills variables in: what reportql would check is not the query sent (RQ3043).
    queries: queries.filter((q) => !withVariables.some((w) => w.query === q)),
    bodies: results.flatMap((r) => r.bodies),
    queryVariables: globals,
  };
}

/** A variable the HTTP client fills in (`{{name}}`, `{{$random.uuid}}`). */
const VARIABLE = /\{\{[^{}]*\}\}/;

/**
 * The global variables set from the response of a Create Report Query request (`POST
 * .../ScheduledQueries` with a handler storing `response.body...`), each with the dataset its
 * `Query` reads: the id the service assigns is unknown here, but a report whose `QueryId` is
 * `{{variable}}` is on that dataset.
 */
function queryVariables(
  text: string,
  file: HttpFile,
  lookup: (name: string) => string | undefined,
  options: RequestCheckOptions,
): Map<string, string> {
  const found = new Map<string, string>();
  for (const request of file.requests) {
    if (request.globals === undefined || request.method !== "POST") continue;
    const api = splitApiUrl(expandVariables(joinUrl(request, text), lookup));
    if (api === undefined || !/^\/?ScheduledQueries\/?$/i.test(api.path.text)) continue;
    const dataset = datasetOfRequestBody(request, text, options);
    if (dataset !== undefined) for (const name of request.globals) found.set(name, dataset);
  }
  return found;
}

function checkRequest(request: HttpRequest, context: FileContext): HttpCheckResult {
  const url = expandVariables(joinUrl(request, context.text), context.lookup);
  const api = splitApiUrl(url);
  // Other requests (a token request, another API) are not the contract's business.
  if (api === undefined) return { diagnostics: [], queries: [], bodies: [] };
  const out: Diagnostic[] = [];
  const family = api.root.family;
  if (!api.root.documented) out.push(rootDiagnostic(api));
  append(out, authorization(request, context));
  const segments = pathSegments(api.path);
  const candidates = matchPath(segments);
  const endpoint = candidates.find((e) => e.method === request.method);
  if (endpoint === undefined) {
    out.push(endpointDiagnostic(request, api, candidates));
    return { diagnostics: out, queries: [], bodies: [] };
  }
  const queries: Document[] = [];
  append(out, pathParameters(endpoint, segments, family));
  append(out, queryParameters(endpoint, api, family, request, queries, context.options.catalog));
  const body = checkRequestBody(request, endpoint, family, context);
  append(out, body.diagnostics);
  append(queries, body.queries);
  return { diagnostics: out, queries, bodies: body.bodies };
}

/** The URL of the request line and its continuation lines, as one text mapped to the file. */
function joinUrl(request: HttpRequest, text: string): MappedText {
  const pieces = request.url.map((p) => fileSlice(text, p.start, p.end));
  return {
    text: pieces.map((p) => p.text).join(""),
    starts: pieces.flatMap((p) => p.starts),
    ends: pieces.flatMap((p) => p.ends),
    end: pieces[pieces.length - 1]?.end ?? 0,
  };
}

function at<C extends DiagnosticCode>(
  code: C,
  m: MappedText,
  data: TemplateData<C>,
  fixes: readonly Fix[] = [],
): Diagnostic {
  return makeDiagnostic(code, fileSpan(m, 0, m.text.length), ...diagnosticArguments(data, { fixes }));
}

/** A fix replacing mapped text, offered only where the text is written literally in the file. */
function replaceFix(
  m: MappedText,
  title: string,
  applicability: Fix["applicability"],
  newText: string,
): Fix[] {
  return isLiteral(m) ? [singleEditFix(title, applicability, fileSpan(m, 0, m.text.length), newText)] : [];
}

function rootDiagnostic(api: ApiUrl): Diagnostic {
  const documented = documentedRoot(api.root.family);
  return at(
    "RQ3034",
    api.rootText,
    { root: api.root.path, source: api.root.source, documented },
    replaceFix(api.rootText, `Write \`${documented}\``, "unsafe", documented),
  );
}

function authorization(request: HttpRequest, context: FileContext): Diagnostic[] {
  const header = request.headers.find((h) => h.name.toLowerCase() === "authorization");
  if (header) {
    const value = expandVariables(fileSlice(header.value, 0, header.value.length), context.lookup).text;
    if (/^bearer\s+\S/i.test(value) || value.startsWith("{{")) return [];
  }
  return [makeDiagnostic("RQ3033", header?.span ?? request.requestLine)];
}

function endpointDiagnostic(request: HttpRequest, api: ApiUrl, candidates: readonly Endpoint[]): Diagnostic {
  const path = api.path.text;
  if (candidates.length > 0) {
    const methods = [...new Set(candidates.map((e) => `\`${e.method}\``))].join(" or ");
    return makeDiagnostic("RQ3028", request.methodSpan ?? request.requestLine, {
      method: request.method,
      path,
      methods,
    });
  }
  const suggestion = closestPath(path);
  // A suggestion with `{id}` placeholders cannot be written for the user: the ids are theirs.
  const fixes = suggestion.includes("{")
    ? []
    : replaceFix(api.path, `Write \`${suggestion}\``, "unsafe", suggestion);
  return at("RQ3027", api.path, { path, suggestion }, fixes);
}

/** Path parameters: ids, several joined with `;` where the endpoint allows it. */
function pathParameters(endpoint: Endpoint, segments: readonly MappedText[], family: Family): Diagnostic[] {
  const template = endpoint.path.split("/").filter((s) => s !== "");
  const out: Diagnostic[] = [];
  for (const [i, part] of template.entries()) {
    const parameter = endpoint.parameters.find((p) => p.in === "path" && `{${p.name}}` === part);
    const segment = segments[i];
    if (parameter && segment) append(out, checkValue(parameter, segment, family));
  }
  return out;
}

/** The items of a value: split at `;` for list parameters. */
function items(parameter: Parameter, value: MappedText): MappedText[] {
  if (!parameter.list) return [value];
  const out: MappedText[] = [];
  let start = 0;
  for (let i = 0; i <= value.text.length; i++) {
    if (i === value.text.length || value.text.charAt(i) === ";") {
      if (i > start) out.push(subText(value, start, i));
      start = i + 1;
    }
  }
  return out;
}

/** The checks of one parameter value by its kind. */
function checkValue(parameter: Parameter, value: MappedText, family: Family): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of items(parameter, value)) {
    // Not trimmed: a stray space (as in a documented URL) makes the id wrong.
    const text = item.text;
    if (text.includes("{{")) continue;
    switch (parameter.check) {
      case "id":
        if (!guid.safeParse(text).success)
          out.push(at("RQ3022", item, { field: parameter.name, value: text }));
        break;
      case "query-id":
        append(out, queryIdValue(parameter, item, text, family));
        break;
      case "boolean":
        if (!/^(true|false)$/i.test(text))
          out.push(at("RQ3030", item, { parameter: parameter.name, value: text }));
        break;
      case "execution-status":
        append(out, statusValue(parameter, item, text));
        break;
      case "time":
        if (!isServiceTime(text)) out.push(timeValue(parameter, item, text));
        break;
    }
  }
  return out;
}

function queryIdValue(parameter: Parameter, item: MappedText, text: string, family: Family): Diagnostic[] {
  const system = systemQuery(text);
  if (system && system.family !== family)
    return [at("RQ3023", item, { value: text, dataset: system.dataset, queryFamily: system.family, family })];
  if (system || guid.safeParse(text).success) return [];
  return [at("RQ3021", item, { field: parameter.name, value: text })];
}

function statusValue(parameter: Parameter, item: MappedText, text: string): Diagnostic[] {
  if (EXECUTION_STATUSES.some((s) => s.toLowerCase() === text.toLowerCase())) return [];
  const [closest] = closestNames(text, EXECUTION_STATUSES, 1);
  const fixes = closest ? replaceFix(item, `Write \`${closest}\``, "unsafe", closest) : [];
  return [at("RQ3031", item, { value: text, parameter: parameter.name, values: EXECUTION_STATUSES }, fixes)];
}

function timeValue(parameter: Parameter, item: MappedText, text: string): Diagnostic {
  const corrected = correctTime(text);
  const fixes = corrected
    ? replaceFix(item, `Write \`${corrected.value}\``, corrected.applicability, corrected.value)
    : [];
  // Nothing to write in its place: the format alone, not "write `yyyy-MM-ddTHH:mm:ssZ`" twice.
  if (corrected === undefined)
    return makeVariant("RQ3007", "formatOnly", fileSpan(item, 0, item.text.length), {
      field: parameter.name,
    });
  return at("RQ3007", item, { field: parameter.name, suggestion: corrected.value }, fixes);
}

/**
 * A dataset name the catalog does not know for this family: the service answers with no dataset.
 * A catalog without the family's datasets (a user catalog of the other family) judges nothing.
 */
function datasetValue(value: MappedText, family: Family, catalog: Catalog): Diagnostic[] {
  const name = value.text.trim();
  const ofFamily = catalog.datasets.filter(
    (d) => d.family === undefined || d.family === CATALOG_FAMILY[family],
  );
  if (name === "" || name.includes("{{") || ofFamily.length === 0) return [];
  if (ofFamily.some((d) => d.name.toLowerCase() === name.toLowerCase())) return [];
  const elsewhere = catalog.dataset(name);
  if (elsewhere?.family !== undefined)
    return [
      at("RQ3024", value, {
        dataset: elsewhere.name,
        datasetFamily: elsewhere.family,
        datasetApi: apiOfCatalog(elsewhere.family),
        family,
      }),
    ];
  const names = ofFamily.map((d) => d.name);
  const suggestion = closestNames(name, names, 1)[0] ?? (names[0] as string);
  const fixes = replaceFix(value, `Write \`${suggestion}\``, "unsafe", suggestion);
  return [at("RQ3040", value, { dataset: name, family, suggestion }, fixes)];
}

/** Query parameters: known names (any case), values, the try API's source and time range. */
function queryParameters(
  endpoint: Endpoint,
  api: ApiUrl,
  family: Family,
  request: HttpRequest,
  queries: Document[],
  catalog: Catalog = builtinCatalog("all"),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const documented = parametersFor(endpoint, family).filter((p) => p.in === "query");
  const given = new Map<string, UrlParameter>();
  for (const parameter of api.query) {
    const known = documented.find((p) => p.name.toLowerCase() === parameter.name.toLowerCase());
    if (known === undefined) {
      out.push(unknownParameter(endpoint, parameter, documented, family));
      continue;
    }
    given.set(known.name, parameter);
    if (known.check === "query-text" && parameter.value.text.trim() === "")
      out.push(at("RQ3038", parameter.hasEquals ? parameter.raw : parameter.nameText, { field: known.name }));
    else if (known.check === "query-text") queries.push(queryDocument(parameter.value));
    else if (known.check === "dataset") append(out, datasetValue(parameter.value, family, catalog));
    else append(out, checkValue(known, parameter.value, family));
  }
  if (endpoint.operationId === "tryQuery") append(out, tryQueryRules(given, request));
  return out;
}

function unknownParameter(
  endpoint: Endpoint,
  parameter: UrlParameter,
  documented: readonly Parameter[],
  family: Family,
) {
  const other = endpoint.parameters.find(
    (p) => p.family && p.family !== family && p.name.toLowerCase() === parameter.name.toLowerCase(),
  );
  if (other?.family) {
    return at("RQ3025", parameter.nameText, { parameter: parameter.name, otherFamily: other.family, family });
  }
  const names = documented.map((p) => p.name);
  const [closest] = closestNames(parameter.name, names, 1);
  const fixes = closest ? replaceFix(parameter.nameText, `Write \`${closest}\``, "unsafe", closest) : [];
  const list = names.length > 0 ? names.map((n) => `\`${n}\``).join(", ") : "none";
  return at(
    "RQ3029",
    parameter.nameText,
    { parameter: parameter.name, operation: endpoint.operationId, parameters: list },
    fixes,
  );
}

function tryQueryRules(given: ReadonlyMap<string, UrlParameter>, request: HttpRequest): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sources = ["exportQuery", "queryId"].filter((n) => given.has(n)).length;
  if (sources !== 1)
    out.push(makeVariant("RQ3032", sources === 0 ? "neither" : "both", request.requestLine, {}));
  const start = given.get("startTime");
  const end = given.get("endTime");
  if (start && end) {
    const field = (name: string, p: UrlParameter) => ({
      name,
      text: p.value.text.trim(),
      span: fileSpan(p.raw, 0, p.raw.text.length),
    });
    append(out, endAfterStart(field("startTime", start), field("endTime", end)));
  }
  return out;
}

/** The decoded `exportQuery` text as a document: offsets map to the escapes, edits are re-encoded. */
function queryDocument(value: MappedText): Document {
  return {
    text: value.text,
    label: "exportQuery",
    toFile: (offset) => (offset < value.text.length ? (value.starts[offset] ?? value.end) : value.end),
    encode: (t) => encodeURIComponent(t),
  };
}

/** The body: present when the endpoint takes one, of the right kind, then checked as that kind. */
function checkRequestBody(
  request: HttpRequest,
  endpoint: Endpoint,
  family: Family,
  context: FileContext,
): HttpCheckResult {
  const none = { diagnostics: [], queries: [], bodies: [] };
  // A body read from another file (`< ./body.json`) is there, but not in this file to check.
  if (endpoint.body === undefined || request.bodyFromFile === true) return none;
  const operation = `${endpoint.method} ${endpoint.path}`;
  const expected = BODY_TITLES[endpoint.body];
  if (request.body === undefined)
    return {
      ...none,
      diagnostics: [makeDiagnostic("RQ3036", request.requestLine, { operation, expectedBody: expected })],
    };
  const contentType = contentTypeDiagnostics(request, context);
  const masked = maskedBody(context.text, request.body.start, request.body.end);
  // Parsed once here, for the kind, and handed to the body checks.
  const parsed = parseRequestJson(masked, request.body.start);
  const root = parsed.root;
  const detected = root && root.type === "object" ? detectBodyKind(root) : undefined;
  // A report body with a create-only field sent to the update is checked as an update (RQ3020 says
  // which field); only a query body and a report body are told apart.
  const mismatch =
    detected !== undefined && (detected === "createQuery") !== (endpoint.body === "createQuery");
  if (root && (root.type !== "object" || mismatch)) {
    const found = detected && mismatch ? BODY_TITLES[detected] : `JSON ${root.type}`;
    return {
      ...none,
      diagnostics: [
        makeDiagnostic("RQ3035", request.body, { operation, expectedBody: expected, foundBody: found }),
      ],
    };
  }
  const options = { ...context.options, datasetOfQuery: (id: string) => datasetOfReference(id, context) };
  const checked = checkJsonBodies(masked, { text: context.text, family, options }, endpoint.body, parsed);
  const syntax = checked.syntaxError
    ? [makeDiagnostic("RQ3037", checked.syntaxError.span, { reason: checked.syntaxError.reason })]
    : [];
  return {
    diagnostics: [...contentType, ...syntax, ...checked.bodies.flatMap((b) => b.diagnostics)],
    queries: checked.bodies.flatMap((b) => (b.query ? [b.query] : [])),
    bodies: checked.bodies,
  };
}

/**
 * A JSON body needs `Content-Type: application/json` (the documentation lists it for every call);
 * ASP.NET answers 415 without it. The fix adds the header after the request line (safe).
 */
function contentTypeDiagnostics(request: HttpRequest, context: FileContext): Diagnostic[] {
  const header = request.headers.find((h) => h.name.toLowerCase() === "content-type");
  const value = header
    ? expandVariables(fileSlice(header.value, 0, header.value.length), context.lookup).text
    : "";
  if (/^application\/json\b/i.test(value.trim()) || value.includes("{{")) return [];
  const fix = header
    ? singleEditFix(
        "Write `Content-Type: application/json`",
        "safe",
        header.span,
        "Content-Type: application/json",
      )
    : singleEditFix(
        "Add `Content-Type: application/json`",
        "safe",
        emptySpan(request.requestLine.end),
        `${lineBreak(context.text)}Content-Type: application/json`,
      );
  // No header at all is said so, not as a content type called `none`.
  if (!value)
    return [makeVariant("RQ3041", "missing", header?.span ?? request.requestLine, {}, { fixes: [fix] })];
  return [makeDiagnostic("RQ3041", header?.span ?? request.requestLine, { found: value }, { fixes: [fix] })];
}

function lineBreak(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

/**
 * The file text up to the end of the body, everything but the body blanked (offsets stay the
 * file's), and each `{{variable}}`
 * outside a JSON string turned into a string of the same length, so `"RecurrenceInterval": {{hours}}`
 * still parses; values holding `{{` are not checked.
 */
function maskedBody(text: string, start: number, end: number): string {
  let body = "";
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = text.charAt(i);
    if (inString) {
      body += c;
      if (c === "\\") body += text.charAt(++i);
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      body += c;
    } else if (text.startsWith("{{", i)) {
      const close = text.indexOf("}}", i + 2);
      if (close < 0 || close + 2 > end) {
        body += c;
        continue;
      }
      // `{{name}}` becomes `"{{name"`: same length, and a string the rules know not to check.
      body += `"{{${text.slice(i + 2, close).replace(/["\\]/g, "_")}"`;
      i = close + 1;
    } else body += c;
  }
  // Spaces before the body keep its offsets the file's; nothing after it needs keeping (or scanning).
  return " ".repeat(start) + body;
}

/**
 * The dataset of a query id written as a reference to a request of the same file, such as
 * `{{createQuery.response.body.value[0].queryId}}` (directly or through a file variable), when that
 * request is a Create Report Query: its `Query` text says the dataset.
 */
function datasetOfReference(id: string, context: FileContext): string | undefined {
  const expanded = expandVariables(fileSlice(id, 0, id.length), context.lookup).text;
  const global = /^\{\{\s*([\w.-]+)\s*\}\}$/.exec(expanded.trim());
  const fromGlobal = global ? context.globals.get(global[1] as string) : undefined;
  if (fromGlobal !== undefined) return fromGlobal;
  const match = /^\{\{\s*([\w-]+)\.response\.body\b[^}]*\}\}$/i.exec(expanded.trim());
  if (match === null) return context.options.datasetOfQuery?.(id);
  const source = context.file.requests.find((r) => r.name === match[1]);
  return source && datasetOfRequestBody(source, context.text, context.options);
}

/** The dataset the `Query` of a request's JSON body reads, if the body holds one. */
function datasetOfRequestBody(
  source: HttpRequest,
  text: string,
  options: RequestCheckOptions,
): string | undefined {
  if (source.body === undefined) return undefined;
  const root = parseJsonRoot(maskedBody(text, source.body.start, source.body.end));
  const query = root?.children
    ?.map((p) => p.children ?? [])
    .find(
      ([key]) => typeof key?.value === "string" && key.value.trim().toLowerCase() === "query",
    )?.[1]?.value;
  return typeof query === "string" ? datasetOfQueryText(query, options.catalog)?.name : undefined;
}
