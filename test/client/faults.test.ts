/**
 * The client against node:http servers that misbehave the way networks and proxies do: a report
 * file cut off mid-way, a caller that stops reading early, a gzip file that ends too soon.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import {
  createClient,
  DownloadInterruptedError,
  type Execution,
  WaitTimeoutError,
} from "../../src/client/index.js";
import { CMP } from "./helpers.js";

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

const execution = (link: string, format = "CSV"): Execution => ({
  executionId: "11111111-1111-1111-1111-111111111111",
  reportId: "22222222-2222-2222-2222-222222222222",
  format,
  executionStatus: "Completed",
  reportAccessSecureLink: link,
});

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

describe("a caller that stops reading", () => {
  it("breaking out of download cancels it and frees the connection", async () => {
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
    const c = createClient({ endpoint: CMP, token: "t" });
    let rows = 0;
    for await (const _ of c.download(execution(`${base}/endless.csv`))) if (++rows === 10) break;
    // Without the cancel the server kept the response open (and the client its socket) until the
    // server was closed: this wait then never ended and the test timed out.
    await responseClosed;
    expect(rows).toBe(10);
  });
});

describe("a service that never answers", () => {
  it("waitForExecution's timeout also ends a poll in flight, and the request is dropped", async () => {
    let closed: () => void = () => {};
    const requestClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const base = await serve((request) => request.socket.on("close", closed));
    const c = createClient({ endpoint: `${base}/insights/v1/cmp`, token: "t" });
    const error = await c
      .waitForExecution("22222222-2222-2222-2222-222222222222", { timeout: 50, pollInterval: 10 })
      .catch((e: unknown) => e);
    // Before, the wait awaited the hung request for as long as undici's five-minute timeout.
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ lastStatus: undefined, timeoutMs: 50 });
    await requestClosed;
  });
});
