/**
 * Browsers: which origins may call the emulator, and the CORS headers they get. A dashboard on another
 * local port (`http://localhost:5173`) is the use: loopback origins are allowed by default, others only
 * when named (`--cors <origin>`, library `cors`; `*` allows any). A request whose `Origin` is not
 * allowed is refused outright rather than answered without CORS headers, because the browser hides
 * only the answer: a page on any site could still reset the emulator or arm faults through the admin
 * API (no token) with a form post. Non-browser clients send no `Origin` and are not concerned.
 * See docs/decisions/emulator-server.md.
 */

import { isLoopbackAddress } from "./hosts.js";

export type OriginCheck =
  | { readonly kind: "none" }
  | { readonly kind: "allowed"; readonly origin: string }
  | { readonly kind: "refused"; readonly origin: string };

/** Headers a browser script may read from an answer (beyond the CORS-safelisted ones). */
const EXPOSED =
  "accept-ranges, allow, content-range, etag, retry-after, www-authenticate, x-ms-error-code, x-ms-request-id";

export class CorsPolicy {
  private readonly extra: ReadonlySet<string>;
  private readonly any: boolean;

  /** `origins`: allowed beside loopback ones, as `scheme://host[:port]`, `null` or `*`. */
  constructor(origins: readonly string[] = []) {
    this.any = origins.includes("*");
    this.extra = new Set(origins.map(normaliseOrigin).filter((o) => o !== undefined));
  }

  check(origin: string | null): OriginCheck {
    if (origin === null) return { kind: "none" };
    const normal = normaliseOrigin(origin);
    const allowed =
      this.any || (normal !== undefined && (this.extra.has(normal) || isLoopbackOrigin(normal)));
    return { kind: allowed ? "allowed" : "refused", origin };
  }

  /** Headers of an answer to an allowed origin. */
  static headers(origin: string): Record<string, string> {
    return {
      "access-control-allow-origin": origin,
      "access-control-expose-headers": EXPOSED,
      vary: "Origin",
    };
  }

  /** Headers of an answer to an allowed origin's preflight for a route with `methods`. */
  static preflight(
    origin: string,
    methods: readonly string[],
    requestedHeaders: string | null,
  ): Record<string, string> {
    return {
      ...CorsPolicy.headers(origin),
      "access-control-allow-methods": methods.join(", "),
      // What the page asked for: the emulator reads `authorization` and `content-type` and ignores
      // the rest, so no requested header is worth a refusal.
      "access-control-allow-headers": requestedHeaders ?? "authorization, content-type",
      "access-control-max-age": "600",
      vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    };
  }
}

/** Why an entry of `cors` is not an origin a browser sends, or undefined when it is one (or `*`). */
export function originProblem(origin: string): string | undefined {
  if (origin === "*" || origin === "null") return undefined;
  const bare = /^https?:\/\/[^/?#]+\/?$/i.test(origin) && normaliseOrigin(origin) !== undefined;
  return bare
    ? undefined
    : `${JSON.stringify(origin)} is not an origin; write scheme://host[:port] (as a browser sends it, no path), null or *`;
}

/** `scheme://host[:port]` lower-cased, the default port dropped; `null` as it is; else undefined. */
export function normaliseOrigin(origin: string): string | undefined {
  const trimmed = origin.trim();
  if (trimmed === "null") return "null";
  if (!URL.canParse(trimmed)) return undefined;
  const url = new URL(trimmed);
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  return url.origin.toLowerCase();
}

/** http(s) on localhost, `*.localhost`, 127.0.0.0/8 or [::1], any port. */
export function isLoopbackOrigin(origin: string): boolean {
  if (!URL.canParse(origin)) return false;
  const host = new URL(origin).hostname.toLowerCase();
  return isLoopbackAddress(host) || host.endsWith(".localhost");
}
