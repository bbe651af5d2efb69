/**
 * The emulator on `node:http`: bound to loopback by default, bodies read with a size limit (413 in
 * the envelope without buffering the excess), requests handed to the fetch-style handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { MissingDependencies } from "../deps.js";
import { readUpTo, tooLarge } from "./body.js";
import { type Answer, bodyBytes, type EmulatorRequest, fail } from "./envelope.js";
import { createEmulator, type Emulator, type EmulatorOptions, type OptionsProblem } from "./handler.js";
import { HostPolicy, hostNameProblem, refusedHostText } from "./hosts.js";
import type { StoreProblem } from "./store.js";
import { Turns } from "./turns.js";

export interface StartOptions extends EmulatorOptions {
  /** 0 picks a free port (default 7071). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /**
   * Names a request may give in `Host` besides IP addresses, `localhost` and `.localhost` names, when
   * the server is bound to loopback (`*`: any); see hosts.ts. Bound elsewhere, any name is answered.
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Milliseconds a client may take to send its headers (default 30,000) and its whole request
   * (default 60,000), checked every `checkEveryMs` (default 30,000); answered 408. Tests shorten them.
   */
  readonly timeouts?: {
    readonly headersMs?: number;
    readonly requestMs?: number;
    readonly checkEveryMs?: number;
  };
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly emulator: Emulator;
  close(): Promise<void>;
}

/** Starts the emulator; resolves once it accepts requests. */
export async function startEmulator(
  options: StartOptions = {},
): Promise<RunningEmulator | MissingDependencies | StoreProblem | OptionsProblem> {
  const badHost = (options.allowedHosts ?? []).map(hostNameProblem).find((p) => p !== undefined);
  if (badHost !== undefined) return { kind: "options-error", message: `allowedHosts: ${badHost}` };
  const emulator = await createEmulator(options);
  if ("kind" in emulator) return emulator;
  const host = options.host ?? "127.0.0.1";
  const server = httpServer(emulator, options);
  const listening = await new Promise<Error | undefined>((resolve) => {
    server.once("error", resolve);
    server.listen(options.port ?? 7071, host, () => resolve(undefined));
  });
  if (listening !== undefined) {
    await emulator.close();
    throw listening;
  }
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${shown}:${address.port}`;
  emulator.setBaseUrl(url);
  return {
    url,
    emulator,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.close();
    },
  };
}

/** Node's server with the emulator's handling of requests and of what the parser refuses. */
function httpServer(emulator: Emulator, options: StartOptions): Server {
  const turns = new Turns();
  const hosts = new HostPolicy(options.host ?? "127.0.0.1", options.allowedHosts);
  // Pipelined requests of one connection are handled one after the other, in order: Node emits
  // them at once, and a GET sent after a POST was answered before the POST's body was read.
  const inOrder = new WeakMap<Socket, Promise<void>>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const previous = inOrder.get(req.socket) ?? Promise.resolve();
    const current = previous
      .then(() => writable(req.socket))
      .then(() => serve(emulator, turns, hosts, req, res))
      .then(() => flushed(res));
    inOrder.set(req.socket, current);
  };
  // The Host header is checked in `serve`, to answer its absence in the envelope.
  const server = createServer(
    { requireHostHeader: false, connectionsCheckingInterval: options.timeouts?.checkEveryMs ?? 30_000 },
    handle,
  );
  // `Expect: 100-continue` (curl sends it for bodies over 1 KiB): a body declared over the limit is
  // refused with 413 before it is sent, rather than invited with 100 Continue and then refused.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers["content-length"] ?? "0") <= emulator.maxBodyBytes) res.writeContinue();
    handle(req, res);
  });
  // Any other expectation: Node answers a bare 417 without a body; the envelope says what to send.
  server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("connection", "close");
    const given = String(req.headers.expect ?? "");
    send(
      res,
      fail(
        417,
        `Expectation failed: Expect ${JSON.stringify(given)} is not one the emulator meets; send 100-continue or no Expect header`,
      ),
    );
    req.resume();
  });
  server.on("clientError", clientError);
  server.on("connect", (_req: IncomingMessage, socket: Duplex) => writeAndClose(socket, connectRefusal()));
  // A client that sends its requests and then closes its side (`printf ... | nc`) still gets every
  // answer: by default Node drops the answers not yet written when the client's FIN arrives, though
  // the requests were handled (three pipelined creations made three queries and one answer). The
  // switch is Node's own, undocumented but unchanged since 2011; server-raw.test.ts fails without it.
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.headersTimeout = options.timeouts?.headersMs ?? 30_000;
  server.requestTimeout = options.timeouts?.requestMs ?? 60_000;
  return server;
}

/**
 * Resolves once an answer has gone to the connection (or the connection is gone). From Node 22 the
 * answers to pipelined requests wait in their `ServerResponse` until the one before is written, not in
 * the socket, so the socket's own backpressure (`writable`) never shows them: waiting for each answer
 * to be written before making the next keeps a client that never reads to what its connection holds.
 */
function flushed(res: ServerResponse): Promise<void> {
  if (res.writableFinished || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.once("finish", () => resolve());
    res.once("close", () => resolve());
  });
}

/**
 * Resolves once the connection can take another answer. A client that pipelines requests and never
 * reads the answers would otherwise have every one made and buffered (3,000 downloads of a 56 KB
 * file held 176 MB); meanwhile no more requests are read from it.
 */
function writable(socket: Socket): Promise<void> {
  if (!socket.writableNeedDrain || socket.destroyed) return Promise.resolve();
  socket.pause();
  return new Promise((resolve) => {
    const done = () => {
      socket.off("drain", done);
      socket.off("close", done);
      if (!socket.destroyed) socket.resume();
      resolve();
    };
    socket.on("drain", done);
    socket.on("close", done);
  });
}

/**
 * Reads at most `limit` bytes (body.ts's reader). Past it, resolves at once (the 413 goes out while
 * the client may still be sending: a chunked body that never ends is not waited for), and the rest
 * is drained in the background. The 413 says `Connection: close`, so Node closes the connection as
 * soon as it is written (measured: about 7 KiB read of a body sent on and on, with a 4 KiB limit);
 * draining rather than leaving it unread keeps the close from resetting the connection before the
 * client reads the answer. The cut at 64 times the limit only matters while that answer cannot be
 * written (a client that sends but never reads).
 */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large" | "aborted"> {
  // Gone while an earlier pipelined request was handled: its events have passed already.
  if (req.destroyed) return "aborted";
  const chunks: AsyncIterator<Uint8Array> = req[Symbol.asyncIterator]();
  const read = await readUpTo(chunks, limit);
  if (read === "too-large") {
    void drain(chunks, limit * 63);
    return read;
  }
  return read === "aborted" ? read : Buffer.from(read.buffer, read.byteOffset, read.byteLength);
}

/** Reads and drops up to `budget` more bytes, then stops the request (and its connection). */
async function drain(chunks: AsyncIterator<Uint8Array>, budget: number): Promise<void> {
  let dropped = 0;
  try {
    for (;;) {
      const { done, value } = await chunks.next();
      if (done) return;
      dropped += value.length;
      if (dropped > budget) {
        await chunks.return?.();
        return;
      }
    }
  } catch {
    // The client went away: nothing left to drain.
  }
}

/** Node's parser refused the request: answered in the envelope (Node's own answer has no body). */
function clientError(error: Error & { code?: string }, socket: Socket): void {
  const message = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || message?.headersSent === true) {
    socket.destroy();
    return;
  }
  writeAndClose(socket, parserFailure(error.code ?? "", error.message));
}

/** An answer written straight to the socket (no `ServerResponse` exists), then the socket closed. */
function writeAndClose(socket: Duplex, answer: Answer): void {
  const body = bodyBytes(answer);
  const head = [
    `HTTP/1.1 ${answer.status} ${STATUS_TEXT[answer.status] ?? "Bad Request"}`,
    ...Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${body.length}`,
    "connection: close",
  ];
  socket.end(Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`), body]));
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  405: "Method Not Allowed",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

/**
 * `CONNECT`: a client that takes the emulator for its proxy (`HTTPS_PROXY` set to its address). Node
 * hands CONNECT to a `connect` listener, and with none closes the connection without a word; the
 * emulator says what happened instead.
 */
function connectRefusal(): Answer {
  return fail(
    405,
    "The emulator is not a proxy: it does not answer CONNECT. Call it directly at its own URL; if your client sent this because HTTPS_PROXY or HTTP_PROXY names the emulator, unset them or add its address to NO_PROXY",
    { headers: { allow: "DELETE, GET, HEAD, OPTIONS, POST, PUT" } },
  );
}

/** What was wrong with a request Node's parser refused, by its error code. */
export function parserFailure(code: string, reason: string): Answer {
  if (code === "HPE_HEADER_OVERFLOW")
    return fail(
      431,
      "Request header fields too large: the request line and headers may take 16 KiB. A long query text belongs in a body: create the query (POST ScheduledQueries) and try it by queryId",
    );
  if (code === "ERR_HTTP_REQUEST_TIMEOUT")
    return fail(408, "Request timeout: the request's headers or body did not arrive in time");
  if (code === "HPE_INVALID_CONTENT_LENGTH" || code === "HPE_UNEXPECTED_CONTENT_LENGTH")
    return fail(
      400,
      "Malformed request: Content-Length must be one whole number of bytes, given once, and not with Transfer-Encoding",
    );
  if (code === "HPE_INVALID_TRANSFER_ENCODING")
    return fail(
      400,
      "Malformed request: Transfer-Encoding must end in chunked, and not come with Content-Length",
    );
  if (code === "HPE_INVALID_CHUNK_SIZE")
    return fail(400, "Malformed request: the chunked body is not valid (RFC 9112, section 7.1)");
  return fail(400, `Malformed request (${code || "unknown"}): ${reason}`);
}

/** Writes an answer; a HEAD's answer carries the GET's length and no body. */
function send(res: ServerResponse, answer: Answer): void {
  const body = bodyBytes(answer);
  // A 204 and a 304 carry no body, and a 304's length would have to be the file's: none is given.
  const length =
    answer.status === 204 || answer.status === 304 ? {} : { "content-length": String(body.length) };
  res.writeHead(answer.status, { ...length, ...answer.headers });
  res.end(body);
}

/**
 * The URL of a request target: origin-form (`/path?query`, where `//path` is a path, not a host as
 * `new URL("//path", base)` would take it), absolute-form (`http://host/path`, as sent to proxies),
 * or asterisk-form (`OPTIONS *`).
 */
export function targetUrl(target: string): URL {
  const base = "http://emulator.local";
  try {
    if (target.startsWith("/")) return new URL(`${base}${target}`);
    if (target === "*") return new URL(`${base}/*`);
    return new URL(target);
  } catch {
    return new URL(`${base}/`);
  }
}

/** What the handler reads of a request, straight from Node's (a fetch `Request` costs more to build). */
function requestOf(req: IncomingMessage, method: string, url: URL, body: Buffer): EmulatorRequest {
  return {
    method,
    url: url.href,
    headers: {
      get: (name) => {
        const key = name.toLowerCase();
        // The body is read already (and its size checked): as with a `Request` made from a string.
        if (key === "content-length" || key === "transfer-encoding") return null;
        const value = req.headers[key];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    arrayBuffer: () =>
      Promise.resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer),
  };
}

async function serve(
  emulator: Emulator,
  turns: Turns,
  hosts: HostPolicy,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const limit = emulator.maxBodyBytes;
    if (Number(req.headers["content-length"] ?? "0") > limit) {
      res.setHeader("connection", "close");
      send(res, tooLarge(limit));
      req.resume();
      return;
    }
    const method = (req.method ?? "GET").toUpperCase();
    if (req.httpVersion === "1.1" && req.headers.host === undefined) {
      res.setHeader("connection", "close");
      send(res, fail(400, "Malformed request: an HTTP/1.1 request needs a Host header"));
      req.resume();
      return;
    }
    // Node keeps the first of several Host headers; RFC 9112 (section 3.2) wants them refused, as
    // a proxy in front may have read another one than the emulator does.
    const given = req.headersDistinct.host?.length ?? 0;
    if (given > 1) {
      res.setHeader("connection", "close");
      send(res, fail(400, `Malformed request: the Host header is given ${given} times; give it once`));
      req.resume();
      return;
    }
    const host = req.headers.host;
    if (host !== undefined && !hosts.allows(host)) {
      res.setHeader("connection", "close");
      send(res, fail(403, refusedHostText(host)));
      req.resume();
      return;
    }
    const hasBody = method !== "GET" && method !== "HEAD";
    const body = hasBody ? await readBody(req, limit) : Buffer.alloc(0);
    if (body === "aborted") return;
    if (body === "too-large") {
      res.setHeader("connection", "close");
      send(res, tooLarge(limit));
      return;
    }
    const request = requestOf(req, method, targetUrl(req.url ?? "/"), body);
    await turns.next();
    send(res, await emulator.answer(request));
  } catch (error) {
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          value: [],
          totalCount: 0,
          message: `Service unavailable: ${String(error)}`,
          statusCode: 500,
        }),
      );
    } else res.destroy();
  }
}
