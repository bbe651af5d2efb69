/**
 * Callbacks: `POST <CallbackUrl>/<reportId>` or `GET <CallbackUrl>?reportId=<reportId>` once an
 * execution completes. Loopback targets are allowed (a local tool calls local listeners); link-local
 * addresses (169.254.0.0/16, fe80::/10) and cloud metadata names are always refused, both when the
 * URL is given and when its name resolves (the address checked is the one connected to, so DNS
 * rebinding gains nothing); other private ranges are refused when `allowPrivate` is false.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { METADATA_NAMES, refusedAddress } from "../../api/addresses.js";
import { composeCallback } from "../../api/callback-url.js";

export { refusedAddress };

/** Why a callback URL is refused, or undefined. Names are checked again when they resolve. */
export function refusedUrl(text: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "not a URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "not an http(s) URL";
  if (url.username !== "" || url.password !== "") return "a URL with credentials";
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (METADATA_NAMES.has(host)) return "a cloud metadata name";
  return refusedAddress(host, allowPrivate);
}

/** The URL and method a callback uses, composed as the service does (`src/api/callback-url.ts`). */
export function callbackTarget(
  base: string,
  method: string,
  reportId: string,
): { url: string; method: "GET" | "POST" } {
  return composeCallback(base, method, encodeURIComponent(reportId));
}

/** The URL an HTTP call to `url` requests: without its fragment, which is never sent. */
export function calledUrl(url: URL): string {
  return `${url.origin}${url.pathname}${url.search}`;
}

export interface Delivery {
  readonly url: string;
  readonly method: "GET" | "POST";
  readonly status?: number;
  readonly error?: string;
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;
type Resolver = (
  hostname: string,
  callback: (error: Error | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

/**
 * A `lookup` for `http.request` that refuses a name when any of its addresses is refused: the check
 * is on the addresses the socket connects to, so a name that changes its answer gains nothing.
 */
export function safeLookup(allowPrivate: boolean, resolve: Resolver = systemResolver) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, []);
      const bad = addresses.map((a) => refusedAddress(a.address, allowPrivate)).find((r) => r !== undefined);
      if (bad !== undefined) return callback(new Error(`refused: ${hostname} resolves to ${bad}`), []);
      const first = addresses[0];
      if ((options as { all?: boolean }).all === true) return callback(null, addresses);
      return callback(null, first?.address ?? "", first?.family);
    });
  };
}

/** Calls a callback once (5 s timeout); the outcome is a value. */
export function deliver(
  target: { url: string; method: "GET" | "POST" },
  body: string,
  allowPrivate: boolean,
): Promise<Delivery> {
  const refused = refusedUrl(target.url, allowPrivate);
  if (refused !== undefined) return Promise.resolve({ ...target, error: `refused: ${refused}` });
  const url = new URL(target.url);
  // The journal shows the URL called, as sent: no fragment, percent-encoded as the request line.
  const called = { method: target.method, url: calledUrl(url) };
  const lookup = safeLookup(allowPrivate);
  return new Promise((resolve) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: target.method,
        lookup,
        timeout: 5_000,
        headers: target.method === "POST" ? { "content-type": "application/json" } : {},
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ ...called, status: res.statusCode ?? 0 }));
        res.on("error", (e) => resolve({ ...called, error: String(e.message) }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out after 5 s")));
    req.on("error", (e) => resolve({ ...called, error: e.message }));
    req.end(target.method === "POST" ? body : undefined);
  });
}
