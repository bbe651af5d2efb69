/**
 * Which URLs the client fetches a report file from. The link comes from the service's answer and a
 * redirect from whoever answers it, so neither may point the client at a link-local address (the
 * cloud metadata services at 169.254.169.254 and fd00:ec2::254 answer there, credentials included,
 * and the file would be written where the user said) or off http(s). Names are not resolved: a
 * literal address or a metadata service's well-known name is what a link can carry unresolved.
 */

const METADATA_NAMES = new Set([
  "metadata.google.internal",
  "metadata",
  "metadata.azure.com",
  "instance-data",
]);

/** The IPv4 address of a literal (`a.b.c.d`, or inside an IPv6 one: `::ffff:a9fe:a9fe`), or undefined. */
function ipv4(host: string): number[] | undefined {
  const plain = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (plain !== null) return plain.slice(1).map(Number);
  const embedded = /^(?:::ffff:|::|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(
    host,
  );
  if (embedded === null) return undefined;
  if (embedded[1] !== undefined) return ipv4(embedded[1]);
  const high = Number.parseInt(embedded[2] ?? "0", 16);
  const low = Number.parseInt(embedded[3] ?? "0", 16);
  return [high >> 8, high & 255, low >> 8, low & 255];
}

/** Why the client does not fetch a report file from `url`, or undefined when it may. */
export function refusedLink(url: URL): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return "it is not an http(s) URL";
  // URL parsing writes IPv4 literals in dotted form (0xa9fea9fe too) and IPv6 ones in brackets.
  const host = url.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (METADATA_NAMES.has(host)) return "it names a cloud metadata service";
  const [a, b] = ipv4(host) ?? [];
  if (a === 169 && b === 254) return "it is a link-local address (169.254.0.0/16: cloud metadata)";
  if (a === 0) return "it is an unspecified address";
  if (/^fe[89ab][0-9a-f]?:/.test(host)) return "it is a link-local address (fe80::/10)";
  if (host === "fd00:ec2::254") return "it is a cloud metadata address";
  return undefined;
}

/** A URL as errors show it: without its query string and fragment (a signed link's signature). */
export function shownUrl(url: string): string {
  return url.replace(/[?#].*$/s, "");
}
