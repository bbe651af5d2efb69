/**
 * The emulator on `node:http`: bound to loopback by default, bodies read with a size limit (413 in
 * the envelope without buffering the excess), requests handed to the fetch-style handler.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { MissingDependencies } from "../deps.js";
import type { Answer, EmulatorRequest } from "./envelope.js";
import { createEmulator, type Emulator, type EmulatorOptions, tooLarge } from "./handler.js";
import type { StoreProblem } from "./store.js";
import { Turns } from "./turns.js";

export interface StartOptions extends EmulatorOptions {
  /** 0 picks a free port (default 7071). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
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
): Promise<RunningEmulator | MissingDependencies | StoreProblem> {
  const emulator = await createEmulator(options);
  if ("kind" in emulator) return emulator;
  const host = options.host ?? "127.0.0.1";
  const turns = new Turns();
  const server = createServer((req, res) => {
    void serve(emulator, turns, req, res);
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
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

/** Reads at most `limit` bytes; past it, drains the rest and reports too large. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        // A client that keeps sending far past the limit is cut off.
        if (size > limit * 64) req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? "too-large" : Buffer.concat(chunks)));
    req.on("error", () => resolve("aborted"));
    req.on("close", () => resolve(over ? "too-large" : "aborted"));
  });
}

/** Writes an answer; a HEAD's answer carries the GET's length and no body. */
function send(res: ServerResponse, answer: Answer): void {
  const body = Buffer.from(answer.body);
  const length = answer.status === 204 ? {} : { "content-length": String(body.length) };
  res.writeHead(answer.status, { ...length, ...answer.headers });
  res.end(body);
}

/** What the handler reads of a request, straight from Node's (a fetch `Request` costs more to build). */
function requestOf(req: IncomingMessage, method: string, url: URL, body: string): EmulatorRequest {
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
    text: () => Promise.resolve(body),
  };
}

async function serve(
  emulator: Emulator,
  turns: Turns,
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
    const hasBody = method !== "GET" && method !== "HEAD";
    const body = hasBody ? await readBody(req, limit) : Buffer.alloc(0);
    if (body === "aborted") return;
    if (body === "too-large") {
      send(res, tooLarge(limit));
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://emulator.local");
    } catch {
      url = new URL("http://emulator.local/");
    }
    const request = requestOf(req, method, url, hasBody ? body.toString("utf8") : "");
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
