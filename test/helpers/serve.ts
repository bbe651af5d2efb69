/**
 * `reportql serve` as users start it: the built executable in its own process, on a port the system
 * picks, with the URL read from the line it prints once it accepts requests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { CLI } from "./cli.js";

/** A running emulator process. */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Starts `reportql serve --port 0 ...args` and resolves once it prints its URL (30 s at most). */
export async function startServe(args: readonly string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await listeningUrl(child);
  return { child, url };
}

/** The URL a `reportql serve` process prints once it accepts requests (30 s at most). */
export function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no URL line; stdout: ${out}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^reportql emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}
