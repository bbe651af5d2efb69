/**
 * The emulator as a fetch-style handler, `(request: Request) => Promise<Response>`: the API under the
 * three served roots (auth, faults, the contract's routing and the operations), and the admin API
 * under `/_emulator` (clock, reset, faults, journal, report files). No input makes it throw: an
 * unexpected failure answers 500 in the envelope.
 */
import { randomBytes } from "node:crypto";
import type { Family } from "../../api/facts.js";
import { builtinCatalog } from "../../semantic/catalog.js";
import { type EmulatorDeps, loadEmulatorDeps, type MissingDependencies } from "../deps.js";
import { EmulatorEngine } from "../engine.js";
import { type JwtCheck, unauthorised } from "./auth.js";
import { EmulatorClock } from "./clock.js";
import { fail, json, MESSAGES } from "./envelope.js";
import { DEFAULT_QUOTAS, OPERATIONS, type OperationContext, type Quotas } from "./operations.js";
import { route } from "./routes.js";
import { ExecutionRunner } from "./runner.js";
import { EmulatorState, type JournalEntry } from "./state.js";

export interface EmulatorOptions {
  /** Seed of the synthetic data (default 1). */
  readonly seed?: number;
  /** Synthetic rows per dataset (default 10,000). */
  readonly rows?: number;
  /** Where the clock starts; the real current time by default (it then follows real time). */
  readonly clock?: Date;
  /** Real milliseconds before an ExecuteNow run starts (default 500). */
  readonly executeNowDelayMs?: number;
  /** Clock hours a download link lives (default 1). */
  readonly linkTtlHours?: number;
  /** Quotas per family (default: the documented cmp quotas, none for mpn). */
  readonly quotas?: Partial<Record<Family, Quotas>>;
  /** The largest request body in bytes (default 1 MiB); larger answers 413. */
  readonly maxBodyBytes?: number;
  /** Whether callbacks may go to private ranges (10/8, 172.16/12, 192.168/16, fc00::/7); default true. */
  readonly allowPrivateCallbacks?: boolean;
  /** The emulator's URL, for download links (set by `startEmulator`). */
  readonly baseUrl?: string;
  /** Real milliseconds between checks for scheduled runs the clock reached (default 1000; 0: never). */
  readonly tickMs?: number;
  /** Also check the token's JWT shape, expiry (by the clock) and audience; off by default. */
  readonly jwt?: JwtCheck;
  /** Injected libraries (tests). */
  readonly deps?: EmulatorDeps;
}

export interface Emulator {
  readonly handle: (request: Request) => Promise<Response>;
  readonly clock: EmulatorClock;
  readonly state: EmulatorState;
  readonly maxBodyBytes: number;
  setBaseUrl(url: string): void;
  /** Resolves when no execution is running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Opens the engine and builds the handler, or says which packages to install. */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator | MissingDependencies> {
  const deps = options.deps ?? (await loadEmulatorDeps());
  if ("kind" in deps) return deps;
  const clock = new EmulatorClock(options.clock);
  const engine = await EmulatorEngine.open({
    catalog: builtinCatalog("all"),
    deps,
    now: () => clock.now(),
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.rows !== undefined && { rows: options.rows }),
  });
  if ("kind" in engine) return engine;
  const state = new EmulatorState();
  let baseUrl = options.baseUrl ?? "http://127.0.0.1";
  const allowPrivateCallbacks = options.allowPrivateCallbacks ?? true;
  const runner = new ExecutionRunner({
    engine,
    deps,
    state,
    clock,
    secret: randomBytes(32),
    executeNowDelayMs: options.executeNowDelayMs ?? 500,
    linkTtlHours: options.linkTtlHours ?? 1,
    allowPrivateCallbacks,
    baseUrl: () => baseUrl,
  });
  const context: OperationContext = {
    state,
    clock,
    engine,
    runner,
    quotas: {
      mpn: options.quotas?.mpn ?? DEFAULT_QUOTAS.mpn,
      cmp: options.quotas?.cmp ?? DEFAULT_QUOTAS.cmp,
    },
    allowPrivateCallbacks,
  };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const tickMs = options.tickMs ?? 1000;
  let ticking = false;
  const ticker =
    tickMs > 0
      ? setInterval(() => {
          if (ticking) return;
          ticking = true;
          void runner.runDue().finally(() => {
            ticking = false;
          });
        }, tickMs)
      : undefined;
  ticker?.unref?.();

  const handle = async (request: Request): Promise<Response> => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return fail(400, "Malformed request URL");
    }
    const entry = (status: number, operationId?: string): JournalEntry => ({
      time: clock.now().toISOString(),
      kind: "request",
      method: request.method,
      path: url.pathname + url.search,
      status,
      ...(operationId !== undefined && { operationId }),
    });
    try {
      if (url.pathname === "/_emulator" || url.pathname.startsWith("/_emulator/"))
        return await admin(request, url, context, runner, maxBodyBytes);
      const { response, operationId } = await api(request, url, context, maxBodyBytes, options.jwt);
      state.record(entry(response.status, operationId));
      return response;
    } catch (error) {
      state.record(entry(500));
      return fail(500, `${MESSAGES.unavailable}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return {
    handle,
    clock,
    state,
    maxBodyBytes,
    setBaseUrl: (url) => {
      baseUrl = url.replace(/\/+$/, "");
    },
    idle: () => runner.idle(),
    close: async () => {
      if (ticker !== undefined) clearInterval(ticker);
      runner.stop();
      await runner.idle();
      engine.close();
    },
  };
}

/** The body as text, or a 413 when it is larger than the limit. */
async function bodyText(request: Request, limit: number): Promise<string | Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return tooLarge(limit);
  const text = await request.text();
  return Buffer.byteLength(text) > limit ? tooLarge(limit) : text;
}

export function tooLarge(limit: number): Response {
  return fail(413, `Request body too large: the limit is ${limit} bytes`);
}

async function api(
  request: Request,
  url: URL,
  context: OperationContext,
  limit: number,
  jwt: JwtCheck | undefined,
): Promise<{ response: Response; operationId?: string }> {
  const found = route(request.method, url);
  if (found.kind === "not-found")
    return {
      response: fail(
        404,
        `No operation at ${url.pathname}; the roots are /insights/v1/mpn, /insights/v1/cmp, /insights/v1.1/cmp`,
      ),
    };
  if (found.kind === "method")
    return {
      response: fail(405, `Method ${request.method} is not allowed here; use ${found.allow.join(", ")}`, {
        headers: { allow: found.allow.join(", ") },
      }),
    };
  const operationId = found.kind === "route" ? found.route.endpoint.operationId : undefined;
  const denied = unauthorised(request.headers.get("authorization"), context.clock.now(), jwt);
  if (denied !== undefined)
    return {
      response: fail(401, MESSAGES.unauthorized, {
        headers: { "www-authenticate": `Bearer error="invalid_token", error_description="${denied}"` },
      }),
      ...(operationId && { operationId }),
    };
  const fault = context.state.takeFault(operationId, url.pathname);
  if (fault !== undefined) {
    const message =
      fault.status === 500
        ? MESSAGES.internal
        : fault.status === 503
          ? MESSAGES.unavailable
          : "Too many requests";
    const headers: Record<string, string> = fault.status === 500 ? {} : { "retry-after": "1" };
    return { response: fail(fault.status, message, { headers }), ...(operationId && { operationId }) };
  }
  if (found.kind === "bad-parameter") return { response: fail(400, `${found.message}: ${found.detail}`) };
  const body = found.route.endpoint.body === undefined ? "" : await bodyText(request, limit);
  if (body instanceof Response) return { response: body, operationId: found.route.endpoint.operationId };
  const operation = OPERATIONS[found.route.endpoint.operationId];
  if (operation === undefined)
    return { response: fail(404, "Not emulated"), operationId: found.route.endpoint.operationId };
  return {
    response: await operation(context, found.route, body),
    operationId: found.route.endpoint.operationId,
  };
}

async function readJson(request: Request, limit: number): Promise<unknown> {
  const text = await bodyText(request, limit);
  if (text instanceof Response) return text;
  try {
    return text.trim() === "" ? {} : (JSON.parse(text) as unknown);
  } catch {
    return fail(400, "The body is not JSON");
  }
}

async function admin(
  request: Request,
  url: URL,
  context: OperationContext,
  runner: ExecutionRunner,
  limit: number,
): Promise<Response> {
  const path = url.pathname.replace(/\/+$/, "");
  const method = request.method.toUpperCase();
  const only = (allowed: string, run: () => Promise<Response> | Response) =>
    method === allowed ? run() : fail(405, `Use ${allowed}`, { headers: { allow: allowed } });
  const rows = /^\/_emulator\/datasets\/([^/]+)\/rows$/.exec(path);
  if (rows !== null)
    return only("POST", async () => {
      const text = await bodyText(request, limit);
      if (text instanceof Response) return text;
      let name: string;
      try {
        name = decodeURIComponent(rows[1] ?? "");
      } catch {
        return fail(400, "Malformed dataset name");
      }
      const loaded = await context.engine.loadCsv(name, text);
      return loaded.ok ? json({ dataset: name, rows: loaded.rows }) : fail(400, loaded.message);
    });
  const files = /^\/_emulator\/files\/([^/]+)$/.exec(path);
  if (files !== null)
    return only("GET", () => {
      const found = runner.download(
        files[1] ?? "",
        url.searchParams.get("se") ?? "",
        url.searchParams.get("sig") ?? "",
      );
      if (found.status === 403) return fail(403, "The link is invalid or has expired");
      if (found.file === undefined) return fail(404, MESSAGES.notFound);
      const type = found.format === "TSV" ? "text/tab-separated-values" : "text/csv";
      return new Response(found.file, { status: 200, headers: { "content-type": `${type}; charset=utf-8` } });
    });
  switch (path) {
    case "/_emulator/clock":
      return only("GET", () => json({ now: context.clock.now().toISOString() }));
    case "/_emulator/clock/advance":
      return only("POST", async () => {
        const body = await readJson(request, limit);
        if (body instanceof Response) return body;
        const hours = (body as { hours?: unknown }).hours;
        if (typeof hours !== "number" || !Number.isFinite(hours) || hours < 0 || hours > 24 * 365 * 10)
          return fail(400, "`hours` must be a number from 0 to 87600");
        const now = context.clock.advance(hours);
        const executed = await runner.runDue();
        return json({ now: now.toISOString(), executed });
      });
    case "/_emulator/reset":
      return only("POST", async () => {
        runner.stop();
        await runner.idle();
        context.state.clear();
        context.clock.reset();
        return json({ reset: true, now: context.clock.now().toISOString() });
      });
    case "/_emulator/faults":
      if (method === "GET") return json({ faults: context.state.faults });
      return only("POST", async () => {
        const body = await readJson(request, limit);
        if (body instanceof Response) return body;
        const {
          route: target,
          status,
          count,
        } = body as { route?: unknown; status?: unknown; count?: unknown };
        if (typeof target !== "string" || target === "")
          return fail(400, "`route` must be an operationId, a path or *");
        if (status !== 429 && status !== 500 && status !== 503)
          return fail(400, "`status` must be 429, 500 or 503");
        const n = count ?? 1;
        if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 1_000_000)
          return fail(400, "`count` must be a positive integer");
        context.state.faults.push({ route: target, status, remaining: n });
        return json({ faults: context.state.faults });
      });
    case "/_emulator/journal":
      return only("GET", () => json({ entries: context.state.journal }));
    default:
      return fail(404, `No admin operation at ${url.pathname}`);
  }
}
