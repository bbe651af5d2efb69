/**
 * `reportql serve`: the emulator of the Partner Center analytics APIs on a local port, until SIGINT
 * or SIGTERM. Loaded on demand by `run.ts`, and the server itself on demand here, so `check` never
 * loads the engine.
 */
import type { CliEnvironment } from "./environment.js";

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly seed?: number;
  readonly rows?: number;
}

/** Serves until a signal; resolves with the exit code. */
export async function serveCommand(options: ServeOptions, environment: CliEnvironment): Promise<number> {
  const { startEmulator } = await import("../emulator/server/index.js");
  let running: Awaited<ReturnType<typeof startEmulator>>;
  try {
    running = await startEmulator({
      port: options.port,
      host: options.host,
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.rows !== undefined && { rows: options.rows }),
    });
  } catch (error) {
    environment.stderr.write(
      `reportql: serve: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}\n`,
    );
    return 2;
  }
  if ("kind" in running) {
    environment.stderr.write(`reportql: serve: ${running.message}\n`);
    return 2;
  }
  const server = running;
  environment.stdout.write(`reportql emulator listening on ${server.url}\n`);
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  environment.stderr.write(`reportql: serve: ${signal}, stopping\n`);
  await server.close();
  return 0;
}
