/**
 * The emulator as an integrator's HTTP stack meets it, over raw sockets: malformed framing (bad or
 * doubled Content-Length, chunked errors, no Host), a URL over Node's 16 KiB, a chunked body over the
 * limit that never ends, unusual request targets (`//path`, percent-encoded and malformed paths,
 * `OPTIONS *`), a parameter given twice, bodies that are not UTF-8 or start with a BOM, pipelining.
 * Every refusal comes in the service's envelope, never as Node's bare status line.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/server/handler.js";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { inProcess, start } from "./server-helpers.js";

let server: RunningEmulator;
let port = 0;
const LIMIT = 4096;
const AUTH = "Authorization: Bearer t\r\n";

beforeAll(async () => {
  server = await start({ maxBodyBytes: LIMIT });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

interface Parsed {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes on a new connection; resolves with what came back once the server closes it. */
function exchange(bytes: string | Buffer, { end = false, to = port } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(to, "127.0.0.1", () => {
      socket.write(bytes);
      if (end) socket.end();
    });
    let out = "";
    socket.on("data", (d) => {
      out += String(d);
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(out));
  });
}

/** Sends bytes and resolves with the first whole answer, without waiting for the connection to close. */
function firstAnswer(bytes: string | Buffer): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let out = "";
    socket.on("data", (d) => {
      out += String(d);
      const answers = parseAll(out);
      if (answers.length > 0) {
        socket.destroy();
        resolve(answers[0] as Parsed);
      }
    });
    socket.on("error", reject);
  });
}

/** The whole answers in a stream of HTTP/1.1 answers (Content-Length framed). */
function parseAll(text: string): Parsed[] {
  const out: Parsed[] = [];
  let rest = text;
  for (;;) {
    const split = rest.indexOf("\r\n\r\n");
    if (split < 0) return out;
    const [line = "", ...fields] = rest.slice(0, split).split("\r\n");
    const headers = Object.fromEntries(
      fields.map((f) => [f.slice(0, f.indexOf(":")).toLowerCase(), f.slice(f.indexOf(":") + 1).trim()]),
    );
    const length = Number(headers["content-length"] ?? "0");
    const head = /^HEAD /.test(line) ? 0 : length;
    if (rest.length < split + 4 + head) return out;
    out.push({ status: Number(line.split(" ")[1]), headers, body: rest.slice(split + 4, split + 4 + head) });
    rest = rest.slice(split + 4 + head);
  }
}

function envelope(answer: Parsed): { statusCode: number; message: string; reportqlDetail?: string } {
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  return JSON.parse(answer.body) as { statusCode: number; message: string; reportqlDetail?: string };
}

const CREATE = "POST /insights/v1/cmp/ScheduledQueries HTTP/1.1\r\nHost: localhost\r\n";

describe("malformed framing is answered in the envelope", () => {
  it.each([
    [
      "a Content-Length that is not a number",
      `${CREATE}${AUTH}Content-Length: abc\r\n\r\n{}`,
      /Content-Length/,
    ],
    ["a negative Content-Length", `${CREATE}${AUTH}Content-Length: -1\r\n\r\n{}`, /Content-Length/],
    [
      "two different Content-Lengths",
      `${CREATE}${AUTH}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
      /given once/,
    ],
    [
      "Content-Length with Transfer-Encoding",
      `${CREATE}${AUTH}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      /Transfer-Encoding/,
    ],
    [
      "a chunk size that is not hexadecimal",
      `${CREATE}${AUTH}Transfer-Encoding: chunked\r\n\r\nzz\r\n`,
      /chunked/,
    ],
    ["an HTTP/1.1 request without Host", "GET /_emulator/clock HTTP/1.1\r\n\r\n", /Host header/],
    ["bytes that are not HTTP", "\u0000\u0001 GARBAGE\r\n\r\n", /Malformed request/],
  ])("%s: 400", async (_, request, message) => {
    const [answer] = parseAll(await exchange(request));
    expect(answer?.status).toBe(400);
    const body = envelope(answer as Parsed);
    expect([body.statusCode, body.message]).toEqual([400, expect.stringMatching(message)]);
    expect(answer?.headers.connection).toBe("close");
  });

  it("Expect: 100-continue with a body declared over the limit: 413 before the body is sent", async () => {
    const answer = await firstAnswer(
      `${CREATE}${AUTH}Expect: 100-continue\r\nContent-Length: ${LIMIT * 10}\r\n\r\n`,
    );
    expect(answer.status).toBe(413);
    // Within the limit, the body is invited.
    const invited = await firstAnswer(`${CREATE}${AUTH}Expect: 100-continue\r\nContent-Length: 2\r\n\r\n`);
    expect(invited.status).toBe(100);
  });

  it("a URL over 16 KiB: 431 that says how to send a long query", async () => {
    const url = `/insights/v1/cmp/ScheduledQueries/testQueryResult?exportQuery=${"a".repeat(20_000)}`;
    const [answer] = parseAll(await exchange(`GET ${url} HTTP/1.1\r\nHost: localhost\r\n${AUTH}\r\n`));
    expect(answer?.status).toBe(431);
    expect(envelope(answer as Parsed).message).toMatch(/16 KiB.*try it by queryId/);
  });

  it("a chunked body over the limit that never ends: 413 at once, the connection closed", async () => {
    const chunk = `${(1024).toString(16)}\r\n${"x".repeat(1024)}\r\n`;
    // No last chunk: without the early answer this waits for the request timeout.
    const answer = await firstAnswer(`${CREATE}${AUTH}Transfer-Encoding: chunked\r\n\r\n${chunk.repeat(6)}`);
    expect([answer.status, envelope(answer).statusCode, answer.headers.connection]).toEqual([
      413,
      413,
      "close",
    ]);
  });
});

describe("request targets", () => {
  async function get(target: string): Promise<Parsed> {
    const [answer] = parseAll(
      await exchange(`GET ${target} HTTP/1.1\r\nHost: localhost\r\n${AUTH}Connection: close\r\n\r\n`),
    );
    return answer as Parsed;
  }

  it("`//path` is a path, not a host", async () => {
    expect((await get("//insights/v1/cmp/ScheduledDataset")).status).toBe(200);
  });

  it("percent-encoded letters in the root are decoded, as ASP.NET does; a malformed escape is a 400", async () => {
    expect((await get("/insights/v1/%63mp/ScheduledDataset")).status).toBe(200);
    const bad = await get("/insights/v1/cmp/ScheduledReport/execution/%E0%A4%A");
    expect(bad.status).toBe(400);
    expect(envelope(bad).reportqlDetail).toMatch(/malformed percent-encoding/);
  });

  it("`OPTIONS *` answers 204 with every method the server takes", async () => {
    const [answer] = parseAll(
      await exchange("OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    );
    expect([answer?.status, answer?.headers.allow]).toEqual([204, "DELETE, GET, HEAD, OPTIONS, POST, PUT"]);
  });

  it("a parameter given twice takes its first value, whatever the second holds", async () => {
    const id = crypto.randomUUID();
    const path = `/insights/v1/cmp/ScheduledReport/execution/${id}`;
    expect((await get(`${path}?executionStatus=Pending&executionStatus=Done`)).status).toBe(404);
    const bad = await get(`${path}?EXECUTIONSTATUS=Done&executionStatus=Pending`);
    expect([bad.status, envelope(bad).message]).toEqual([400, "Requested value 'Done' not found"]);
  });
});

describe("bodies", () => {
  const latin1 = Buffer.concat([
    Buffer.from('{"Name": "caf'),
    Buffer.from([0xe9]),
    Buffer.from('", "Query": "SELECT OrderId FROM ISVOrder"}'),
  ]);
  const bom = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from('{"Name": "bom", "Query": "SELECT OrderId FROM ISVOrder"}'),
  ]);

  function post(body: Buffer): Promise<string> {
    const head = `${CREATE}${AUTH}Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    return exchange(Buffer.concat([Buffer.from(head), body]));
  }

  it("bytes that are not UTF-8 are refused with where they are, not stored as U+FFFD", async () => {
    const [answer] = parseAll(await post(latin1));
    expect(answer?.status).toBe(400);
    expect(envelope(answer as Parsed).reportqlDetail).toMatch(/not UTF-8: byte 0xE9 at offset 13/);
  });

  it("a UTF-8 byte order mark is skipped, as the service's JSON reader does", async () => {
    const [answer] = parseAll(await post(bom));
    expect(answer?.status).toBe(200);
    expect(JSON.parse(answer?.body ?? "").value[0].name).toBe("bom");
  });

  it("the fetch-style handler reads bodies the same way", async () => {
    const local: Emulator = await inProcess();
    try {
      const send = (body: Buffer) =>
        local.handle(
          new Request("http://emulator/insights/v1/cmp/ScheduledQueries", {
            method: "POST",
            headers: { authorization: "Bearer t", "content-type": "application/json" },
            body,
          }),
        );
      expect((await send(latin1)).status).toBe(400);
      expect((await send(bom)).status).toBe(200);
      const rows = await local.handle(
        new Request("http://emulator/_emulator/datasets/ISVOrder/rows", {
          method: "POST",
          body: Buffer.concat([
            Buffer.from("OrderId,CustomerCountry\nA,"),
            Buffer.from([0xff]),
            Buffer.from("\n"),
          ]),
        }),
      );
      expect(rows.status).toBe(400);
    } finally {
      await local.close();
    }
  });
});

describe("pipelining", () => {
  it("answers pipelined requests in order, each whole, HEAD without a body", async () => {
    const body = '{"Name": "piped", "Query": "SELECT OrderId FROM ISVOrder"}';
    const text = await exchange(
      `${CREATE}${AUTH}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
        `HEAD /insights/v1/cmp/ScheduledQueries?queryName=piped HTTP/1.1\r\nHost: localhost\r\n${AUTH}\r\n` +
        `GET /insights/v1/cmp/ScheduledQueries?queryName=piped HTTP/1.1\r\nHost: localhost\r\n${AUTH}Connection: close\r\n\r\n`,
    );
    // HEAD answers carry the GET's length and no body: split them by hand.
    const [first, rest = ""] = [
      text.slice(0, text.indexOf("HTTP/1.1", 10)),
      text.slice(text.indexOf("HTTP/1.1", 10)),
    ];
    const headEnd = rest.indexOf("\r\n\r\n") + 4;
    const headAnswer = rest.slice(0, headEnd);
    const [created] = parseAll(first);
    const [listed] = parseAll(rest.slice(headEnd));
    expect(created?.status).toBe(200);
    expect(headAnswer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(headAnswer).toContain(`content-length: ${listed?.body.length}`);
    expect(JSON.parse(listed?.body ?? "").value.map((q: { name: string }) => q.name)).toEqual(["piped"]);
  });

  it("answers every pipelined request of a client that then closes its side (printf ... | nc)", async () => {
    const body = '{"Name": "half", "Query": "SELECT OrderId FROM ISVOrder"}';
    const one = `${CREATE}${AUTH}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const answers = parseAll(await exchange(one.repeat(3), { end: true }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  });

  it("a connection stalled in its headers holds up no one else", async () => {
    const stalled = connect(port, "127.0.0.1", () =>
      stalled.write("GET /_emulator/clock HTTP/1.1\r\nHost: localhost\r\n"),
    );
    try {
      const [answer] = parseAll(
        await exchange("GET /_emulator/clock HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
      );
      expect(answer?.status).toBe(200);
    } finally {
      stalled.destroy();
    }
  });
});

describe("clients too slow to finish their request", () => {
  // Node's limits, shortened (30 s and 60 s by default): the answer is awaited, not timed.
  let slow: RunningEmulator;
  beforeAll(async () => {
    slow = await start({ timeouts: { headersMs: 200, requestMs: 400, checkEveryMs: 50 } });
  });
  afterAll(() => slow.close());
  const to = () => Number(new URL(slow.url).port);

  it.each([
    ["headers that never end (slow loris)", "GET /_emulator/clock HTTP/1.1\r\nHost: localhost\r\n"],
    ["a body shorter than its Content-Length", `${CREATE}${AUTH}Content-Length: 100\r\n\r\n{`],
  ])("%s: 408 in the envelope, the connection closed", async (_, request) => {
    const [answer] = parseAll(await exchange(request, { to: to() }));
    expect([answer?.status, answer?.headers.connection]).toEqual([408, "close"]);
    expect(envelope(answer as Parsed).message).toMatch(/did not arrive in time/);
  });
});
