/**
 * Which URLs the client fetches a report file from. The link comes from the service's answer and a
 * redirect from whoever answers it, so neither may point the client at a link-local address (the
 * cloud metadata services at 169.254.169.254 and fd00:ec2::254 answer there, credentials included,
 * and the file would be written where the user said) or off http(s). Names are not resolved: a
 * literal address or a metadata service's well-known name is what a link can carry unresolved.
 */

import { METADATA_NAMES, refusedAddress } from "../api/addresses.js";

/** Why the client does not fetch a report file from `url`, or undefined when it may. */
export function refusedLink(url: URL): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return "it is not an http(s) URL";
  // URL parsing writes IPv4 literals in dotted form (0xa9fea9fe too) and IPv6 ones in brackets.
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (METADATA_NAMES.has(host)) return "it names a cloud metadata service";
  // Private addresses are allowed: storage may sit on a private network (a proxy, Azurite in CI).
  const refused = refusedAddress(host, true);
  return refused === undefined ? undefined : `it is ${refused}`;
}

/** A URL as errors show it: without its query string and fragment (a signed link's signature). */
export function shownUrl(url: string): string {
  return url.replace(/[?#].*$/s, "");
}
