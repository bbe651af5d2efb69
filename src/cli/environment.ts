import type { Writer } from "./terminal.js";

/** What the CLI needs from its process, passed in so that `run` is a function like any other. */
export interface CliEnvironment {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Writer;
  /** Messages; `run` makes them terminal-safe (see `terminal.ts`). */
  readonly stderr: Writer;
  /** Where the progress line goes, unfiltered (it moves the cursor on purpose): standard error. */
  readonly progress?: Writer;
  /**
   * Reads standard input, up to `limit` bytes and a little more at most: more bytes than the limit
   * means that it held more (it is reported as too large).
   */
  readStdin(limit: number): Promise<Uint8Array>;
}

/** Whether the environment is a CI system (no progress lines there). */
export function inCi(env: CliEnvironment["env"]): boolean {
  const ci = env.CI;
  return (ci !== undefined && ci !== "" && ci !== "false" && ci !== "0") || env.GITHUB_ACTIONS === "true";
}

/** Whether output to `stream` gets colours: FORCE_COLOR wins, then NO_COLOR, then "is it a terminal". */
export function useColor(environment: CliEnvironment, stream: "stdout" | "stderr"): boolean {
  const force = environment.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (environment.env.NO_COLOR !== undefined && environment.env.NO_COLOR !== "") return false;
  return environment[stream].isTTY === true && environment.env.TERM !== "dumb";
}

/**
 * `--color` and `--no-color`, which ESLint, Prettier and npm users type, taken out of the arguments of
 * any command (before a `--`) and turned into `FORCE_COLOR`, which `useColor` reads first; the last one
 * given wins, as for the other options.
 */
export function withColorFlags(
  argv: readonly string[],
  environment: CliEnvironment,
): [string[], CliEnvironment] {
  const end = argv.indexOf("--");
  const options = end === -1 ? argv : argv.slice(0, end);
  const flags = options.filter((a) => a === "--color" || a === "--no-color");
  if (flags.length === 0) return [[...argv], environment];
  const args = [
    ...options.filter((a) => a !== "--color" && a !== "--no-color"),
    ...(end === -1 ? [] : argv.slice(end)),
  ];
  const force = flags[flags.length - 1] === "--color" ? "1" : "0";
  return [args, { ...environment, env: { ...environment.env, FORCE_COLOR: force } }];
}
