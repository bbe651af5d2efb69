/**
 * `reportql serve`: the emulator of the Partner Center analytics APIs on a local port, until SIGINT
 * or SIGTERM. Loaded on demand by `run.ts`, and the server itself on demand here, so `check` never
 * loads the engine.
 */
import { resolve } from "node:path";
// A few lines of address rules, not the server: the server itself is loaded on demand below.
import { originProblem } from "../emulator/server/cors.js";
import { hostNameProblem, isLoopbackAddress } from "../emulator/server/hosts.js";
import type { CliEnvironment } from "./environment.js";
import { terminalSafe } from "./terminal.js";

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly seed?: number;
  readonly rows?: number;
  /** The folder state is kept in (`--data`); in memory when absent. */
  readonly data?: string;
  /** `--in-memory`: the default, said explicitly; conflicts with `--data`. */
  readonly inMemory?: boolean;
  /** `--allow-private-callbacks`: callbacks may reach 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7. */
  readonly allowPrivateCallbacks?: boolean;
  /** `--cors <origin>` (repeatable): pages at these origins may call it, beside loopback ones. */
  readonly cors?: readonly string[];
  /** `--allowed-host <name>` (repeatable): a name requests may give in `Host` (see emulator/server/hosts.ts). */
  readonly allowedHosts?: readonly string[];
}

/** Serves until a signal; resolves with the exit code. */
export async function serveCommand(options: ServeOptions, environment: CliEnvironment): Promise<number> {
  if (options.data !== undefined && options.inMemory === true) {
    environment.stderr.write("reportql: serve: --data and --in-memory cannot be used together\n");
    return 2;
  }
  if (options.data === "") {
    environment.stderr.write("reportql: serve: --data needs a folder\n");
    return 2;
  }
  // The library refuses these too; said here with the flag's name, before the engine loads.
  const badOrigin = options.cors?.map(originProblem).find((p) => p !== undefined);
  if (badOrigin !== undefined) {
    environment.stderr.write(`reportql: serve: --cors ${terminalSafe(badOrigin)}\n`);
    return 2;
  }
  const badHost = options.allowedHosts?.map(hostNameProblem).find((p) => p !== undefined);
  if (badHost !== undefined) {
    environment.stderr.write(`reportql: serve: --allowed-host ${terminalSafe(badHost)}\n`);
    return 2;
  }
  const { startEmulator } = await import("../emulator/server/index.js");
  const data = options.data === undefined ? undefined : resolve(environment.cwd, options.data);
  let running: Awaited<ReturnType<typeof startEmulator>>;
  try {
    running = await startEmulator({
      port: options.port,
      host: options.host,
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.rows !== undefined && { rows: options.rows }),
      ...(data !== undefined && { data }),
      allowPrivateCallbacks: options.allowPrivateCallbacks === true,
      ...(options.cors !== undefined && { cors: options.cors }),
      ...(options.allowedHosts !== undefined && { allowedHosts: options.allowedHosts }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === "EADDRINUSE"
        ? "; another process uses that port: pick another with --port (--port 0 takes a free one)"
        : code === "EACCES"
          ? "; ports below 1024 need privileges: pick another with --port"
          : "";
    environment.stderr.write(
      `reportql: serve: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}${hint}\n`,
    );
    return 2;
  }
  if ("kind" in running) {
    environment.stderr.write(`reportql: serve: ${terminalSafe(running.message)}\n`);
    return 2;
  }
  const server = running;
  environment.stdout.write(`reportql emulator listening on ${server.url}\n`);
  const exposed = exposedHostWarning(options.host);
  if (exposed !== undefined) environment.stderr.write(`reportql: serve: ${exposed}\n`);
  const anyPage = corsWarning(options.cors ?? []);
  if (anyPage !== undefined) environment.stderr.write(`reportql: serve: ${anyPage}\n`);
  environment.stderr.write(
    data === undefined
      ? "reportql: serve: state in memory (lost on exit; --data DIR keeps it)\n"
      : `reportql: serve: state kept in ${terminalSafe(data)}\n`,
  );
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  environment.stderr.write(`reportql: serve: ${signal}, stopping\n`);
  await server.close();
  return 0;
}

/**
 * A warning for `--cors *`: any web page open in the browser may then call the emulator, its admin
 * API included (reset, faults, rows), which needs no token.
 */
export function corsWarning(origins: readonly string[]): string | undefined {
  if (!origins.includes("*")) return undefined;
  return "warning: --cors * lets any web page open in your browser call the emulator, the admin API (no token) included; name the dashboard's origin instead (--cors http://host:port)";
}

/**
 * A warning for a host other machines can reach: the emulator accepts any bearer token, so there
 * anyone who reaches the port can use it. Loopback (`127.0.0.0/8`, `::1`, `localhost`) gets none.
 */
export function exposedHostWarning(host: string): string | undefined {
  if (isLoopbackAddress(host)) return undefined;
  return `warning: --host ${terminalSafe(host)} can be reached from other machines, and the emulator accepts any bearer token: anyone who reaches this port can use it (the default, 127.0.0.1, keeps it to this machine)`;
}
