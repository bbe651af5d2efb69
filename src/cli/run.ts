/**
 * The CLI as a function: parses the command line, runs the command, and returns the exit code
 * (0 clean, 1 problems found, 2 usage, configuration or internal error). `main.ts` binds it to the
 * process; tests call it through the built binary.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { closestNames } from "../semantic/suggest.js";
import { catalogCommand } from "./catalog-command.js";
import { checkCommand, FORMATS, type OutputFormat } from "./check-command.js";
import type { ProjectOptions } from "./config.js";
import { type CliEnvironment, withColorFlags } from "./environment.js";
import { explainCommand } from "./explain-command.js";
import { formatCommand } from "./format-command.js";
import { rulesText } from "./rules-command.js";
import { toolVersion, UsageError } from "./shared.js";
import { safeWriter } from "./terminal.js";
import {
  CATALOG_HELP,
  CHECK_HELP,
  EXPLAIN_HELP,
  FORMAT_HELP,
  LSP_HELP,
  MAIN_HELP,
  OPENAPI_HELP,
  RULES_HELP,
  SERVE_HELP,
} from "./usage.js";

const HELP = { type: "boolean", short: "h" } as const;
const NO_CONFIG = { type: "boolean" } as const;
const CONFIG = { type: "string", short: "c" } as const;
const NO_IGNORE = { type: "boolean" } as const;
const CATALOG = { type: "string" } as const;

const CHECK_OPTIONS = {
  help: HELP,
  catalog: CATALOG,
  format: { type: "string", default: "stylish" },
  "output-file": { type: "string", short: "o" },
  fix: { type: "boolean" },
  "fix-dry-run": { type: "boolean" },
  "unsafe-fixes": { type: "boolean" },
  "max-warnings": { type: "string" },
  quiet: { type: "boolean" },
  stdin: { type: "boolean" },
  "stdin-filename": { type: "string" },
  "no-config": NO_CONFIG,
  config: CONFIG,
  "no-ignore": NO_IGNORE,
  rule: { type: "string", multiple: true },
} as const satisfies ParseArgsConfig["options"];

const FORMAT_OPTIONS = {
  help: HELP,
  check: { type: "boolean" },
  write: { type: "boolean" },
  "normalize-names": { type: "boolean" },
  catalog: CATALOG,
  stdin: { type: "boolean" },
  "no-config": NO_CONFIG,
  config: CONFIG,
  "no-ignore": NO_IGNORE,
} as const satisfies ParseArgsConfig["options"];

const CATALOG_OPTIONS = {
  help: HELP,
  catalog: CATALOG,
  format: { type: "string", default: "text" },
  "no-config": NO_CONFIG,
  config: CONFIG,
} as const satisfies ParseArgsConfig["options"];

const RULES_OPTIONS = {
  help: HELP,
  format: { type: "string", default: "text" },
} as const satisfies ParseArgsConfig["options"];

const OPENAPI_OPTIONS = {
  help: HELP,
  "documented-only": { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

const LSP_OPTIONS = {
  help: HELP,
  stdio: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

const SERVE_OPTIONS = {
  help: HELP,
  port: { type: "string", default: "7071" },
  host: { type: "string", default: "127.0.0.1" },
  seed: { type: "string" },
  rows: { type: "string" },
  "in-memory": { type: "boolean" },
  data: { type: "string" },
  "allow-private-callbacks": { type: "boolean" },
  cors: { type: "string", multiple: true },
  "allowed-host": { type: "string", multiple: true },
} as const satisfies ParseArgsConfig["options"];

const COMMANDS = [
  "check",
  "format",
  "catalog",
  "rules",
  "explain",
  "openapi",
  "lsp",
  "serve",
  "run",
  "pull",
  "push",
] as const;

/** A whole number flag of `serve` within bounds. */
function wholeNumber(flag: string, value: string, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n > max)
    throw new UsageError(
      `serve: --${flag} takes a whole number from 0 to ${max}, not ${JSON.stringify(value)}`,
    );
  return n;
}

function parse<O extends NonNullable<ParseArgsConfig["options"]>>(
  command: string,
  args: readonly string[],
  options: O,
) {
  rejectNegativeNumbers(command, args, options);
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message =
      error instanceof Error
        ? error.message.replace(/\. To specify a positional argument.*$/s, "")
        : String(error);
    throw new UsageError(
      `${command}: ${message}${optionHint(message, options)} (see reportql ${command} --help)`,
    );
  }
}

/** "did you mean `--fix`?" for an unknown option. */
function optionHint(message: string, options: NonNullable<ParseArgsConfig["options"]>): string {
  const unknown = /Unknown option '(--?[\w-]+)'/.exec(message)?.[1];
  if (unknown === undefined) return "";
  const [best] = closestNames(unknown.replace(/^-+/, ""), Object.keys(options));
  return best === undefined ? "" : `; did you mean --${best}?`;
}

/**
 * `--max-warnings -1`: Node's parser would call the value ambiguous and suggest `--max-warnings=-1`,
 * which is not what the user needs to hear: a negative number is simply not accepted.
 */
function rejectNegativeNumbers(
  command: string,
  args: readonly string[],
  options: NonNullable<ParseArgsConfig["options"]>,
): void {
  for (let i = 0; i < args.length - 1; i++) {
    const name = args[i]?.replace(/^--/, "") ?? "";
    const value = args[i + 1] ?? "";
    if (options[name]?.type === "string" && /^-\d/.test(value))
      throw new UsageError(`${command}: --${name} takes a whole number of 0 or more, not ${value}`);
  }
}

/** The configuration and ignore options of a command's parsed flags. */
export function projectOptions(values: {
  "no-config"?: boolean;
  config?: string;
  "no-ignore"?: boolean;
  rule?: string[];
}): ProjectOptions {
  if (values["no-config"] && values.config !== undefined)
    throw new UsageError("give either --config FILE or --no-config, not both");
  return {
    noConfig: values["no-config"] === true,
    ...(values.config !== undefined && { configFile: values.config }),
    noIgnore: values["no-ignore"] === true,
    rules: values.rule ?? [],
  };
}

function maxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new UsageError(
      `check: --max-warnings takes a whole number of 0 or more, not ${JSON.stringify(value)}`,
    );
  return n;
}

/** `-` alone names standard input, as in most command-line tools (`./-` is a file named `-`). */
function dashIsStdin(
  stdin: boolean | undefined,
  positionals: readonly string[],
): { stdin: boolean; positionals: readonly string[] } {
  if (positionals.length === 1 && positionals[0] === "-")
    return { stdin: true, positionals: stdin ? ["-"] : [] };
  return { stdin: stdin === true, positionals };
}

function outputFormat(value: string): OutputFormat {
  if ((FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`check: --format must be one of ${FORMATS.join(", ")}, not ${JSON.stringify(value)}`);
}

/** Runs the CLI; never throws: internal errors are reported and give exit code 2. */
export async function run(argv: readonly string[], given: CliEnvironment): Promise<number> {
  // Everything written to standard error passes the terminal filter; progress lines bypass it.
  const environment: CliEnvironment = {
    ...given,
    stderr: safeWriter(given.stderr),
    progress: given.progress ?? given.stderr,
  };
  try {
    return await dispatch(...withColorFlags(argv, environment));
  } catch (error) {
    if (error instanceof UsageError) {
      environment.stderr.write(`reportql: ${error.message}\n`);
      return 2;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    environment.stderr.write(
      `reportql: internal error; please report it with the input that caused it\n${detail}\n`,
    );
    return 2;
  }
}

async function dispatch(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const [command, ...rest] = argv;
  const print = (text: string) => {
    environment.stdout.write(text);
    return 0;
  };
  switch (command) {
    case undefined:
    case "-h":
    case "--help":
    case "help":
      // `reportql help check` (as git, npm and cargo take it) is `reportql check --help`.
      if (command !== undefined && rest[0] !== undefined && !rest[0].startsWith("-"))
        return dispatch([rest[0], "--help"], environment);
      return print(MAIN_HELP);
    case "-v":
    case "--version":
      return print(`${toolVersion()}\n`);
    case "rules": {
      const { values, positionals } = parse("rules", rest, RULES_OPTIONS);
      if (values.help) return print(RULES_HELP);
      if (positionals.length > 0)
        throw new UsageError("rules: takes no arguments (see reportql rules --help)");
      if (values.format !== "text" && values.format !== "json")
        throw new UsageError("rules: --format must be text or json");
      return print(rulesText(values.format === "json"));
    }
    case "openapi": {
      const { values, positionals } = parse("openapi", rest, OPENAPI_OPTIONS);
      if (values.help) return print(OPENAPI_HELP);
      if (positionals.length > 0)
        throw new UsageError("openapi: takes no arguments (see reportql openapi --help)");
      // Loaded on demand: only this command needs the OpenAPI generator.
      const { openApiDocument } = await import("../api/openapi.js");
      const document = openApiDocument({ includeUndocumentedRoots: values["documented-only"] !== true });
      return print(`${JSON.stringify(document, null, 2)}\n`);
    }
    case "check": {
      const { values, positionals: given } = parse("check", rest, CHECK_OPTIONS);
      if (values.help) return print(CHECK_HELP);
      const { stdin, positionals } = dashIsStdin(values.stdin, given);
      values.stdin = stdin;
      if (values.stdin && positionals.length > 0)
        throw new UsageError("check: give either --stdin or paths, not both");
      if (values.fix && values["fix-dry-run"])
        throw new UsageError("check: give either --fix (write the files) or --fix-dry-run (show the result)");
      if (values["unsafe-fixes"] && !values.fix && !values["fix-dry-run"])
        throw new UsageError("check: --unsafe-fixes only adds to --fix or --fix-dry-run");
      if (values["stdin-filename"] !== undefined && !values.stdin)
        throw new UsageError("check: --stdin-filename names standard input; it needs --stdin");
      return checkCommand(
        {
          paths: positionals,
          ...(values.catalog !== undefined && { catalog: values.catalog }),
          format: outputFormat(values.format),
          // `-o -` is standard output, as in most tools (`-o ./-` is a file named `-`).
          ...(values["output-file"] !== undefined &&
            values["output-file"] !== "-" && { outputFile: values["output-file"] }),
          fix: values.fix === true,
          fixDryRun: values["fix-dry-run"] === true,
          unsafeFixes: values["unsafe-fixes"] === true,
          ...(values["max-warnings"] !== undefined && { maxWarnings: maxWarnings(values["max-warnings"]) }),
          quiet: values.quiet === true,
          stdin: values.stdin === true,
          ...(values["stdin-filename"] !== undefined && { stdinFilename: values["stdin-filename"] }),
          project: projectOptions(values),
        },
        environment,
      );
    }
    case "format": {
      const { values, positionals: given } = parse("format", rest, FORMAT_OPTIONS);
      if (values.help) return print(FORMAT_HELP);
      const { stdin, positionals } = dashIsStdin(values.stdin, given);
      values.stdin = stdin;
      if (values.check && values.write)
        throw new UsageError("format: give either --check or --write, not both");
      if (values.stdin && values.write)
        throw new UsageError("format: --write cannot write to standard input; the result is printed");
      if (values.stdin && positionals.length > 0)
        throw new UsageError("format: give either --stdin or paths, not both");
      return formatCommand(
        {
          paths: positionals,
          check: values.check === true,
          write: values.write === true,
          normalizeNames: values["normalize-names"] === true,
          ...(values.catalog !== undefined && { catalog: values.catalog }),
          stdin: values.stdin === true,
          project: projectOptions(values),
        },
        environment,
      );
    }
    case "catalog": {
      const { values, positionals } = parse("catalog", rest, CATALOG_OPTIONS);
      if (values.help) return print(CATALOG_HELP);
      const [action = "list", dataset, ...extra] = positionals;
      if (
        (action !== "list" && action !== "show") ||
        (action === "show" && dataset === undefined) ||
        extra.length > 0 ||
        (action === "list" && dataset !== undefined)
      ) {
        throw new UsageError(
          "catalog: expected `catalog list` or `catalog show DATASET` (see reportql catalog --help)",
        );
      }
      if (values.format !== "text" && values.format !== "json")
        throw new UsageError("catalog: --format must be text or json");
      return catalogCommand(
        {
          action,
          ...(dataset !== undefined && { dataset }),
          ...(values.catalog !== undefined && { catalog: values.catalog }),
          json: values.format === "json",
          project: projectOptions(values),
        },
        environment,
      );
    }
    case "explain": {
      const { values, positionals } = parse("explain", rest, { help: HELP });
      if (values.help) return print(EXPLAIN_HELP);
      if (positionals.length !== 1)
        throw new UsageError("explain: expected one code, such as `reportql explain RQ1002`");
      return explainCommand(positionals[0] as string, environment);
    }
    case "lsp": {
      const { values, positionals } = parse("lsp", rest, LSP_OPTIONS);
      if (values.help) return print(LSP_HELP);
      if (positionals.length > 0 || !values.stdio)
        throw new UsageError("lsp: expected `reportql lsp --stdio` (see reportql lsp --help)");
      // Loaded only here, so that the other commands never load the server.
      const { runStdioServer } = await import("../lsp/stdio.js");
      return runStdioServer();
    }
    case "serve": {
      const { values, positionals } = parse("serve", rest, SERVE_OPTIONS);
      if (values.help) return print(SERVE_HELP);
      if (positionals.length > 0)
        throw new UsageError("serve: takes no arguments (see reportql serve --help)");
      // Loaded on demand: only this command needs the server and its engine.
      const { serveCommand } = await import("./serve-command.js");
      return serveCommand(
        {
          port: wholeNumber("port", values.port, 65_535),
          host: values.host,
          ...(values.seed !== undefined && { seed: wholeNumber("seed", values.seed, 2 ** 31 - 1) }),
          ...(values.rows !== undefined && { rows: wholeNumber("rows", values.rows, 100_000_000) }),
          ...(values.data !== undefined && { data: values.data }),
          inMemory: values["in-memory"] === true,
          allowPrivateCallbacks: values["allow-private-callbacks"] === true,
          ...(values.cors !== undefined && { cors: values.cors }),
          ...(values["allowed-host"] !== undefined && { allowedHosts: values["allowed-host"] }),
        },
        environment,
      );
    }
    case "run":
    case "pull":
    case "push": {
      // Loaded on demand: only the service commands need the client and their arguments.
      const { serviceCommand } = await import("./service-args.js");
      return serviceCommand(command, rest, environment);
    }
    default: {
      // Options come after the command: `reportql --fix` is a command line without one.
      if (command.startsWith("-"))
        throw new UsageError(
          `unknown option ${JSON.stringify(command)}; options follow a command, as in \`reportql check ${command}\` (see reportql --help)`,
        );
      const [best] = closestNames(command, COMMANDS);
      const hint = best === undefined ? "" : `did you mean \`${best}\`? `;
      throw new UsageError(
        `unknown command ${JSON.stringify(command)}; ${hint}the commands are ${COMMANDS.join(", ")} (see reportql --help)`,
      );
    }
  }
}
