/**
 * Configuration: `reportql.config.json`, or a `reportql` key in `package.json`, found by walking up from
 * the current folder (the first one found wins). Unknown keys and bad values are errors that name the
 * key, so a typo never silently does nothing.
 *
 * ```json
 * { "catalog": "marketplace", "rules": { "RQ2015": "off", "unconfirmed-column": "error" }, "ignore": ["legacy/**"] }
 * ```
 */
import { promises as fs } from "node:fs";
import { dirname, join } from "node:path";
import { DIAGNOSTICS } from "../diagnostics/catalog.js";
import type { SeverityOverride } from "./lint.js";

/** A validated configuration. */
export interface Config {
  /** The file it came from, or undefined when none was found. */
  readonly file: string | undefined;
  /** The folder ignore globs and a catalog path are relative to. */
  readonly root: string;
  /** A built-in catalog name or a path (relative to `root`). */
  readonly catalog: string | undefined;
  readonly severities: ReadonlyMap<string, SeverityOverride>;
  readonly ignore: readonly string[];
}

/** A configuration problem; the CLI exits with code 2. */
export class ConfigError {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly message: string,
  ) {}

  toString(): string {
    return `${this.file}: ${this.key === "" ? "" : `\`${this.key}\`: `}${this.message}`;
  }
}

const SEVERITY_WORDS: Readonly<Record<string, SeverityOverride>> = {
  off: "off",
  hint: "hint",
  info: "info",
  warn: "warning",
  warning: "warning",
  error: "error",
};

const BY_NAME: ReadonlyMap<string, string> = new Map(DIAGNOSTICS.map((d) => [d.name, d.code]));
const CODES: ReadonlySet<string> = new Set(DIAGNOSTICS.map((d) => d.code));
const KEYS = new Set(["$schema", "catalog", "rules", "ignore"]);

/** Finds and validates the configuration for `cwd`. */
export async function loadConfig(cwd: string): Promise<Config | ConfigError> {
  let folder = cwd;
  for (;;) {
    const own = join(folder, "reportql.config.json");
    const text = await fs.readFile(own, "utf8").catch(() => undefined);
    if (text !== undefined) return parseConfig(text, own, folder, undefined);
    const packageJson = join(folder, "package.json");
    const pkg = await fs.readFile(packageJson, "utf8").catch(() => undefined);
    if (pkg !== undefined) {
      const parsed = safeJson(pkg);
      // A broken package.json that seems to hold a `reportql` key is an error, not a silent skip to a
      // parent folder's configuration.
      const mentionsKey = parsed === undefined && pkg.includes('"reportql"');
      if (mentionsKey || (typeof parsed === "object" && parsed !== null && "reportql" in parsed))
        return parseConfig(pkg, packageJson, folder, "reportql");
    }
    const parent = dirname(folder);
    if (parent === folder)
      return { file: undefined, root: cwd, catalog: undefined, severities: new Map(), ignore: [] };
    folder = parent;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

function parseConfig(
  text: string,
  file: string,
  root: string,
  key: string | undefined,
): Config | ConfigError {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return new ConfigError(
      file,
      "",
      `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const prefix = key === undefined ? "" : `${key}.`;
  const config = key === undefined ? data : (data as Record<string, unknown>)[key];
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return new ConfigError(file, key ?? "", "expected an object with `catalog`, `rules` and `ignore`");
  }
  const entries = config as Record<string, unknown>;
  for (const k of Object.keys(entries)) {
    if (!KEYS.has(k))
      return new ConfigError(
        file,
        `${prefix}${k}`,
        "unknown key; the keys are `catalog`, `rules` and `ignore`",
      );
  }
  const catalog = entries.catalog;
  if (catalog !== undefined && (typeof catalog !== "string" || catalog.trim() === "")) {
    return new ConfigError(
      file,
      `${prefix}catalog`,
      "expected `insights`, `marketplace`, `all` or the path of a catalog file",
    );
  }
  const ignore = entries.ignore ?? [];
  if (!Array.isArray(ignore) || ignore.some((g) => typeof g !== "string")) {
    return new ConfigError(file, `${prefix}ignore`, "expected an array of glob patterns");
  }
  const severities = parseRules(entries.rules ?? {}, file, `${prefix}rules`);
  if (severities instanceof ConfigError) return severities;
  return { file, root, catalog: catalog as string | undefined, severities, ignore: ignore as string[] };
}

function parseRules(rules: unknown, file: string, key: string): Map<string, SeverityOverride> | ConfigError {
  if (typeof rules !== "object" || rules === null || Array.isArray(rules)) {
    return new ConfigError(
      file,
      key,
      "expected an object mapping codes or names to `off`, `info`, `warn` or `error`",
    );
  }
  const severities = new Map<string, SeverityOverride>();
  for (const [name, value] of Object.entries(rules)) {
    const code = CODES.has(name.toUpperCase()) ? name.toUpperCase() : BY_NAME.get(name);
    if (code === undefined)
      return new ConfigError(
        file,
        `${key}.${name}`,
        "not a reportql code or name; `reportql explain CODE` describes the codes",
      );
    // An own property only: `constructor` or `__proto__` must not read through to the prototype.
    const word = typeof value === "string" ? value.toLowerCase() : undefined;
    const severity =
      word !== undefined && Object.hasOwn(SEVERITY_WORDS, word) ? SEVERITY_WORDS[word] : undefined;
    if (severity === undefined)
      return new ConfigError(
        file,
        `${key}.${name}`,
        `expected \`off\`, \`info\`, \`warn\` or \`error\`, found ${JSON.stringify(value)}`,
      );
    severities.set(code, severity);
  }
  return severities;
}
