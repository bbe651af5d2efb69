/**
 * Real network middlemen on 127.0.0.1 for the client's proxy and download tests:
 *
 * - `startProxy`: an HTTP proxy as enterprises run them: tunnels (CONNECT) and absolute-form
 *   requests, optionally asking for credentials (407 with `Proxy-Authenticate`), recording what it
 *   was asked (method, target, headers) so a test can see what reached the proxy and what did not.
 * - `startCuttingFront`: a reverse proxy in front of the emulator's report links that cuts the
 *   connection after a number of body bytes of the first answers, as a reset mid-download does,
 *   recording each request's headers (`Range`, `If-Match`).
 */
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect, type Socket } from "node:net";

export interface ProxyRecord {
  readonly method: string;
  /** `host:port` of a tunnel, or the absolute URL of a forwarded request. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
}

export interface Middleman {
  readonly url: string;
  readonly records: ProxyRecord[];
  close(): Promise<void>;
}

function listen(server: Server, sockets: Set<Socket>): Promise<string> {
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`);
    });
  });
}

function closer(server: Server, sockets: Set<Socket>) {
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

/** Starts a proxy; with `credentials` (`user:password`) it answers 407 to any other. */
export async function startProxy(options: { credentials?: string } = {}): Promise<Middleman> {
  const records: ProxyRecord[] = [];
  const sockets = new Set<Socket>();
  const expected =
    options.credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(options.credentials).toString("base64")}`;
  const allowed = (headers: IncomingHttpHeaders) =>
    expected === undefined || headers["proxy-authorization"] === expected;
  const server = createServer((req, res) => {
    records.push({ method: req.method ?? "", target: req.url ?? "", headers: req.headers });
    if (!allowed(req.headers)) {
      res.writeHead(407, { "proxy-authenticate": 'Basic realm="test"' }).end();
      return;
    }
    // Absolute form: `GET http://host:port/path HTTP/1.1`, forwarded without the proxy's own header.
    const target = new URL(req.url ?? "");
    const { "proxy-authorization": _, "proxy-connection": __, ...headers } = req.headers;
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    records.push({ method: "CONNECT", target: req.url ?? "", headers: req.headers });
    if (!allowed(req.headers)) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n',
      );
      return;
    }
    const [host = "", port = "0"] = (req.url ?? "").split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  const url = await listen(server, sockets);
  return { url, records, close: closer(server, sockets) };
}

/** Changes a front makes, by the answer's index (0 for the first request). */
export interface FrontChanges {
  /** The request's headers as sent on to the origin (a server that ignores `Range`). */
  readonly request?: (index: number, headers: IncomingHttpHeaders) => IncomingHttpHeaders;
  /** The answer's headers as sent back (a file whose ETag changed). */
  readonly answer?: (index: number, headers: IncomingHttpHeaders) => IncomingHttpHeaders;
  /** A cut answer stalls (its connection left open, silent) instead of being reset. */
  readonly stall?: boolean;
  /** Serve https with this key and certificate. */
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer };
}

/**
 * Starts a front forwarding to `origin` (`http://127.0.0.1:port`); each of the first `cuts.length`
 * answers is cut after that many body bytes (its headers sent as the origin gave them).
 */
export async function startCuttingFront(
  origin: string,
  cuts: readonly number[],
  changes: FrontChanges = {},
): Promise<Middleman> {
  const records: ProxyRecord[] = [];
  const sockets = new Set<Socket>();
  const target = new URL(origin);
  let answered = 0;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    records.push({ method: req.method ?? "", target: req.url ?? "", headers: req.headers });
    const index = answered++;
    const cut = cuts[index];
    const sent = changes.request?.(index, req.headers) ?? req.headers;
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...sent, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, changes.answer?.(index, answer.headers) ?? answer.headers);
        if (cut === undefined) {
          answer.pipe(res);
          return;
        }
        let written = 0;
        answer.on("data", (chunk: Buffer) => {
          if (written >= cut) return;
          const part = chunk.subarray(0, cut - written);
          written += part.length;
          // The connection reset mid-body: the client got the headers and `cut` bytes, no end.
          res.write(part, () => {
            if (written >= cut && changes.stall !== true) res.socket?.destroy();
          });
        });
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  };
  const server = changes.tls === undefined ? createServer(handle) : createHttpsServer(changes.tls, handle);
  const url = await listen(server, sockets);
  return {
    url: changes.tls === undefined ? url : url.replace("http:", "https:"),
    records,
    close: closer(server, sockets),
  };
}
