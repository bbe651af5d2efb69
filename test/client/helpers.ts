/** Shared set-up of the client tests: an emulator in this process, its admin API, and a clock that never waits. */
import type { ServerResponse } from "node:http";
import type { Clock, Execution, FetchLike } from "../../src/client/index.js";
import type { Emulator } from "../../src/emulator/server/handler.js";

export const CMP = "http://emulator.test/insights/v1/cmp";
export const MPN = "http://emulator.test/insights/v1/mpn";
export const ORDERS = "SELECT OrderId, CustomerCountry FROM ISVOrder TIMESPAN LAST_6_MONTHS";

/** The emulator's admin API through its handler. */
export function admin(emulator: Emulator) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await emulator.handle(
      new Request(`http://emulator.test/_emulator${path}`, {
        method,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
    );
    return (await response.json()) as Record<string, unknown>;
  };
  return {
    reset: () => call("POST", "/reset", {}),
    fault: (route: string, status: 429 | 500 | 503, count: number) =>
      call("POST", "/faults", { route, status, count }),
    advance: (hours: number) => call("POST", "/clock/advance", { hours }),
    journal: async () =>
      (
        (await call("GET", "/journal")).entries as { operationId?: string; status?: number; path: string }[]
      ).filter((e) => !e.path.startsWith("/_emulator")),
  };
}

/** A clock whose sleeps return at once and are recorded. */
export function instantClock(): Clock & { readonly sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
    },
  };
}

/** A fetch that records the requests it passes on. */
export function recording(inner: FetchLike): FetchLike & { readonly requests: Request[] } {
  const requests: Request[] = [];
  const fetcher = async (request: Request) => {
    requests.push(request.clone());
    return inner(request);
  };
  return Object.assign(fetcher, { requests });
}

/** Real HTTP servers on 127.0.0.1 for tests of what a network does; `close()` them after each test. */
export function httpServers() {
  const servers: import("node:http").Server[] = [];
  return {
    /** A server answering with `handle`; its base URL. */
    async serve(
      handle: (
        request: import("node:http").IncomingMessage,
        response: import("node:http").ServerResponse,
      ) => void,
    ): Promise<string> {
      const { createServer } = await import("node:http");
      const server = createServer(handle);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as import("node:net").AddressInfo;
      return `http://127.0.0.1:${port}`;
    },
    async close(): Promise<void> {
      for (const server of servers.splice(0)) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}

/** A query item as the service lists it, for stub servers. */
export const QUERY = {
  queryId: "q1",
  name: "orders",
  query: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH",
  type: "userDefined",
  createdTime: "2026-01-01T00:00:00",
};

/** A stub server's JSON answer. */
export function answer(
  response: ServerResponse,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/** A completed execution whose file is at `link`, for download tests against stub servers. */
export const execution = (link: string, format = "CSV"): Execution => ({
  executionId: "11111111-1111-1111-1111-111111111111",
  reportId: "22222222-2222-2222-2222-222222222222",
  format,
  executionStatus: "Completed",
  reportAccessSecureLink: link,
});
