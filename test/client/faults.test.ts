/**
 * The client against node:http servers that misbehave the way networks and proxies do: a report
 * file cut off mid-way, a caller that stops reading early, a gzip file that ends too soon.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import {
  ApiError,
  createClient,
  DownloadInterruptedError,
  NetworkError,
  ResponseFormatError,
  WaitTimeoutError,
} from "../../src/client/index.js";
import { CMP, execution } from "./helpers.js";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server on 127.0.0.1 answering with `handle`; its base URL. */
async function serve(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const ROWS = `A,B\n${Array.from({ length: 50 }, (_, i) => `${i},x`).join("\n")}\n`;

/** Sends part of a file that claims to be longer, then drops the connection. */
function cutOff(request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, { "content-type": "text/csv", "content-length": String(ROWS.length * 10) });
  response.write(ROWS, () => request.socket.destroy());
}

describe("a report file cut off mid-way", () => {
  it("download throws a DownloadInterruptedError the caller can catch, after the rows it read", async () => {
    const base = await serve(cutOff);
    const c = createClient({ endpoint: CMP, token: "t" });
    let rows = 0;
    const error = await (async () => {
      for await (const _ of c.download(execution(`${base}/file.csv?sig=s`))) rows++;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
    expect(error).toMatchObject({ executionId: "11111111-1111-1111-1111-111111111111" });
    expect((error as Error).message).toMatch(/incomplete/);
    expect(rows).toBeLessThanOrEqual(50);
  });

  it("downloadStream's bytes end in the same error, with the bytes received", async () => {
    const base = await serve(cutOff);
    const c = createClient({ endpoint: CMP, token: "t" });
    const stream = await c.downloadStream(execution(`${base}/file.csv`));
    const error = await new Response(stream).text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
    expect(error).toMatchObject({ receivedBytes: ROWS.length });
  });

  it("a gzip file that ends too soon is not taken for the whole file", async () => {
    const gzip = gzipSync(Buffer.from(ROWS.repeat(20)));
    const base = await serve((_, response) => response.end(gzip.subarray(0, gzip.length - 30)));
    const c = createClient({ endpoint: CMP, token: "t" });
    const error = await (async () => {
      for await (const _ of c.download(execution(`${base}/file.csv.gz`))) {
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadInterruptedError);
  });
});

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** A server sending a CSV file without end; `closed` resolves when its response is closed. */
async function endless(): Promise<{ base: string; closed: Promise<void> }> {
  let closed: () => void = () => {};
  const responseClosed = new Promise<void>((resolve) => {
    closed = resolve;
  });
  const base = await serve((_, response) => {
    response.writeHead(200, { "content-type": "text/csv" });
    response.on("close", closed);
    const chunk = "1,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n".repeat(1000);
    response.write("A,B\n");
    const pump = () => {
      while (!response.destroyed && response.write(chunk)) {}
    };
    response.on("drain", pump);
    pump();
  });
  return { base, closed: responseClosed };
}

describe("a caller that stops reading", () => {
  it("breaking out of download cancels it and frees the connection", async () => {
    const { base, closed: responseClosed } = await endless();
    const c = createClient({ endpoint: CMP, token: "t" });
    let rows = 0;
    for await (const _ of c.download(execution(`${base}/endless.csv`))) if (++rows === 10) break;
    // Without the cancel the server kept the response open (and the client its socket) until the
    // server was closed: this wait then never ended and the test timed out.
    await responseClosed;
    expect(rows).toBe(10);
  });

  it("aborting the signal ends downloadStream's bytes with its reason, and the download", async () => {
    const { base, closed } = await endless();
    const c = createClient({ endpoint: CMP, token: "t" });
    const controller = new AbortController();
    const stream = await c.downloadStream(execution(`${base}/endless.csv`), { signal: controller.signal });
    let chunks = 0;
    const error = await (async () => {
      // Node's fetch holds the Request's signal weakly: after a garbage collection its abort no longer
      // reached the body, and the bytes kept coming as long as the server sent them.
      for await (const _ of stream as unknown as AsyncIterable<Uint8Array>)
        if (++chunks === 5) {
          collectGarbage();
          controller.abort(new Error("stopped"));
        }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "stopped" });
    await closed;
  });
});

describe("a service that never answers", () => {
  it("waitForExecution's timeout also ends a poll in flight, and the request is dropped", async () => {
    // The connections that carried a poll, until each closes. On a busy machine the wait can give up
    // before a request arrives, or with a connection made but never used (the client keeps that one
    // for later, and it is not a request to drop): only connections that carried a request are
    // awaited, each checked as it closes, whenever it was made.
    const carrying = new Set<import("node:net").Socket>();
    let onClose = () => {};
    const base = await serve((request) => {
      const socket = request.socket;
      if (carrying.has(socket)) return;
      carrying.add(socket);
      socket.on("close", () => {
        carrying.delete(socket);
        onClose();
      });
    });
    const c = createClient({ endpoint: `${base}/insights/v1/cmp`, token: "t" });
    const error = await c
      .waitForExecution("22222222-2222-2222-2222-222222222222", { timeout: 50, pollInterval: 10 })
      .catch((e: unknown) => e);
    // Before, the wait awaited the hung request for as long as undici's five-minute timeout.
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ lastStatus: undefined, timeoutMs: 50 });
    await new Promise<void>((resolve) => {
      onClose = () => {
        if (carrying.size === 0) resolve();
      };
      onClose();
    });
  });
});

describe("cancelling a request the server holds", () => {
  it("aborting drops the connection, even after a garbage collection", async () => {
    let closed: () => void = () => {};
    const requestClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    let arrived: () => void = () => {};
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const base = await serve((request) => {
      request.socket.on("close", closed);
      arrived();
    });
    const c = createClient({ endpoint: `${base}/insights/v1/cmp`, token: "t" });
    const controller = new AbortController();
    const answer = c.getQueries({}, { signal: controller.signal }).catch((e: unknown) => e);
    await requestArrived;
    collectGarbage();
    controller.abort(new Error("stopped"));
    expect(await answer).toMatchObject({ message: "stopped" });
    // The request is dropped, not left open (with the process) for undici's five minutes.
    await requestClosed;
  });
});

describe("what errors show", () => {
  const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOi.secret-part";
  /** Everything an error shows: its message, toString, inspect (own fields, cause) and JSON. */
  const shown = (error: unknown) =>
    `${(error as Error).message} ${String(error)} ${inspect(error, { depth: 8 })} ${JSON.stringify(error)}`;

  it("never the bearer token, even when the server echoes the request's headers", async () => {
    const base = await serve((request, response) => {
      const echo = `bad header ${request.headers.authorization}`;
      if (request.url?.includes("queryName=json")) {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(JSON.stringify({ message: echo, statusCode: 400 }));
      } else {
        response.writeHead(200, { "content-type": "text/plain" });
        response.end(echo);
      }
    });
    const c = createClient({ endpoint: `${base}/insights/v1/cmp`, token: TOKEN, retry: { retries: 0 } });
    const apiError = await c.getQueries({ queryName: "json" }).catch((e: unknown) => e);
    expect(apiError).toBeInstanceOf(ApiError);
    expect((apiError as ApiError).serviceMessage).toBe("bad header Bearer <token>");
    expect(shown(apiError)).not.toContain(TOKEN);
    const formatError = await c.getQueries({ queryName: "text" }).catch((e: unknown) => e);
    expect(formatError).toBeInstanceOf(ResponseFormatError);
    expect(shown(formatError)).not.toContain(TOKEN);
  });

  it("never a download link's signature", async () => {
    const c = createClient({ endpoint: CMP, token: "t", retry: { retries: 0 } });
    const link = `${await unusedPort()}/report.csv?sv=2024&sig=SIGNATURE`;
    const error = await c.downloadStream(execution(link)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(shown(error)).not.toContain("SIGNATURE");
  });

  it("Retry-After as an HTTP date is the ApiError's retryAfterMs, as it is for seconds", async () => {
    const base = await serve((request, response) => {
      const later = request.url?.includes("queryName=date")
        ? new Date(Date.now() + 120_000).toUTCString()
        : "120";
      response.writeHead(429, { "content-type": "application/json", "retry-after": later });
      response.end(JSON.stringify({ message: "Too many requests", statusCode: 429 }));
    });
    const c = createClient({ endpoint: `${base}/insights/v1/cmp`, token: "t", retry: { retries: 0 } });
    for (const queryName of ["date", "seconds"]) {
      const error = (await c.getQueries({ queryName }).catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.retryAfterMs).toBeGreaterThan(100_000);
      expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
    }
  });
});

/** The base URL of a port nobody listens on. */
async function unusedPort(): Promise<string> {
  const base = await serve(() => {});
  const server = servers.pop() as Server;
  await new Promise((resolve) => server.close(resolve));
  return base;
}
