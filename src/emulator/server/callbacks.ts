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
import { isIP } from "node:net";

const METADATA_NAMES = new Set([
  "metadata.google.internal",
  "metadata",
  "metadata.azure.com",
  "instance-data",
]);

function ipv4Parts(address: string): number[] | undefined {
  if (isIP(address) !== 4) return undefined;
  return address.split(".").map(Number);
}

/** Why an address is refused, or undefined when it may be called. */
export function refusedAddress(address: string, allowPrivate: boolean): string | undefined {
  const bare = address.replace(/^\[|\]$/g, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1];
  const v4 = ipv4Parts(mapped ?? bare);
  if (v4 !== undefined) {
    const [a = 0, b = 0] = v4;
    if (a === 169 && b === 254) return "a link-local address (169.254.0.0/16, cloud metadata)";
    if (a === 0) return "an unspecified address";
    if (a === 100 && b >= 64 && b <= 127 && !allowPrivate) return "a shared address (100.64.0.0/10)";
    if (!allowPrivate && (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)))
      return "a private address";
    return undefined;
  }
  if (isIP(bare) === 6) {
    if (/^fe[89ab]/.test(bare)) return "a link-local address (fe80::/10)";
    if (bare === "::") return "an unspecified address";
    if (bare === "fd00:ec2::254") return "a cloud metadata address";
    if (!allowPrivate && /^f[cd]/.test(bare)) return "a private address (fc00::/7)";
  }
  return undefined;
}

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

/** The URL and method a callback uses. */
export function callbackTarget(
  base: string,
  method: string,
  reportId: string,
): { url: string; method: "GET" | "POST" } {
  if (method.toUpperCase() === "GET") {
    const url = new URL(base);
    url.searchParams.set("reportId", reportId);
    return { url: url.toString(), method: "GET" };
  }
  return { url: `${base.replace(/\/+$/, "")}/${encodeURIComponent(reportId)}`, method: "POST" };
}

export interface Delivery {
  readonly url: string;
  readonly method: "GET" | "POST";
  readonly status?: number;
  readonly error?: string;
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
  const lookup = (
    hostname: string,
    options: object,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const bad = addresses.map((a) => refusedAddress(a.address, allowPrivate)).find((r) => r !== undefined);
      if (bad !== undefined) return callback(new Error(`refused: ${hostname} resolves to ${bad}`), []);
      const all = (options as { all?: boolean }).all === true;
      const first = addresses[0];
      if (all) return callback(null, addresses);
      return callback(null, first?.address ?? "", first?.family);
    });
  };
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
        res.on("end", () => resolve({ ...target, status: res.statusCode ?? 0 }));
        res.on("error", (e) => resolve({ ...target, error: String(e.message) }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out after 5 s")));
    req.on("error", (e) => resolve({ ...target, error: e.message }));
    req.end(target.method === "POST" ? body : undefined);
  });
}
