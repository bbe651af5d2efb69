/**
 * HEAD, OPTIONS and browsers (CORS), over real HTTP and through the fetch-style handler: HEAD answers
 * every GET route with the GET's status and headers and no body, OPTIONS answers 204 with the route's
 * `Allow`, a page on a loopback origin gets CORS headers, any other origin is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/server/handler.js";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { client, completedRun, inProcess, JSON_HEADERS, start, TOKEN } from "./server-helpers.js";

const CLOCK = new Date("2026-06-15T10:00:00Z");
let server: RunningEmulator;
let local: Emulator;

/** Creates a query and an ExecuteNow report through `fetcher`; answers the completed execution's link. */
function completedLink(base: string, fetcher: (r: Request) => Promise<Response>) {
  return completedRun(client(`${base}/insights/v1/cmp`, fetcher));
}

let paths: string[] = [];
let fileLink = "";
let localPaths: string[] = [];

/** GET routes in every state worth a HEAD: 200s, 400s, 404s, the admin API and a file link. */
function getPaths(ids: { queryId: string; reportId: string; link: string }, base: string): string[] {
  const link = ids.link.slice(ids.link.indexOf("/_emulator/"));
  return [
    "/insights/v1/cmp/ScheduledDataset",
    "/insights/v1/mpn/ScheduledDataset?datasetName=OfficeUsage",
    "/insights/v1/cmp/ScheduledQueries",
    `/insights/v1/cmp/ScheduledQueries?queryId=${ids.queryId}`,
    `/insights/v1/cmp/ScheduledQueries?queryId=${crypto.randomUUID()}`,
    "/insights/v1/cmp/ScheduledQueries/testQueryResult?exportQuery=SELECT%20OrderId%20FROM%20ISVOrder",
    "/insights/v1/cmp/ScheduledQueries/testQueryResult?exportQuery=SELECT%20Nope%20FROM%20ISVOrder",
    `/insights/v1/cmp/ScheduledReport?reportId=${ids.reportId}`,
    `/insights/v1/cmp/ScheduledReport/execution/${ids.reportId}`,
    "/insights/v1/cmp/ScheduledReport/execution/not-a-uuid",
    "/insights/v1/cmp/NoSuchThing",
    "/_emulator/faults",
    "/_emulator/nothing",
    link,
    link.replace(/sig=(.)/, (_, c: string) => `sig=${c === "A" ? "B" : "A"}`),
  ].map((p) => `${base}${p}`);
}

beforeAll(async () => {
  server = await start({ clock: CLOCK });
  local = await inProcess({ clock: CLOCK });
  const ids = await completedLink(server.url, fetch);
  fileLink = ids.link;
  paths = getPaths(ids, server.url);
  localPaths = getPaths(await completedLink("http://emulator", local.handle), "http://emulator");
});
afterAll(async () => {
  await server.close();
  await local.close();
});

/** Headers that may differ between two answers to the same request. */
const VARYING = new Set(["date", "connection", "keep-alive", "x-ms-request-id", "transfer-encoding"]);

function stable(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].filter(([name]) => !VARYING.has(name)));
}

describe("HEAD", () => {
  it("answers every GET route over HTTP with the GET's status and headers, and no body", async () => {
    for (const url of paths) {
      const get = await fetch(url, { headers: TOKEN });
      const body = new Uint8Array(await get.arrayBuffer());
      const head = await fetch(url, { method: "HEAD", headers: TOKEN });
      expect([url, head.status], await head.text()).toEqual([url, get.status]);
      expect(stable(head.headers), url).toEqual(stable(get.headers));
      expect(head.headers.get("content-length"), url).toBe(String(body.length));
    }
  });

  it("answers the same through the fetch-style handler", async () => {
    for (const url of localPaths) {
      const get = await local.handle(new Request(url, { headers: TOKEN }));
      const body = await get.text();
      const head = await local.handle(new Request(url, { method: "HEAD", headers: TOKEN }));
      expect([url, head.status]).toEqual([url, get.status]);
      expect(head.body, url).toBeNull();
      expect(stable(head.headers), url).toEqual({
        ...stable(get.headers),
        "content-length": String(Buffer.byteLength(body)),
      });
    }
  });

  it("is journaled as HEAD, and a pipelined request after it is read whole", async () => {
    const { connect } = await import("node:net");
    const port = Number(new URL(server.url).port);
    // A path of its own, so that the journal entry found is this HEAD's (admin requests are not journaled).
    const probe = `/insights/v1/cmp/ScheduledDataset?probe=${crypto.randomUUID()}`;
    const text = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1", () =>
        socket.write(
          `HEAD ${probe} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t\r\n\r\n` +
            "GET /_emulator/clock HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        ),
      );
      let out = "";
      socket.on("data", (d) => {
        out += String(d);
      });
      socket.on("close", () => resolve(out));
    });
    const answers = text.split(/(?=HTTP\/1\.1 )/);
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*content-length: \d+\r\n[\s\S]*\r\n\r\n$/);
    expect(answers[1]).toMatch(/\{"now":"[^"]+"\}$/);
    const journal = (await client(`${server.url}/_emulator`).get("/journal")).body as unknown as {
      entries: { method: string; path: string }[];
    };
    expect(journal.entries.filter((e) => e.path === probe).map((e) => e.method)).toEqual(["HEAD"]);
  });
});

describe("OPTIONS", () => {
  it("answers 204 with the route's Allow, without a token, for API, admin and file routes", async () => {
    const cases: [string, string][] = [
      ["/insights/v1/cmp/ScheduledQueries", "GET, HEAD, OPTIONS, POST"],
      [`/insights/v1/cmp/ScheduledReport/${crypto.randomUUID()}`, "DELETE, OPTIONS, PUT"],
      ["/insights/v1/mpn/ScheduledReport/execution/x", "GET, HEAD, OPTIONS"],
      ["/_emulator/faults", "DELETE, GET, HEAD, OPTIONS, POST"],
      ["/_emulator/clock/advance", "OPTIONS, POST"],
      ["/_emulator/files/abc?se=1&sig=x", "GET, HEAD, OPTIONS"],
    ];
    for (const [path, allow] of cases) {
      const got = await fetch(`${server.url}${path}`, { method: "OPTIONS" });
      expect([path, got.status, got.headers.get("allow")]).toEqual([path, 204, allow]);
      expect(await got.text()).toBe("");
      const local = await inProcessOptions(path);
      expect([path, local.status, local.headers.get("allow")]).toEqual([path, 204, allow]);
    }
  });

  it("answers 404 where there is no route, and a wrong method still 405 with Allow", async () => {
    expect((await fetch(`${server.url}/insights/v1/cmp/Nothing`, { method: "OPTIONS" })).status).toBe(404);
    const wrong = await fetch(`${server.url}/insights/v1/cmp/ScheduledQueries`, {
      method: "PATCH",
      headers: JSON_HEADERS,
      body: "{}",
    });
    expect([wrong.status, wrong.headers.get("allow")]).toEqual([405, "GET, HEAD, OPTIONS, POST"]);
    const admin = await fetch(`${server.url}/_emulator/clock`, { method: "PUT" });
    expect([admin.status, admin.headers.get("allow")]).toEqual([405, "GET, HEAD, OPTIONS"]);
  });
});

function inProcessOptions(path: string, headers: Record<string, string> = {}) {
  return local.handle(new Request(`http://emulator${path}`, { method: "OPTIONS", headers }));
}

describe("browsers (CORS)", () => {
  const dashboard = "http://localhost:5173";

  it("answers a loopback page's preflight and requests with CORS headers", async () => {
    for (const origin of [dashboard, "http://127.0.0.1:3000", "http://[::1]:8080", "https://app.localhost"]) {
      const preflight = await fetch(`${server.url}/insights/v1/cmp/ScheduledQueries`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type",
        },
      });
      expect([origin, preflight.status]).toEqual([origin, 204]);
      expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
      expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
      expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
    }
    const got = await fetch(`${server.url}/insights/v1/cmp/ScheduledQueries`, {
      headers: { ...TOKEN, origin: dashboard },
    });
    expect(got.status).toBe(200);
    expect(got.headers.get("access-control-allow-origin")).toBe(dashboard);
    expect(got.headers.get("vary")).toBe("Origin");
    // Errors too: a page must be able to read a 401 or a 400's message.
    const denied = await fetch(`${server.url}/insights/v1/cmp/ScheduledQueries`, {
      headers: { origin: dashboard },
    });
    expect([denied.status, denied.headers.get("access-control-allow-origin")]).toEqual([401, dashboard]);
  });

  it("refuses another site's page, before anything changes (the admin API needs no token)", async () => {
    const admin = client(`${server.url}/_emulator`);
    await admin.post("/faults", { route: "getQueries", status: 503, count: 1 });
    const evil = "https://evil.example";
    // A form post: no preflight, so only the server can stop it.
    const post = await fetch(`${server.url}/_emulator/faults`, {
      method: "DELETE",
      headers: { origin: evil, "content-type": "text/plain" },
    });
    expect(post.status).toBe(403);
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
    expect(((await post.json()) as { message: string }).message).toContain(`--cors ${evil}`);
    const faults = (await admin.get("/faults")).body as unknown as { faults: unknown[] };
    expect(faults.faults).toHaveLength(1);
    await fetch(`${server.url}/_emulator/faults`, { method: "DELETE" });
    const preflight = await fetch(`${server.url}/insights/v1/cmp/ScheduledQueries`, {
      method: "OPTIONS",
      headers: { origin: evil, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(403);
    // `null` (a file:// page, a sandboxed frame) is not loopback either.
    const nullOrigin = await fetch(`${server.url}/_emulator/clock`, { headers: { origin: "null" } });
    expect(nullOrigin.status).toBe(403);
  });

  it("allows the origins named in `cors` (or any with *)", async () => {
    const named = await inProcess({ cors: ["https://dash.example.com"] });
    const any = await inProcess({ cors: ["*"] });
    try {
      const ok = await named.handle(
        new Request("http://emulator/_emulator/clock", {
          headers: { origin: "https://DASH.example.com:443" },
        }),
      );
      expect([ok.status, ok.headers.get("access-control-allow-origin")]).toEqual([
        200,
        "https://DASH.example.com:443",
      ]);
      const other = await named.handle(
        new Request("http://emulator/_emulator/clock", { headers: { origin: "https://other.example.com" } }),
      );
      expect(other.status).toBe(403);
      const wild = await any.handle(
        new Request("http://emulator/_emulator/clock", { headers: { origin: "https://other.example.com" } }),
      );
      expect(wild.status).toBe(200);
    } finally {
      await named.close();
      await any.close();
    }
  });

  it("serves a file link to any page without CORS headers, as storage does", async () => {
    const got = await fetch(fileLink, { headers: { origin: "https://evil.example" } });
    expect(got.status).toBe(200);
    expect(got.headers.get("access-control-allow-origin")).toBeNull();
    const mine = await fetch(fileLink, { headers: { origin: "http://localhost:5173" } });
    expect(mine.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });
});
