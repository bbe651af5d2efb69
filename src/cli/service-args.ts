/**
 * The arguments of the commands that talk to the service (`run`, `pull`, `push`), loaded by `run.ts`
 * only for them: each command's flags, their checks (usage errors, exit 2), and the command module.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { closestNames } from "../semantic/suggest.js";
import type { CliEnvironment } from "./environment.js";
import { projectOptions } from "./run.js";
import { UsageError } from "./shared.js";
import { PULL_HELP, PUSH_HELP, RUN_HELP } from "./usage.js";

const HELP = { type: "boolean", short: "h" } as const;
const NO_CONFIG = { type: "boolean" } as const;
const CONFIG = { type: "string", short: "c" } as const;
const CATALOG = { type: "string" } as const;

/** The flags of the commands that talk to the service (`run`, `pull`, `push`). */
const SERVICE_OPTIONS = {
  help: HELP,
  endpoint: { type: "string" },
  token: { type: "string" },
  timeout: { type: "string" },
} as const satisfies ParseArgsConfig["options"];

const RUN_OPTIONS = {
  ...SERVICE_OPTIONS,
  format: { type: "string", default: "csv" },
  from: { type: "string" },
  to: { type: "string" },
  output: { type: "string", short: "o" },
  "poll-interval": { type: "string", default: "10" },
  catalog: CATALOG,
  "no-config": NO_CONFIG,
  config: CONFIG,
} as const satisfies ParseArgsConfig["options"];

const PULL_OPTIONS = {
  ...SERVICE_OPTIONS,
  force: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

const PUSH_OPTIONS = {
  ...SERVICE_OPTIONS,
  "dry-run": { type: "boolean" },
  prune: { type: "boolean" },
  catalog: CATALOG,
  "no-config": NO_CONFIG,
  config: CONFIG,
} as const satisfies ParseArgsConfig["options"];

/** Strict parsing, as `run.ts` does for the other commands: an unknown flag is a usage error naming it. */
function parse<O extends NonNullable<ParseArgsConfig["options"]>>(
  command: string,
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(
      /\. To specify a positional argument.*$/s,
      "",
    );
    const unknown = /Unknown option '(--?[\w-]+)'/.exec(message)?.[1];
    const typed = unknown?.replace(/^-+/, "") ?? "";
    // A flag cut short (`--tok`) means the one it starts; otherwise the closest spelling.
    const [best] =
      unknown === undefined
        ? []
        : typed.length >= 2 && Object.keys(options).some((k) => k.startsWith(typed) && k !== typed)
          ? Object.keys(options).filter((k) => k.startsWith(typed))
          : closestNames(typed, Object.keys(options));
    const hint = best === undefined ? "" : `; did you mean --${best}?`;
    throw new UsageError(`${command}: ${message}${hint} (see reportql ${command} --help)`);
  }
}

/** `--timeout SECONDS` in milliseconds (absent: the client's default), or a usage error naming the flag. */
function timeoutFlag(command: string, value: string | undefined): { timeoutMs?: number } {
  if (value === undefined) return {};
  const seconds = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(seconds >= 1 && seconds <= 3600))
    throw new UsageError(
      `${command}: --timeout takes seconds from 1 to 3600, such as --timeout 120, not ${JSON.stringify(value)}`,
    );
  return { timeoutMs: seconds * 1000 };
}

/** Runs `run`, `pull` or `push` with the rest of the command line; returns the exit code. */
export async function serviceCommand(
  command: "run" | "pull" | "push",
  rest: readonly string[],
  environment: CliEnvironment,
): Promise<number> {
  const print = (text: string) => {
    environment.stdout.write(text);
    return 0;
  };
  switch (command) {
    case "run": {
      const { values, positionals } = parse("run", rest, RUN_OPTIONS);
      if (values.help) return print(RUN_HELP);
      const [file, ...extra] = positionals;
      if (file === undefined || extra.length > 0)
        throw new UsageError(
          "run: expected one .rql file, such as `reportql run orders.rql` (see reportql run --help)",
        );
      if (values.output === "")
        throw new UsageError("run: -o needs a file name, such as -o orders.csv (see reportql run --help)");
      // `check -o -` means standard output; here it made a file named `-`. The report is written to a
      // file whole or not at all (a download cut halfway leaves nothing), which a pipe cannot promise.
      if (values.output === "-")
        throw new UsageError(
          "run: -o - (standard output) is not supported: the report goes to a file, written whole or not at all; give a file name, such as -o orders.csv, and read it from there",
        );
      // The service writes CSV and TSV in capitals: either case is the format.
      const format = values.format.toLowerCase();
      if (format !== "csv" && format !== "tsv")
        throw new UsageError(`run: --format must be csv or tsv, not ${JSON.stringify(values.format)}`);
      const seconds = /^\d+(\.\d+)?$/.test(values["poll-interval"])
        ? Number(values["poll-interval"])
        : Number.NaN;
      if (!(seconds >= 0.1 && seconds <= 3600))
        throw new UsageError("run: --poll-interval takes seconds from 0.1 to 3600");
      const { runCommand } = await import("./run-command.js");
      return runCommand(
        {
          file,
          format,
          ...(values.endpoint !== undefined && { endpoint: values.endpoint }),
          ...(values.token !== undefined && { token: values.token }),
          ...timeoutFlag("run", values.timeout),
          ...(values.from !== undefined && { from: values.from }),
          ...(values.to !== undefined && { to: values.to }),
          ...(values.output !== undefined && { output: values.output }),
          pollInterval: seconds * 1000,
          ...(values.catalog !== undefined && { catalog: values.catalog }),
          project: projectOptions(values),
        },
        environment,
      );
    }
    case "pull": {
      const { values, positionals } = parse("pull", rest, PULL_OPTIONS);
      if (values.help) return print(PULL_HELP);
      const [dir, ...extra] = positionals;
      if (dir === undefined || extra.length > 0)
        throw new UsageError(
          "pull: expected one folder, such as `reportql pull queries` (see reportql pull --help)",
        );
      const { pullCommand } = await import("./pull-command.js");
      return pullCommand(
        {
          dir,
          force: values.force === true,
          ...(values.endpoint !== undefined && { endpoint: values.endpoint }),
          ...(values.token !== undefined && { token: values.token }),
          ...timeoutFlag("pull", values.timeout),
        },
        environment,
      );
    }
    case "push": {
      const { values, positionals } = parse("push", rest, PUSH_OPTIONS);
      if (values.help) return print(PUSH_HELP);
      const [dir, ...extra] = positionals;
      if (dir === undefined || extra.length > 0)
        throw new UsageError(
          "push: expected one folder, such as `reportql push queries` (see reportql push --help)",
        );
      const { pushCommand } = await import("./push-command.js");
      return pushCommand(
        {
          dir,
          dryRun: values["dry-run"] === true,
          prune: values.prune === true,
          ...(values.endpoint !== undefined && { endpoint: values.endpoint }),
          ...(values.token !== undefined && { token: values.token }),
          ...timeoutFlag("push", values.timeout),
          ...(values.catalog !== undefined && { catalog: values.catalog }),
          project: projectOptions(values),
        },
        environment,
      );
    }
  }
}
