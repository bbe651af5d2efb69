/**
 * The one body reader (body.ts `readUpTo`) at its edges, over raw sockets as an integrator's HTTP
 * stack sends bodies: exactly the limit is read, one byte more is 413, whether declared by
 * Content-Length or streamed chunked without one; an upload cut off mid-body changes nothing and
 * leaves the server answering; in process, a body stream that fails is a 400, not a 500.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { client, inProcess, JSON_HEADERS, start } from "./server-helpers.js";

const LIMIT = 2048;
let server: RunningEmulator;
let port = 0;

beforeAll(async () => {
  server = await start({ maxBodyBytes: LIMIT, clock: new Date("2026-06-15T10:00:00Z") });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

/** `{"hours":0}` padded with spaces (JSON allows them) to `size` bytes. */
function advanceBody(size: number, hours = 0): string {
  const json = `{"hours":${hours}}`;
  return json + " ".repeat(size - json.length);
}

const HEAD = "POST /_emulator/clock/advance HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";

/** Sends bytes; resolves with the status line's code once the server closes the connection. */
function statusOf(bytes: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let out = "";
    socket.on("data", (d) => {
      out += String(d);
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? "0")));
  });
}

/** A body sent chunked, in chunks of at most 300 bytes, with no Content-Length. */
function chunked(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i += 300) {
    const part = body.slice(i, i + 300);
    out += `${part.length.toString(16)}\r\n${part}\r\n`;
  }
  return `${out}0\r\n\r\n`;
}

describe("the body limit, at its edge", () => {
  it.each([
    ["exactly the limit, by Content-Length", LIMIT, "length", 200],
    ["one byte over, by Content-Length", LIMIT + 1, "length", 413],
    ["exactly the limit, chunked", LIMIT, "chunked", 200],
    ["one byte over, chunked", LIMIT + 1, "chunked", 413],
    ["far over, chunked", LIMIT * 20, "chunked", 413],
  ] as const)("%s: %i", async (_, size, framing, status) => {
    const body = advanceBody(size);
    const request =
      framing === "length"
        ? `${HEAD}Content-Length: ${size}\r\n\r\n${body}`
        : `${HEAD}Transfer-Encoding: chunked\r\n\r\n${chunked(body)}`;
    expect(await statusOf(request)).toBe(status);
  });
});

describe("an upload cut off mid-body", () => {
  it.each(["length", "chunked"] as const)(
    "(%s) changes nothing; the server answers the next",
    async (framing) => {
      const admin = client(`${server.url}/_emulator`);
      const before = (await admin.get("/clock")).body as unknown as { now: string };
      const body = advanceBody(1000, 5);
      const partial =
        framing === "length"
          ? `${HEAD}Content-Length: 1000\r\n\r\n${body.slice(0, 400)}`
          : `${HEAD}Transfer-Encoding: chunked\r\n\r\n${chunked(body).slice(0, 400)}`;
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () => {
          socket.write(partial, () => setImmediate(() => socket.destroy()));
        });
        socket.on("error", reject);
        socket.on("close", () => resolve());
      });
      const after = (await admin.get("/clock")).body as unknown as { now: string };
      // The clock follows real time; the cut advance would have moved it 5 hours.
      expect(Date.parse(after.now) - Date.parse(before.now)).toBeLessThan(3_600_000);
      // The cut request was never answered, so never journaled.
      const journal = (await admin.get("/journal")).body as unknown as { entries: { path: string }[] };
      expect(journal.entries.some((e) => e.path === "/_emulator/clock/advance")).toBe(false);
    },
  );
});

describe("handle() in process", () => {
  it("a body stream that fails mid-way: 400 in the envelope", async () => {
    const emulator = await inProcess({ maxBodyBytes: LIMIT });
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(new TextEncoder().encode('{"Name": "q", '));
        } else controller.error(new Error("connection reset"));
      },
    });
    const request = new Request("http://emulator.test/insights/v1/cmp/ScheduledQueries", {
      method: "POST",
      headers: JSON_HEADERS,
      body,
      duplex: "half",
    } as RequestInit);
    const response = await emulator.handle(request);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/could not be read/);
    await emulator.close();
  });

  it("exactly the limit is read, one byte more is 413", async () => {
    const emulator = await inProcess({ maxBodyBytes: LIMIT });
    const post = (size: number) => {
      const bytes = new TextEncoder().encode(advanceBody(size));
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 500) controller.enqueue(bytes.subarray(i, i + 500));
          controller.close();
        },
      });
      return emulator.handle(
        new Request("http://emulator.test/_emulator/clock/advance", {
          method: "POST",
          body,
          duplex: "half",
        } as RequestInit),
      );
    };
    expect((await post(LIMIT)).status).toBe(200);
    expect((await post(LIMIT + 1)).status).toBe(413);
    await emulator.close();
  });
});
