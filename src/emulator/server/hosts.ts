/**
 * Which names a request may give in `Host`, against DNS rebinding: a web page at `attacker.example`
 * whose name is made to resolve to 127.0.0.1 is same-origin with the emulator in the browser, sends no
 * `Origin` on a GET, and could read every query, report, file and the admin journal. A server bound to
 * loopback therefore answers only requests naming it by an IP address, `localhost` or a `.localhost`
 * name, or a name allowed explicitly (`--allowed-host`, library `allowedHosts`), as Vite and
 * webpack-dev-server do. A server bound to another address was exposed on purpose (a container's
 * service name, `http://emulator:7071`): every name is accepted there, since anyone on that network
 * reaches it directly anyway.
 */
import { isIP } from "node:net";

export class HostPolicy {
  private readonly names: ReadonlySet<string>;
  private readonly any: boolean;

  /** `bound`: the address the server listens on; `allowed`: names allowed beside the built-in ones (`*`: any). */
  constructor(bound: string, allowed: readonly string[] = []) {
    this.any = allowed.includes("*") || !isLoopbackAddress(bound);
    this.names = new Set(allowed.map((name) => name.toLowerCase()));
  }

  /** Whether a request naming `host` (the header as sent, with its port) is answered. */
  allows(host: string): boolean {
    if (this.any) return true;
    const name = hostName(host);
    if (name === undefined) return false;
    return isIP(name) !== 0 || name === "localhost" || name.endsWith(".localhost") || this.names.has(name);
  }
}

/** The name of a `Host` header without its port, lower-cased (an IPv6 literal without brackets). */
export function hostName(host: string): string | undefined {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith("[")) {
    const end = trimmed.indexOf("]");
    return end === -1 ? undefined : trimmed.slice(1, end);
  }
  const colon = trimmed.lastIndexOf(":");
  const name = colon === -1 ? trimmed : trimmed.slice(0, colon);
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

/** Whether the server's address is loopback only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackAddress(address: string): boolean {
  const name = address
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  return name === "localhost" || name === "::1" || (isIP(name) === 4 && name.startsWith("127."));
}

/** Why an entry of `allowedHosts` is not a host name, or undefined when it is one (or `*`). */
export function hostNameProblem(name: string): string | undefined {
  if (name === "*" || /^[a-z0-9.-]+$/i.test(name)) return undefined;
  return `${JSON.stringify(name)} is not a host name; write the name alone (no scheme, port or path), or * for any`;
}

/** The message of a refused name, saying how to allow it. */
export function refusedHostText(host: string): string {
  return `Blocked request: the Host header names ${JSON.stringify(host)}, and the emulator, bound to loopback, answers requests naming it by an IP address, localhost or a .localhost name only (a web page whose name resolves to 127.0.0.1 must not read it). Start it with --allowed-host NAME (library: allowedHosts) to use another name`;
}
