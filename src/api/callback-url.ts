/**
 * How the service composes a report's callback from `CallbackUrl`, by text as the documentation
 * gives it: POST `<CallbackUrl>/<reportId>` (trailing slashes dropped, so a query string takes the id
 * into its last value and a fragment takes it out of the call), GET `<CallbackUrl>?reportId=<reportId>`
 * with `&` when the URL has a query already, placed before a fragment, the query left byte for byte
 * as written (parsing and writing it again would turn `%20` into `+` and `?flag` into `?flag=`, which
 * a signed callback URL would not survive). One function for the RQ3045 check (which shows the URL
 * called) and the emulator (which calls it), so the two cannot disagree.
 */

/** The callback's URL and method; `id` goes in as given (the caller percent-encodes a real id). */
export function composeCallback(
  base: string,
  method: string,
  id: string,
): { url: string; method: "GET" | "POST" } {
  if (method.toUpperCase() === "GET") {
    const hash = base.indexOf("#");
    const [head, fragment] = hash < 0 ? [base, ""] : [base.slice(0, hash), base.slice(hash)];
    const separator = !head.includes("?") ? "?" : /[?&]$/.test(head) ? "" : "&";
    return { url: `${head}${separator}reportId=${id}${fragment}`, method: "GET" };
  }
  return { url: `${base.replace(/\/+$/, "")}/${id}`, method: "POST" };
}

/** The part of a URL an HTTP call sends: all but its fragment. */
export function withoutFragment(url: string): string {
  const hash = url.indexOf("#");
  return hash < 0 ? url : url.slice(0, hash);
}
