/**
 * Finding the configuration: `reportql.config.json`, or a `reportql` key in `package.json`, found by
 * walking up from the current folder (the first one found wins). What it means is the lint layer's
 * `parseConfig`; this module only reads files.
 */
import { promises as fs } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import {
  type Config,
  ConfigError,
  type ConfigReading,
  emptyConfig,
  packageJsonHasConfig,
  readConfig,
} from "../lint/config.js";
import {
  closestRules,
  parseSeverity,
  retiredRuleMessage,
  retirementOf,
  ruleCode,
  type SeverityOverride,
} from "../lint/severities.js";
import { errorCode, type Ignores, loadIgnores, NO_IGNORES } from "./files.js";
import { UsageError } from "./shared.js";

/** The options every file command shares: which configuration, which ignores, rule overrides. */
export interface ProjectOptions {
  /** `--no-config`: no configuration file at all. */
  readonly noConfig: boolean;
  /** `-c/--config FILE`: this file instead of the one found by walking up. */
  readonly configFile?: string;
  /** `--no-ignore`: check ignored files too. */
  readonly noIgnore: boolean;
  /** `--rule CODE:severity`, repeatable; over the configuration's rules. */
  readonly rules: readonly string[];
}

/** A project as a command sees it: its configuration (with `--rule` applied) and its ignore rules. */
export interface Project {
  readonly config: Config;
  readonly ignores: Ignores;
}

/**
 * Loads the configuration and ignore rules a command runs with. Every error of the configuration is
 * reported in one usage error (so one run shows them all); warnings (a retired code) go to `warn`.
 */
export async function loadProject(
  options: ProjectOptions,
  cwd: string,
  warn: (message: string) => void = () => undefined,
): Promise<Project> {
  const { config: found, problems } = await configFrom(options, cwd);
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length === 1) throw new UsageError(`configuration error in ${String(errors[0])}`);
  if (errors.length > 1)
    throw new UsageError(
      `${errors.length} configuration errors:\n${errors.map((e) => `  ${e.toString()}`).join("\n")}`,
    );
  for (const p of problems) warn(`configuration warning in ${p.toString()}`);
  const flags = new Map(found.severities);
  for (const [code, severity, written] of options.rules.map(parseRuleFlag)) {
    const retirement = retirementOf(code);
    if (retirement !== undefined) warn(`--rule ${written}: ${retiredRuleMessage(written, retirement)}`);
    // Over the file's rules: a replaced code's flag is its replacement's.
    flags.set(retirement?.replacedBy?.code ?? code, severity);
  }
  const config = { ...found, severities: flags };
  const ignores = options.noIgnore ? NO_IGNORES : await loadIgnores(config.root, config.ignore);
  return { config, ignores };
}

async function configFrom(options: ProjectOptions, cwd: string): Promise<ConfigReading> {
  if (options.configFile !== undefined) {
    const file = resolve(cwd, options.configFile);
    const text = await readIfPresent(file);
    if (text instanceof ConfigError) return unreadable(cwd, text);
    if (text === undefined) throw new UsageError(`--config: ${options.configFile} does not exist`);
    const key = basename(file) === "package.json" ? "reportql" : undefined;
    return readConfig(text, file, dirname(file), key);
  }
  return options.noConfig ? { config: emptyConfig(cwd), problems: [] } : loadConfig(cwd);
}

function unreadable(cwd: string, error: ConfigError): ConfigReading {
  return { config: emptyConfig(cwd), problems: [error] };
}

/** `--rule RQ2015:off` or `--rule default-timespan:warn`. */
function parseRuleFlag(value: string): [DiagnosticCode, SeverityOverride, string] {
  const colon = value.lastIndexOf(":");
  const code = ruleCode(value.slice(0, colon === -1 ? value.length : colon).trim());
  const severity = colon === -1 ? undefined : parseSeverity(value.slice(colon + 1).trim());
  if (code === undefined && colon !== -1) {
    const typed = value.slice(0, colon).trim();
    const [best] = closestRules(typed, 1);
    const hint = best === undefined ? "" : `; did you mean \`${best}\`?`;
    throw new UsageError(`--rule: ${JSON.stringify(typed)} is not a reportql code or name${hint}`);
  }
  if (code === undefined || severity === undefined)
    throw new UsageError(
      `--rule takes CODE:severity, such as RQ2015:off or default-timespan:warn (severities: off, hint, info, warn, error), not ${JSON.stringify(value)}`,
    );
  return [code, severity, value.slice(0, colon).trim()];
}

/**
 * A file's text, `undefined` when there is none, or an error when something by that name exists but
 * cannot be read (a folder named `reportql.config.json` must not be silently passed over).
 */
async function readIfPresent(path: string): Promise<string | undefined | ConfigError> {
  try {
    return await fs.readFile(path, "utf8");
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    return new ConfigError(path, "", `cannot be read (${code === "EISDIR" ? "it is a folder" : code})`);
  }
}

/** Finds and reads the configuration for `cwd`. */
export async function loadConfig(cwd: string): Promise<ConfigReading> {
  let folder = cwd;
  for (;;) {
    const own = join(folder, "reportql.config.json");
    const text = await readIfPresent(own);
    if (text instanceof ConfigError) return unreadable(cwd, text);
    if (text !== undefined) return readConfig(text, own, folder, undefined);
    const packageJson = join(folder, "package.json");
    const pkg = await readIfPresent(packageJson);
    if (pkg instanceof ConfigError) return unreadable(cwd, pkg);
    if (pkg !== undefined && packageJsonHasConfig(pkg))
      return readConfig(pkg, packageJson, folder, "reportql");
    const parent = dirname(folder);
    if (parent === folder) return { config: emptyConfig(cwd), problems: [] };
    folder = parent;
  }
}
