/**
 * The emulator as a fetch-style handler, `(request: Request) => Promise<Response>`: the API under the
 * three served roots (auth, faults, the contract's routing and the operations), and the admin API
 * under `/_emulator` (admin.ts). With `data`, every request that may change state is answered only
 * once the state is on disk (store.ts). No input makes it throw: an unexpected failure answers 500
 * in the envelope.
 */
import { randomBytes } from "node:crypto";
import type { Family } from "../../api/facts.js";
import { builtinCatalog } from "../../semantic/catalog.js";
import { type EmulatorDeps, loadEmulatorDeps, type MissingDependencies } from "../deps.js";
import { EmulatorEngine } from "../engine.js";
import { admin, adminMethods, isFilePath } from "./admin.js";
import { allowedMethods, allowHeader } from "./allow.js";
import { type JwtCheck, unauthorised } from "./auth.js";
import { bodyText } from "./body.js";
import { EmulatorClock } from "./clock.js";
import { CorsPolicy, type OriginCheck, originProblem } from "./cors.js";
import { Answer, type EmulatorRequest, fail, MESSAGES } from "./envelope.js";
import { DEFAULT_QUOTAS, OPERATIONS, type OperationContext, type Quotas } from "./operations.js";
import { isAdminPath, pathOf } from "./paths.js";
import { route } from "./routes.js";
import { ExecutionRunner } from "./runner.js";
import { EmulatorState, type JournalEntry } from "./state.js";
import { storageError } from "./storage.js";
import { DurableStore, type StoreProblem } from "./store.js";
import { warmUp } from "./validate.js";

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
  /** A folder the state is kept in across restarts (`--data`); in memory only when absent. */
  readonly data?: string;
  /**
   * Whether callbacks may go to private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7);
   * default false. Loopback is always allowed, link-local and metadata addresses always refused.
   */
  readonly allowPrivateCallbacks?: boolean;
  /** The emulator's URL, for download links (set by `startEmulator`). */
  readonly baseUrl?: string;
  /** Real milliseconds between checks for scheduled runs the clock reached (default 1000; 0: never). */
  readonly tickMs?: number;
  /** Also check the token's JWT shape, expiry (by the clock) and audience; off by default. */
  readonly jwt?: JwtCheck;
  /**
   * Origins whose pages may call the emulator besides loopback ones (`--cors`), as
   * `scheme://host[:port]`; `*` allows any. Other origins are refused (cors.ts).
   */
  readonly cors?: readonly string[];
  /** Injected libraries (tests). */
  readonly deps?: EmulatorDeps;
}

export interface Emulator {
  readonly handle: (request: EmulatorRequest) => Promise<Response>;
  /** `handle` without making a fetch `Response` (what `node.ts` writes). */
  readonly answer: (request: EmulatorRequest) => Promise<Answer>;
  readonly clock: EmulatorClock;
  readonly state: EmulatorState;
  readonly maxBodyBytes: number;
  setBaseUrl(url: string): void;
  /** Resolves when no execution is running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** An option the emulator cannot start with (a malformed `cors` origin, `allowedHosts` name). */
export interface OptionsProblem {
  readonly kind: "options-error";
  readonly message: string;
}

/** Opens the engine and builds the handler, or says which packages to install. */
export async function createEmulator(
  options: EmulatorOptions = {},
): Promise<Emulator | MissingDependencies | StoreProblem | OptionsProblem> {
  const badOrigin = (options.cors ?? []).map(originProblem).find((p) => p !== undefined);
  if (badOrigin !== undefined) return { kind: "options-error", message: `cors: ${badOrigin}` };
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
  let store: DurableStore | undefined;
  if (options.data !== undefined) {
    const opened = await DurableStore.open(options.data, state, () => clock.offset());
    if ("kind" in opened) {
      engine.close();
      return opened;
    }
    store = opened.store;
    if (opened.restored !== undefined) clock.restore(opened.restored.clockOffsetMs);
  }
  let baseUrl = options.baseUrl ?? "http://127.0.0.1";
  const allowPrivateCallbacks = options.allowPrivateCallbacks ?? false;
  const runner = new ExecutionRunner({
    engine,
    deps,
    state,
    clock,
    secret: store?.secret ?? randomBytes(32),
    executeNowDelayMs: options.executeNowDelayMs ?? 500,
    linkTtlHours: options.linkTtlHours ?? 1,
    allowPrivateCallbacks,
    ...(store !== undefined && { store }),
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
    baseUrl: () => baseUrl,
  };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const commit = async (): Promise<Answer | undefined> => {
    const problem = await store?.commit();
    return problem === undefined
      ? undefined
      : fail(503, `${MESSAGES.unavailable}: state not saved: ${problem}`);
  };
  const adminContext = {
    ...context,
    limit: maxBodyBytes,
    bodyText: (r: EmulatorRequest) => bodyText(r, maxBodyBytes),
    commit,
  };
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
  warmUp(clock.now());
  // Runs a restart interrupted start again.
  runner.resumeInterrupted();

  const cors = new CorsPolicy(options.cors);

  /** The answer to a request that is not OPTIONS (HEAD is answered as GET, without the body). */
  const dispatch = async (request: EmulatorRequest, url: URL): Promise<Answer> => {
    const entry = (status: number, operationId?: string): JournalEntry => ({
      time: clock.now().toISOString(),
      kind: "request",
      method: request.method,
      path: url.pathname + url.search,
      status,
      ...(operationId !== undefined && { operationId }),
    });
    const head = request.method.toUpperCase() === "HEAD";
    // A fetch `Request` keeps its fields on its prototype: spreading it would lose them.
    const asGet: EmulatorRequest = head
      ? {
          method: "GET",
          url: request.url,
          headers: request.headers,
          arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)),
        }
      : request;
    try {
      if (isAdminPath(pathOf(url))) return withoutBody(await admin(adminContext, asGet, url), head);
      const answered = await api(asGet, url, context, maxBodyBytes, options.jwt);
      const method = request.method.toUpperCase();
      // A change is answered only once it is on disk.
      const response =
        answered.response.status === 200 && method !== "GET" && method !== "HEAD"
          ? ((await commit()) ?? answered.response)
          : answered.response;
      state.record(entry(response.status, answered.operationId));
      return withoutBody(response, head);
    } catch (error) {
      state.record(entry(500));
      const message = `${MESSAGES.unavailable}: ${error instanceof Error ? error.message : String(error)}`;
      return withoutBody(fail(500, message), head);
    }
  };

  const answer = async (request: EmulatorRequest): Promise<Answer> => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return fail(400, "Malformed request URL");
    }
    const method = request.method.toUpperCase();
    const journaled = (answered: Answer): Answer => {
      state.record({
        time: clock.now().toISOString(),
        kind: "request",
        method: request.method,
        path: url.pathname + url.search,
        status: answered.status,
      });
      return answered;
    };
    const givenOrigin = request.headers.get("origin");
    // Several Origin headers arrive joined with commas (no origin holds one): no browser sends that,
    // and naming the joined text as one origin (or echoing it to an allow-all policy) helps nobody.
    if (givenOrigin?.includes(",") === true)
      return journaled(
        fail(400, `Malformed request: Origin names several origins (${givenOrigin}); a browser sends one`),
      );
    const origin = cors.check(givenOrigin);
    if (method === "OPTIONS") {
      const requested = request.headers.get("access-control-request-headers");
      return journaled(preflight(url, origin, requested, clock.now()));
    }
    // A link to a report file answers any page, as storage does without CORS rules: the browser
    // hides the file from a page whose origin gets no CORS headers, and reading it changes nothing.
    if (origin.kind === "refused" && !isFilePath(url))
      return journaled(withoutBody(refusedOrigin(origin.origin), method === "HEAD"));
    const answered = await dispatch(request, url);
    return origin.kind === "allowed" ? answered.with(CorsPolicy.headers(origin.origin)) : answered;
  };

  return {
    handle: async (request) => (await answer(request)).toResponse(),
    answer,
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
      await store?.commit();
      await store?.release();
      engine.close();
    },
  };
}

/** The methods of the route or admin operation at `url`, or undefined when there is none. */
function methodsAt(url: URL): string[] | undefined {
  // `OPTIONS *` (node.ts reads the asterisk-form as `/*`): what the server as a whole takes.
  if (url.pathname === "/*") return ["DELETE", "GET", "POST", "PUT"];
  if (isAdminPath(pathOf(url))) return adminMethods(url);
  const found = route("OPTIONS", url);
  return found.kind === "method" ? [...found.allow] : undefined;
}

/**
 * OPTIONS: 204 with the route's `Allow`; to an allowed origin's preflight also the CORS headers; a
 * refused origin's preflight answers 403 (storage's `CorsPreflightFailure` on a file link). No token
 * is asked for: a browser never sends one with a preflight.
 */
function preflight(url: URL, origin: OriginCheck, requestedHeaders: string | null, now: Date): Answer {
  const methods = methodsAt(url);
  if (methods === undefined) return notFound(url);
  const allow = allowHeader(methods);
  if (origin.kind === "refused")
    return isFilePath(url)
      ? storageError("CorsPreflightFailure", { now, detail: refusedOriginText(origin.origin) })
      : refusedOrigin(origin.origin);
  const cors =
    origin.kind === "allowed"
      ? CorsPolicy.preflight(origin.origin, allowedMethods(methods), requestedHeaders)
      : {};
  return new Answer(204, { allow, ...cors }, "");
}

function notFound(url: URL): Answer {
  if (isAdminPath(pathOf(url))) return fail(404, `No admin operation at ${url.pathname}`);
  return fail(
    404,
    `No operation at ${url.pathname}; the roots are /insights/v1/mpn, /insights/v1/cmp, /insights/v1.1/cmp`,
  );
}

function refusedOriginText(origin: string): string {
  return `A page at ${origin} may not call the emulator: it answers pages on loopback origins (localhost, 127.0.0.1, [::1]) only. Start it with --cors ${origin} (library: cors: [${JSON.stringify(origin)}]) to allow that origin`;
}

function refusedOrigin(origin: string): Answer {
  return fail(403, refusedOriginText(origin));
}

/** A HEAD's answer: the GET's status and headers, its length, no body. */
function withoutBody(answer: Answer, head: boolean): Answer {
  if (!head || answer.status === 304) return answer;
  return new Answer(
    answer.status,
    { ...answer.headers, "content-length": String(Buffer.byteLength(answer.body)) },
    "",
    true,
  );
}

async function api(
  request: EmulatorRequest,
  url: URL,
  context: OperationContext,
  limit: number,
  jwt: JwtCheck | undefined,
): Promise<{ response: Answer; operationId?: string }> {
  const found = route(request.method, url);
  if (found.kind === "not-found") return { response: notFound(url) };
  if (found.kind === "method") {
    const allow = allowHeader(found.allow);
    return {
      response: fail(405, `Method ${request.method} is not allowed here; use ${allow}`, {
        headers: { allow },
      }),
    };
  }
  const operationId = found.kind === "route" ? found.route.endpoint.operationId : undefined;
  const denied = unauthorised(request.headers.get("authorization"), context.clock.now(), jwt);
  if (denied !== undefined)
    return {
      response: fail(401, MESSAGES.unauthorized, {
        headers: { "www-authenticate": `Bearer error="invalid_token", error_description="${denied}"` },
      }),
      ...(operationId && { operationId }),
    };
  // A fault's path part is matched on the decoded path, as the route is.
  const decoded = `/${pathOf(url).segments.join("/")}`;
  const fault = context.state.takeFault(operationId, decoded);
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
  if (found.kind === "bad-parameter") return { response: fail(400, found.message, { detail: found.detail }) };
  const body = found.route.endpoint.body === undefined ? "" : await bodyText(request, limit);
  if (body instanceof Answer) return { response: body, operationId: found.route.endpoint.operationId };
  const operation = OPERATIONS[found.route.endpoint.operationId];
  if (operation === undefined)
    return { response: fail(404, "Not emulated"), operationId: found.route.endpoint.operationId };
  return {
    response: await operation(context, found.route, body),
    operationId: found.route.endpoint.operationId,
  };
}
