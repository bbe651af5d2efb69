/**
 * The admin API under `/_emulator`: the clock, reset, seed, fault injection (request faults and
 * failed executions), the journal, user rows per dataset and the report files behind signed links.
 * Not part of the emulated contract; no bearer token needed (the server listens on loopback).
 */
import { ENDPOINTS } from "../../api/endpoints.js";
import { closestNames } from "../../semantic/suggest.js";
import { allowHeader } from "./allow.js";
import { Answer, type EmulatorRequest, fail, json } from "./envelope.js";
import type { OperationContext } from "./operations.js";
import { fileId, isAdminPath, malformedPathDetail, pathOf } from "./paths.js";
import { fileAnswer } from "./report-file.js";
import { httpDate, storageError } from "./storage.js";

export interface AdminContext extends OperationContext {
  /** The largest body accepted. */
  readonly limit: number;
  /** Reads a body, or answers 413. */
  readonly bodyText: (request: EmulatorRequest) => Promise<string | Answer>;
  /** Makes the state durable (`--data`); a Answer when it could not. */
  readonly commit: () => Promise<Answer | undefined>;
}

const MAX_COUNT = 1_000_000;

async function readJson(
  c: AdminContext,
  request: EmulatorRequest,
): Promise<Record<string, unknown> | Answer> {
  const text = await c.bodyText(request);
  if (text instanceof Answer) return text;
  try {
    const value = text.trim() === "" ? {} : (JSON.parse(text) as unknown);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : fail(400, "The body must be a JSON object");
  } catch {
    return fail(400, "The body is not JSON");
  }
}

/** A whole number field within bounds, its default when absent, or a message. */
function whole(body: Record<string, unknown>, name: string, fallback: number, max: number): number | string {
  const n = body[name] ?? fallback;
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= max
    ? n
    : `\`${name}\` must be a whole number from 0 to ${max}`;
}

/** Runs `change`, then commits before answering. */
async function durable(c: AdminContext, change: () => Promise<Answer> | Answer): Promise<Answer> {
  const response = await change();
  if (response.status !== 200) return response;
  return (await c.commit()) ?? response;
}

type Run = () => Promise<Answer> | Answer;

/** The admin operation at `path` by method (HEAD and OPTIONS are the handler's), or undefined. */
function operationsAt(
  c: AdminContext,
  request: EmulatorRequest,
  url: URL,
): Partial<Record<string, Run>> | undefined {
  const path = pathOf(url);
  if (!isAdminPath(path)) return undefined;
  const [, first, second, third, ...rest] = path.segments;
  if (first === "datasets" && second !== undefined && third === "rows" && rest.length === 0)
    return { POST: () => loadRows(c, request, second) };
  const id = fileId(path);
  if (id !== undefined) return { GET: () => download(c, request, url, id) };
  // The fixed names by their segments: one holding `/` (sent as %2F) is no name's.
  const fixed = path.segments.some((s) => s.includes("/")) ? "" : `/${path.segments.join("/")}`;
  switch (fixed) {
    case "/_emulator/clock":
      return { GET: () => json({ now: c.clock.now().toISOString() }) };
    case "/_emulator/clock/advance":
      return { POST: () => durable(c, () => advance(c, request)) };
    case "/_emulator/reset":
      return {
        POST: () =>
          durable(c, async () => {
            c.runner.stop();
            await c.runner.idle();
            c.state.clear();
            c.clock.reset();
            return json({ reset: true, now: c.clock.now().toISOString() });
          }),
      };
    case "/_emulator/seed":
      return { POST: () => seed(c, request) };
    case "/_emulator/faults":
      return {
        GET: () => json(faults(c)),
        POST: () => addFault(c, request),
        DELETE: () => {
          c.state.faults = [];
          c.state.executionFaults = [];
          return json(faults(c));
        },
      };
    case "/_emulator/journal":
      return { GET: () => json({ entries: c.state.journal }) };
    default:
      return undefined;
  }
}

/** Whether a URL is a report file's signed link (its errors are storage's, storage.ts). */
export function isFilePath(url: URL): boolean {
  return fileId(pathOf(url)) !== undefined;
}

/** The methods of the admin operation at `url`, or undefined when there is none. */
export function adminMethods(url: URL): string[] | undefined {
  const request: EmulatorRequest = {
    method: "GET",
    url: url.href,
    headers: { get: () => null },
    arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)),
  };
  const operations = operationsAt({} as AdminContext, request, url);
  return operations === undefined ? undefined : Object.keys(operations);
}

export async function admin(c: AdminContext, request: EmulatorRequest, url: URL): Promise<Answer> {
  const path = pathOf(url);
  if (path.malformed !== undefined)
    return isFilePath(url)
      ? storageError("InvalidUri", { now: c.clock.now(), detail: malformedPathDetail(path) })
      : fail(400, `Malformed request path: ${malformedPathDetail(path)}`);
  const operations = operationsAt(c, request, url);
  if (operations === undefined) return fail(404, `No admin operation at ${url.pathname}`);
  const run = operations[request.method.toUpperCase()];
  if (run !== undefined) return run();
  const allow = allowHeader(Object.keys(operations));
  if (isFilePath(url))
    return storageError("UnsupportedHttpVerb", {
      now: c.clock.now(),
      detail: `A report file's link answers ${allow}`,
      headers: { allow },
    });
  return fail(405, `Use ${allow}`, { headers: { allow } });
}

async function advance(c: AdminContext, request: EmulatorRequest): Promise<Answer> {
  const body = await readJson(c, request);
  if (body instanceof Answer) return body;
  const hours = body.hours;
  if (typeof hours !== "number" || !Number.isFinite(hours) || hours < 0 || hours > 24 * 365 * 10)
    return fail(400, "`hours` must be a number from 0 to 87600");
  const now = c.clock.advance(hours);
  const { executed, expired } = await c.runner.runDue();
  return json({ now: now.toISOString(), executed, expired });
}

/** Rebuilds the synthetic data from a seed (and a row count): the same seed gives the same rows. */
async function seed(c: AdminContext, request: EmulatorRequest): Promise<Answer> {
  const body = await readJson(c, request);
  if (body instanceof Answer) return body;
  const value = whole(body, "seed", c.engine.seed, 2 ** 31 - 1);
  if (typeof value === "string") return fail(400, value);
  const rows = whole(body, "rows", c.engine.rows, 100_000_000);
  if (typeof rows === "string") return fail(400, rows);
  await c.engine.reseed(value, rows);
  return json({ seed: value, rows });
}

function faults(c: AdminContext) {
  return { faults: c.state.faults, executionFaults: c.state.executionFaults };
}

/**
 * `{"route": "createQuery" | "/ScheduledReport" | "*", "status": 429 | 500 | 503, "count": N}`: the
 * next N matching requests answer that status. `{"kind": "execution", "count": N, "message"?: M}`: the
 * next N executions fail.
 */
async function addFault(c: AdminContext, request: EmulatorRequest): Promise<Answer> {
  const body = await readJson(c, request);
  if (body instanceof Answer) return body;
  const count = body.count ?? 1;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > MAX_COUNT)
    return fail(400, "`count` must be a positive integer");
  const kind = body.kind ?? "request";
  if (kind === "execution") {
    const message = body.message ?? "Injected failure (POST /_emulator/faults)";
    if (typeof message !== "string" || message.length > 1000)
      return fail(400, "`message` must be text of at most 1000 characters");
    c.state.executionFaults.push({ kind: "execution", message, remaining: count });
    return json(faults(c));
  }
  if (kind !== "request") return fail(400, '`kind` must be "request" (the default) or "execution"');
  const { route: target, status } = body;
  if (typeof target !== "string" || target === "")
    return fail(400, "`route` must be an operationId, a path or *");
  const routeProblem = unknownRoute(target);
  if (routeProblem !== undefined) return fail(400, routeProblem);
  if (status !== 429 && status !== 500 && status !== 503)
    return fail(400, "`status` must be 429, 500 or 503");
  c.state.faults.push({ route: target, status, remaining: count });
  return json(faults(c));
}

const OPERATION_IDS = ENDPOINTS.map((e) => e.operationId);

/**
 * Why a fault's route would never match, or undefined: an operationId is matched exactly, so a
 * misspelt one would stay armed and silent while the test expecting it passes for the wrong reason.
 */
function unknownRoute(route: string): string | undefined {
  if (route === "*" || route.startsWith("/") || OPERATION_IDS.includes(route)) return undefined;
  const best =
    OPERATION_IDS.find((id) => id.toLowerCase() === route.toLowerCase()) ??
    closestNames(route, OPERATION_IDS, 1)[0];
  const meant = best === undefined ? "." : `; did you mean ${best}?`;
  return `\`route\` ${JSON.stringify(route)} is not an operationId${meant} Give an operationId (${OPERATION_IDS.join(", ")}), a path part starting with /, or *`;
}

async function loadRows(c: AdminContext, request: EmulatorRequest, name: string): Promise<Answer> {
  const text = await c.bodyText(request);
  if (text instanceof Answer) return text;
  const loaded = await c.engine.loadCsv(name, text);
  return loaded.ok ? json({ dataset: name, rows: loaded.rows }) : fail(400, loaded.message);
}

function download(c: AdminContext, request: EmulatorRequest, url: URL, executionId: string): Answer {
  const found = c.runner.download(
    executionId,
    url.searchParams.get("se") ?? "",
    url.searchParams.get("sig") ?? "",
  );
  const now = c.clock.now();
  if (found.status === 200) return fileAnswer(request, found, now);
  if (found.status === 404)
    return storageError("BlobNotFound", {
      now,
      detail:
        "No report file for this execution: its report was deleted, or the run is past the 90 days Get Report Executions lists",
    });
  const renew = "get the execution again (Get Report Executions) for a fresh link";
  if (found.status === "expired")
    return storageError("AuthenticationFailed", {
      now,
      authenticationDetail: `Signature not valid in the specified time frame: Expiry [${httpDate(found.expiry)}] - Current [${httpDate(now)}]`,
      detail: `The link expired at ${found.expiry.toISOString()} (the emulator's clock is ${now.toISOString()}); ${renew}`,
    });
  return storageError("AuthenticationFailed", {
    now,
    authenticationDetail: "Signature did not match.",
    detail: `The link's signature (sig) does not match its execution id and expiry (se): it was changed or cut; ${renew}`,
  });
}
