/** Shared set-up of the emulator server tests: a started emulator and an authorised client. */
import { loadEmulatorDeps } from "../../src/emulator/deps.js";
import { createEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/server/handler.js";
import { type RunningEmulator, type StartOptions, startEmulator } from "../../src/emulator/server/node.js";

export const TOKEN = { authorization: "Bearer test-token" };
export const JSON_HEADERS = { ...TOKEN, "content-type": "application/json" };

export async function start(options: StartOptions = {}): Promise<RunningEmulator> {
  const running = await startEmulator({ port: 0, rows: 2_000, executeNowDelayMs: 20, tickMs: 0, ...options });
  if ("kind" in running) throw new Error(running.message);
  return running;
}

export async function inProcess(options: EmulatorOptions = {}): Promise<Emulator> {
  const deps = await loadEmulatorDeps();
  if ("kind" in deps) throw new Error(deps.message);
  const emulator = await createEmulator({ rows: 2_000, executeNowDelayMs: 20, tickMs: 0, deps, ...options });
  if ("kind" in emulator) throw new Error(emulator.message);
  return emulator;
}

export interface Envelope {
  value: Record<string, unknown>[];
  totalCount: number;
  message: string | null;
  statusCode: number;
  reportqlDiagnostics?: { code: string; in: string; start: number; end: number; message: string }[];
  reportqlDetail?: string;
}

/** A client of one base URL: JSON in, status and envelope out. */
export function client(base: string, fetcher: (request: Request) => Promise<Response> = fetch) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = JSON_HEADERS,
  ) => {
    const response = await fetcher(
      new Request(`${base}${path}`, {
        method,
        headers,
        ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    let json: Envelope;
    try {
      json = JSON.parse(text) as Envelope;
    } catch {
      throw new Error(`not JSON (${response.status}): ${text.slice(0, 200)}`);
    }
    return { status: response.status, headers: response.headers, body: json };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call("GET", path, undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) =>
      call("POST", path, body, headers),
    put: (path: string, body?: unknown) => call("PUT", path, body),
    delete: (path: string) => call("DELETE", path),
    call,
  };
}

/** Polls until `check` gives a value (at most `ms`). */
export async function until<T>(check: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A query, a report on it run now, and its completed execution: the ids and the file's link. */
export async function completedRun(cmp: ReturnType<typeof client>) {
  const query = await cmp.post("/ScheduledQueries", { Name: "q", Query: "SELECT OrderId FROM ISVOrder" });
  const queryId = String(query.body.value[0]?.queryId);
  const report = await cmp.post("/ScheduledReport", { ReportName: "r", QueryId: queryId, ExecuteNow: true });
  const reportId = String(report.body.value[0]?.reportId);
  const execution = await until(async () => {
    const got = await cmp.get(`/ScheduledReport/execution/${reportId}`);
    return got.status === 200 ? got.body.value[0] : undefined;
  });
  return { queryId, reportId, link: String(execution.reportAccessSecureLink) };
}
