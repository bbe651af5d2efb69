/**
 * The emulator as integrators misuse it, over real HTTP and raw sockets: a client that takes it for
 * its proxy (CONNECT), doubled Host and Origin headers, odd methods, a reset racing running
 * executions, concurrent clock advances over many schedules, and an advance by years that must not
 * make the runs it passes over.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import type { StoredExecution } from "../../src/emulator/server/state.js";
import { client, inProcess, JSON_HEADERS, start } from "./server-helpers.js";

let server: RunningEmulator;
let port = 0;
let cmp: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;

beforeAll(async () => {
  server = await start({ clock: new Date("2026-06-15T10:00:00Z"), quotas: { cmp: {} } });
  port = Number(new URL(server.url).port);
  cmp = client(`${server.url}/insights/v1/cmp`);
  admin = client(`${server.url}/_emulator`);
});
afterAll(() => server.close());
beforeEach(async () => {
  await admin.post("/reset", {});
});

/** Sends bytes; resolves with the status and the envelope's message once the server closes. */
function exchange(bytes: string): Promise<{ status: number; head: string; message: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let out = "";
    socket.on("data", (d) => {
      out += String(d);
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", body = ""] = out.split("\r\n\r\n");
      let message = "";
      try {
        message = String((JSON.parse(body) as { message?: unknown }).message);
      } catch {
        message = "";
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? "0"), head, message });
    });
  });
}

const AUTH = "Authorization: Bearer t\r\n";

describe("misused HTTP", () => {
  it("CONNECT (the emulator taken for a proxy): 405 that says so, not a silent close", async () => {
    const got = await exchange(
      "CONNECT api.partner.microsoft.com:443 HTTP/1.1\r\nHost: api.partner.microsoft.com:443\r\n\r\n",
    );
    expect(got.status).toBe(405);
    expect(got.message).toMatch(/not a proxy.*HTTPS_PROXY/);
    expect(got.head.toLowerCase()).toContain("allow: delete, get, head, options, post, put");
  });

  it.each([
    ["localhost", "evil.example"],
    ["evil.example", "localhost"],
    ["localhost", "localhost"],
  ])("Host given twice (%s, %s): 400, whichever comes first", async (a, b) => {
    const got = await exchange(
      `GET /insights/v1/cmp/ScheduledQueries HTTP/1.1\r\nHost: ${a}\r\nHost: ${b}\r\n${AUTH}Connection: close\r\n\r\n`,
    );
    expect(got.status).toBe(400);
    expect(got.message).toMatch(/Host header is given 2 times/);
  });

  it("Origin given twice: 400, not a refusal that advises --cors with both joined", async () => {
    const got = await exchange(
      `GET /insights/v1/cmp/ScheduledQueries HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:3000\r\nOrigin: http://evil.example\r\n${AUTH}Connection: close\r\n\r\n`,
    );
    expect(got.status).toBe(400);
    expect(got.message).toMatch(/Origin names several origins/);
    expect(got.message).not.toMatch(/--cors/);
  });

  it("an Expect other than 100-continue: 417 in the envelope, not Node's bare status line", async () => {
    const got = await exchange(
      'POST /_emulator/clock/advance HTTP/1.1\r\nHost: localhost\r\nExpect: 200-ok\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{"hours":0}',
    );
    expect(got.status).toBe(417);
    expect(got.message).toMatch(/Expect "200-ok" is not one the emulator meets; send 100-continue/);
  });

  it.each(["PATCH", "PROPFIND", "TRACE"])("%s on a route: 405 with its Allow", async (method) => {
    const got = await exchange(
      `${method} /insights/v1/cmp/ScheduledQueries HTTP/1.1\r\nHost: localhost\r\n${AUTH}Connection: close\r\n\r\n`,
    );
    expect(got.status).toBe(405);
    expect(got.head.toLowerCase()).toContain("allow: get, head, options, post");
  });

  it("a lower-case or unknown method: 400 in the envelope", async () => {
    for (const method of ["get", "FOO"]) {
      const got = await exchange(
        `${method} /insights/v1/cmp/ScheduledQueries HTTP/1.1\r\nHost: localhost\r\n\r\n`,
      );
      expect([got.status, got.message]).toEqual([400, expect.stringMatching(/HPE_INVALID_METHOD/)]);
    }
  });
});

async function newQuery(): Promise<string> {
  const query = await cmp.post("/ScheduledQueries", { Name: "q", Query: "SELECT OrderId FROM ISVOrder" });
  return String(query.body.value[0]?.queryId);
}

describe("races", () => {
  it("a reset while ExecuteNow runs are under way leaves nothing behind, and runs work after", async () => {
    const queryId = await newQuery();
    const created = await Promise.all(
      Array.from({ length: 8 }, () =>
        cmp.post("/ScheduledReport", { ReportName: "n", QueryId: queryId, ExecuteNow: true }),
      ),
    );
    expect(created.map((c) => c.status)).toEqual(Array(8).fill(200));
    const resets = await Promise.all([admin.post("/reset", {}), admin.post("/reset", {})]);
    expect(resets.map((r) => r.status)).toEqual([200, 200]);
    await server.emulator.idle();
    expect([server.emulator.state.reports.size, server.emulator.state.executions.size]).toEqual([0, 0]);
    const again = await cmp.post("/ScheduledReport", {
      ReportName: "n",
      QueryId: await newQuery(),
      ExecuteNow: true,
    });
    expect(again.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.emulator.idle();
    const runs = [...server.emulator.state.executions.values()];
    expect(runs.map((e) => e.executionStatus)).toEqual(["Completed"]);
  });

  it("concurrent advances over many schedules run every due slot exactly once", async () => {
    const queryId = await newQuery();
    const intervals = Array.from({ length: 30 }, (_, i) => 4 + (i % 9));
    await Promise.all(
      intervals.map((RecurrenceInterval, i) =>
        cmp.post("/ScheduledReport", {
          ReportName: `r${i}`,
          QueryId: queryId,
          StartTime: "2026-06-16T00:00:00Z",
          RecurrenceInterval,
        }),
      ),
    );
    const answers = await Promise.all([1, 2, 3, 4].map(() => admin.post("/clock/advance", { hours: 9 })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await server.emulator.idle();
    const now = server.emulator.clock.now().getTime();
    const start = Date.parse("2026-06-16T00:00:00Z");
    const expected = intervals.reduce((sum, k) => sum + Math.floor((now - start) / (k * 3_600_000)) + 1, 0);
    const runs = [...server.emulator.state.executions.values()];
    const slots = new Set(runs.map((e) => `${e.reportId} ${e.dueTime.toISOString()}`));
    expect([runs.length, slots.size]).toEqual([expected, expected]);
    const executed = answers.reduce(
      (sum, a) => sum + Number((a.body as unknown as { executed: number }).executed),
      0,
    );
    expect(executed).toBe(expected);
  });
});

describe("slow clients", () => {
  it("an upload stalled mid-body holds up no other client; it is answered once it ends", async () => {
    const body = '{"hours": 0}';
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    let answer = "";
    socket.on("data", (d) => {
      answer += String(d);
    });
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write(
      `POST /_emulator/clock/advance HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`,
    );
    // The stalled upload is still open: every other request is answered meanwhile.
    const others = await Promise.all(Array.from({ length: 10 }, () => cmp.get("/ScheduledQueries")));
    expect(others.map((o) => o.status)).toEqual(Array(10).fill(200));
    expect(answer).toBe("");
    socket.write(body.slice(5));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("a client that pipelines downloads and never reads them gets no more made than its connection holds", async () => {
    const queryId = (
      await cmp.post("/ScheduledQueries", {
        Name: "wide",
        Query:
          "SELECT MarketplaceSubscriptionId, MonthStartDate, OfferType, AzureLicenseType, OrderId FROM ISVOrder",
      })
    ).body.value[0]?.queryId;
    const report = await cmp.post("/ScheduledReport", {
      ReportName: "r",
      QueryId: queryId,
      ExecuteNow: true,
    });
    const reportId = String(report.body.value[0]?.reportId);
    let link = "";
    while (link === "") {
      const got = await cmp.get(`/ScheduledReport/execution/${reportId}`);
      const execution = got.body.value[0];
      if (execution?.executionStatus === "Completed") link = String(execution.reportAccessSecureLink);
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const target = new URL(link);
    const size = (await (await fetch(link)).arrayBuffer()).byteLength;
    expect(size).toBeGreaterThan(8 * 1024);
    // Answers made for the file, counted where node.ts asks for them.
    const emulator = server.emulator as { answer: typeof server.emulator.answer };
    const answer = emulator.answer;
    let made = 0;
    emulator.answer = (request) => {
      if (request.url.includes("/_emulator/files/")) made++;
      return answer(request);
    };
    const pipelined = 1500;
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.pause();
    socket.write(
      `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: localhost\r\n\r\n`.repeat(pipelined),
    );
    // Other clients are answered meanwhile.
    const others = await Promise.all(Array.from({ length: 10 }, () => cmp.get("/ScheduledQueries")));
    expect(others.map((o) => o.status)).toEqual(Array(10).fill(200));
    // Until the count stops moving: the answers the connection's buffers hold, and no more.
    for (let still = 0, last = -1; still < 5; ) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      still = made === last ? still + 1 : 0;
      last = made;
    }
    emulator.answer = answer;
    socket.destroy();
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(pipelined / 2);
  });
});

describe("an advance by years", () => {
  it("counts the runs before the 90 days of history off without making them", async () => {
    const emulator = await inProcess({ clock: new Date("2026-06-15T10:00:00Z"), rows: 200 });
    const call = async (path: string, body: unknown) => {
      const response = await emulator.handle(
        new Request(`http://emulator.test${path}`, {
          method: "POST",
          headers: JSON_HEADERS,
          body: JSON.stringify(body),
        }),
      );
      return (await response.json()) as Record<string, unknown> & { value: Record<string, string>[] };
    };
    const query = await call("/insights/v1/cmp/ScheduledQueries", {
      Name: "q",
      Query: "SELECT OrderId FROM ISVOrder",
    });
    const counted = await call("/insights/v1/cmp/ScheduledReport", {
      ReportName: "counted",
      QueryId: query.value[0]?.queryId,
      StartTime: "2026-06-16T00:00:00Z",
      RecurrenceInterval: 24,
      RecurrenceCount: 100,
    });
    await call("/insights/v1/cmp/ScheduledReport", {
      ReportName: "endless",
      QueryId: query.value[0]?.queryId,
      StartTime: "2026-06-16T00:00:00Z",
      RecurrenceInterval: 24,
    });
    // The most executions held at any moment of the advance.
    const executions = emulator.state.executions;
    let most = 0;
    const set = executions.set.bind(executions);
    executions.set = (id: string, e: StoredExecution) => {
      const result = set(id, e);
      most = Math.max(most, executions.size);
      return result;
    };
    const advanced = await call("/_emulator/clock/advance", { hours: 24 * 3650 });
    await emulator.idle();
    // 3,650 daily slots in 10 years: the first report's 100 are all past the 90 days; the endless
    // one's last 90 days are run, the rest counted off.
    expect(advanced.expired).toBe(100 + 3650 - 90);
    expect(advanced.executed).toBe(3650 + 100);
    expect(most).toBeLessThanOrEqual(92);
    const report = emulator.state.reports.get(String(counted.value[0]?.reportId));
    expect([report?.runs, report?.reportStatus]).toEqual([100, "Inactive"]);
    await emulator.close();
  });
});
