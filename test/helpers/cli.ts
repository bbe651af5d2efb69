/**
 * Running the CLI in tests. `cli` calls `run(argv, environment)` in this process, with captured
 * output: the same code path as the executable minus the process, fast enough for the unit tier.
 * `reportql` runs the built executable (`dist/cli/main.cjs`) as a process, the way users and CI systems
 * do; the process tier keeps a handful of those.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { CliEnvironment } from "../../src/cli/environment.js";
import { run } from "../../src/cli/run.js";

const ROOT = join(import.meta.dirname, "..", "..");
export const CLI = join(ROOT, "dist", "cli", "main.cjs");

/** What a run of the CLI gave. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of a run: the folder, standard input, and environment variables beyond the minimal ones. */
export interface RunOptions {
  readonly cwd: string;
  readonly input?: string | Buffer;
  readonly env?: Record<string, string>;
}

function environmentVariables(options: RunOptions): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...options.env };
}

/** Runs `reportql args` in-process (no colours unless asked, not a terminal). */
export async function cli(args: readonly string[], options: RunOptions): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const input = options.input ?? "";
  const environment: CliEnvironment = {
    cwd: options.cwd,
    env: environmentVariables(options),
    stdout: {
      write: (text) => {
        stdout += text;
      },
    },
    stderr: {
      write: (text) => {
        stderr += text;
      },
    },
    readStdin: async () =>
      typeof input === "string" ? new TextEncoder().encode(input) : new Uint8Array(input),
  };
  const code = await run(args, environment);
  return { code, stdout, stderr };
}

/** Runs `reportql args` as a process of the built executable. */
export function reportql(args: readonly string[], options: RunOptions): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    input: options.input ?? "",
    env: environmentVariables(options),
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
