/**
 * Proxies from the environment, as curl and most tools read them: `https_proxy` / `HTTPS_PROXY` for
 * https URLs (else the http one), `http_proxy` / `HTTP_PROXY` for http URLs, the lower-case name
 * first, and `no_proxy` / `NO_PROXY` naming the hosts reached directly. Node's own `fetch` reads none
 * of them, so a client behind an enterprise proxy reached nothing. A proxied request goes through
 * undici's `ProxyAgent` (the library Node's `fetch` is built on; loaded only when a proxy is set):
 * a tunnel (CONNECT) for https and for http alike, so the bearer token travels inside the tunnel to
 * the origin and the proxy sees only the host and port, and the proxy's own `Proxy-Authorization`
 * comes only from the user name and password of the proxy URL. Proxy credentials are never shown:
 * every message gives the proxy URL with them masked.
 */
import type { Dispatcher } from "undici";
import { ProxyError } from "./errors.js";
import type { FetchLike } from "./transport.js";

/** A proxy URL, and the variable it came from (messages name it). */
export interface ProxyUrl {
  readonly url: string;
  readonly variable: string;
}

/** One `NO_PROXY` entry: a host name or address (a suffix matches its subdomains), and a port or 0 (any). */
interface Bypass {
  readonly host: string;
  readonly port: number;
}

export interface ProxySettings {
  readonly http: ProxyUrl | undefined;
  readonly https: ProxyUrl | undefined;
  /** `"*"`: no request is proxied. */
  readonly noProxy: readonly Bypass[] | "*";
}

export type ProxyEnvironment = Readonly<Record<string, string | undefined>>;

/** The first of the variables that is set and not blank. */
function variable(env: ProxyEnvironment, ...names: string[]): ProxyUrl | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== "") return { url: value, variable: name };
  }
  return undefined;
}

/** A URL with its user name and password masked (`http://***@proxy:8080`), for messages. */
export function maskCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1***@");
}

/** The proxy URL as undici takes it (a bare `host:port` is http, as curl reads it), or why it is none. */
function proxyUrl(proxy: ProxyUrl): string | { problem: string } {
  const written = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy.url) ? proxy.url : `http://${proxy.url}`;
  const shown = maskCredentials(proxy.url);
  if (!URL.canParse(written)) return { problem: `${proxy.variable} (${shown}) is not a URL` };
  const url = new URL(written);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return {
      problem: `${proxy.variable} (${shown}) is a ${url.protocol.slice(0, -1)} proxy; reportql takes an http or https proxy (http://host:port)`,
    };
  return written;
}

function bypasses(value: string): Bypass[] | "*" {
  const entries = value.split(/[\s,]+/).filter((e) => e !== "");
  if (entries.includes("*")) return "*";
  return entries.map((entry) => {
    // `[::1]:8080`, `host:8080`, or a bare name or address (an IPv6 one holds colons of its own).
    const match = /^\[([^\]]+)\](?::(\d+))?$|^([^:]+):(\d+)$/.exec(entry);
    const host = match?.[1] ?? match?.[3] ?? entry;
    const port = Number(match?.[2] ?? match?.[4] ?? 0);
    return { host: normalHost(host.replace(/^\*?\./, "")), port };
  });
}

function normalHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
}

/** The proxy variables of `env`, undefined when none is set, or the problem of one that is no proxy URL. */
export function proxySettings(env: ProxyEnvironment): ProxySettings | undefined | { problem: string } {
  const http = variable(env, "http_proxy", "HTTP_PROXY");
  const https = variable(env, "https_proxy", "HTTPS_PROXY");
  if (http === undefined && https === undefined) return undefined;
  for (const proxy of [http, https]) {
    const checked = proxy === undefined ? undefined : proxyUrl(proxy);
    if (typeof checked === "object") return checked;
  }
  const noProxy = variable(env, "no_proxy", "NO_PROXY")?.url ?? "";
  return { http, https, noProxy: bypasses(noProxy) };
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { "http:": 80, "https:": 443 };

/** The proxy a request to `target` goes through, or undefined when it goes directly. */
export function proxyFor(target: URL, settings: ProxySettings): ProxyUrl | undefined {
  const proxy = target.protocol === "https:" ? (settings.https ?? settings.http) : settings.http;
  if (proxy === undefined || settings.noProxy === "*") return undefined;
  const host = normalHost(target.hostname);
  const port = Number(target.port) || DEFAULT_PORTS[target.protocol] || 0;
  const bypassed = settings.noProxy.some(
    (b) => (b.port === 0 || b.port === port) && (host === b.host || host.endsWith(`.${b.host}`)),
  );
  return bypassed ? undefined : proxy;
}

/**
 * A network failure of a request sent through a proxy: the only connection the client made was to
 * the proxy, so the error names it (masked).
 */
export class ProxiedFetchError extends TypeError {
  constructor(
    /** The proxy URL, its credentials masked. */
    readonly proxy: string,
    cause: unknown,
  ) {
    super(`fetch failed through the proxy ${proxy}`, { cause });
  }
}

type Undici = typeof import("undici");

/** A `Request` sent by undici's own `fetch` (the dispatcher and the fetch of one version, always). */
async function sendWith(undici: Undici, request: Request, dispatcher: Dispatcher): Promise<Response> {
  // The report API's bodies are small JSON: sent whole, with a Content-Length, as Node's fetch does.
  const body = request.body === null ? undefined : await request.arrayBuffer();
  const response = await undici.fetch(request.url, {
    method: request.method,
    headers: [...request.headers],
    ...(body !== undefined && { body }),
    signal: request.signal,
    redirect: request.redirect,
    dispatcher,
  });
  return response as unknown as Response;
}

/** The status a proxy refused a tunnel with (undici: "Proxy response (407) !== 200"), or undefined. */
function refusedTunnel(error: unknown): number | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const match = /Proxy response \((\d{3})\)/.exec(e.message);
    if (match !== null) return Number(match[1]);
  }
  return undefined;
}

async function loadUndici(): Promise<Undici> {
  return import("undici");
}

/** `fetch` through the environment's proxies (`proxySettings`); a request `NO_PROXY` names goes directly. */
export function proxyFetch(settings: ProxySettings): FetchLike {
  const agents = new Map<string, Promise<Dispatcher>>();
  const agent = (proxy: ProxyUrl): Promise<Dispatcher> => {
    let found = agents.get(proxy.url);
    if (found === undefined) {
      const uri = proxyUrl(proxy) as string;
      found = loadUndici().then((undici) => new undici.ProxyAgent({ uri }));
      agents.set(proxy.url, found);
    }
    return found;
  };
  return async (request) => {
    const target = new URL(request.url);
    const proxy = proxyFor(target, settings);
    if (proxy === undefined) return fetch(request);
    const shown = maskCredentials(proxy.url);
    try {
      return await sendWith(await loadUndici(), request, await agent(proxy));
    } catch (error) {
      if (request.signal.aborted) throw error;
      const status = refusedTunnel(error);
      if (status !== undefined) throw new ProxyError(shown, proxy.variable, status, target.host);
      if (error instanceof TypeError) throw new ProxiedFetchError(shown, error);
      throw error;
    }
  };
}

/** `fetch` through the caller's undici dispatcher (a `ProxyAgent`, an `Agent` with its own TLS options). */
export function dispatcherFetch(dispatcher: Dispatcher): FetchLike {
  return async (request) => {
    try {
      return await sendWith(await loadUndici(), request, dispatcher);
    } catch (error) {
      const status = request.signal.aborted ? undefined : refusedTunnel(error);
      if (status === undefined) throw error;
      throw new ProxyError("(the dispatcher's proxy)", "dispatcher", status, new URL(request.url).host);
    }
  };
}
