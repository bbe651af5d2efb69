/**
 * Addresses no report link or callback may reach: link-local ones (the cloud metadata services answer
 * at 169.254.169.254 and fd00:ec2::254, credentials included) and the metadata services' well-known
 * names; private ranges only when asked. One classification for the emulator's callbacks and the
 * client's report links. Written without `node:net`, so the layer stays usable in a browser.
 */

/** Names the cloud metadata services answer at without resolving to a literal address. */
export const METADATA_NAMES: ReadonlySet<string> = new Set([
  "metadata.google.internal",
  "metadata",
  "metadata.azure.com",
  "instance-data",
]);

/** The four parts of a dotted IPv4 literal, or undefined. */
function ipv4Parts(address: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  const parts = m?.slice(1).map(Number);
  return parts?.every((p) => p <= 255) === true ? parts : undefined;
}

/**
 * The IPv4 address inside an IPv6 one: mapped (`::ffff:a.b.c.d`, which URL parsing writes
 * `::ffff:a9fe:a9fe`), compatible (`::a.b.c.d`) or NAT64 (`64:ff9b::a.b.c.d`).
 */
function embeddedIpv4(address: string): string | undefined {
  const m = /^(?:::ffff:|::|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(
    address,
  );
  if (m === null) return undefined;
  if (m[1] !== undefined) return m[1];
  const high = Number.parseInt(m[2] ?? "0", 16);
  const low = Number.parseInt(m[3] ?? "0", 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Why an address literal is refused, or undefined when it may be reached (a name: undefined). */
export function refusedAddress(address: string, allowPrivate: boolean): string | undefined {
  const bare = address.replace(/^\[|\]$/g, "").toLowerCase();
  const v4 = ipv4Parts(embeddedIpv4(bare) ?? bare);
  if (v4 !== undefined) {
    const [a = 0, b = 0] = v4;
    if (a === 169 && b === 254) return "a link-local address (169.254.0.0/16, cloud metadata)";
    if (a === 0) return "an unspecified address";
    if (a === 100 && b >= 64 && b <= 127 && !allowPrivate) return "a shared address (100.64.0.0/10)";
    if (!allowPrivate && (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)))
      return "a private address";
    return undefined;
  }
  // A host name never holds a colon: what does is an IPv6 literal.
  if (bare.includes(":")) {
    if (/^fe[89ab]/.test(bare)) return "a link-local address (fe80::/10)";
    if (bare === "::") return "an unspecified address";
    if (bare === "fd00:ec2::254") return "a cloud metadata address";
    if (!allowPrivate && /^f[cd]/.test(bare)) return "a private address (fc00::/7)";
  }
  return undefined;
}
