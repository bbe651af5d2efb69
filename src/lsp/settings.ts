/**
 * What a document is linted with: the `reportql.config.json` (or `package.json` `reportql` key) found by
 * walking up from the document's folder, as the CLI finds it, with the editor's settings
 * (`reportql.catalog`, `reportql.rules`) over it as the CLI's `--catalog` and `--rule` are. The meaning of
 * a configuration is the lint layer's `parseConfig`; this module only reads files, and caches what it
 * read until `clear` (a watched configuration file changed, or the settings did).
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import {
  type Config,
  type ConfigReading,
  emptyConfig,
  packageJsonHasConfig,
  readConfig,
} from "../lint/config.js";
import type { LintOptions } from "../lint/lint.js";
import {
  closestRules,
  parseSeverity,
  retiredRuleMessage,
  retirementOf,
  ruleCode,
  SEVERITY_WORD_LIST,
  type SeverityOverride,
} from "../lint/severities.js";
import {
  BUILTIN_CATALOG_NAMES,
  type BuiltinCatalogName,
  builtinCatalog,
  type Catalog,
} from "../semantic/catalog.js";
import { loadCatalogText } from "../semantic/load-catalog.js";
import { append } from "../text/append.js";
import { configIgnores, type IgnoredPath } from "./ignores.js";

/** The editor's settings under `reportql` (from `workspace/configuration`). */
export interface EditorSettings {
  readonly catalog?: unknown;
  readonly rules?: unknown;
}

/** The options a document is linted with, and what was wrong on the way (shown to the user once). */
export interface ResolvedOptions {
  /** Same key, same options: documents sharing it share an analysis cache. */
  readonly key: string;
  readonly options: LintOptions;
  /** The problems of the configuration file (its own text), shown unless the file is open. */
  readonly configProblems: readonly string[];
  /** The configuration file read, if any. */
  readonly configFile?: string;
  /** The other problems: settings, catalog files. */
  readonly problems: readonly string[];
  /** Whether a document's path is one the configuration ignores (no diagnostics for it). */
  readonly ignored?: IgnoredPath;
}

/** A file's text, or `undefined` when it cannot be read (absent, a folder, no permission). */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * The configuration for a folder, found by walking up as the CLI does (the first one found wins), with
 * every problem it has; its valid settings apply even when others are wrong.
 */
export function findConfig(folder: string, read = readText): ConfigReading {
  for (let current = folder; ; ) {
    const own = join(current, "reportql.config.json");
    const text = read(own);
    if (text !== undefined) return readConfig(text, own, current, undefined);
    const packageJson = join(current, "package.json");
    const pkg = read(packageJson);
    if (pkg !== undefined && packageJsonHasConfig(pkg))
      return readConfig(pkg, packageJson, current, "reportql");
    const parent = dirname(current);
    if (parent === current) return { config: emptyConfig(folder), problems: [] };
    current = parent;
  }
}

/**
 * A catalog by built-in name or path (relative to `base`); problems as messages; whether the value
 * was usable (otherwise the catalog is the `all` it falls back to). `source` says where
 * the value was written (a setting, a configuration file's line), since a relative path is read from
 * that place's folder and the user must find it to correct it.
 */
export function resolveCatalog(
  value: string | undefined,
  base: string,
  read = readText,
  source = "catalog",
): [Catalog, string[], boolean] {
  if (value === undefined) return [builtinCatalog("all"), [], true];
  if ((BUILTIN_CATALOG_NAMES as readonly string[]).includes(value))
    return [builtinCatalog(value as BuiltinCatalogName), [], true];
  const path = resolve(base, value);
  const text = read(path);
  if (text === undefined)
    return [
      builtinCatalog("all"),
      [
        `${source}: ${JSON.stringify(value)} is neither a built-in catalog nor a readable file (${path}); using "all"`,
      ],
      false,
    ];
  const loaded = loadCatalogText(text, value);
  const problems = shownCatalogProblems(loaded.problems, value, path);
  if (loaded.catalog === undefined)
    return [builtinCatalog("all"), [...problems, `catalog ${value}: unusable; using "all"`], false];
  return [loaded.catalog, problems, true];
}

/** Catalog or configuration problems shown to the editor's user: each is a message box, so only the first few. */
const MAX_MESSAGES = 5;

function shownCatalogProblems(
  problems: readonly { severity: string; path: string; message: string }[],
  value: string,
  path: string,
): string[] {
  const shown = problems
    .slice(0, MAX_MESSAGES)
    .map((p) => `catalog ${value}: ${p.severity} at ${p.path}: ${p.message}`);
  const more = problems.length - shown.length;
  if (more > 0)
    shown.push(
      `catalog ${value}: ${more} more problems; \`reportql check --catalog ${JSON.stringify(path)}\` prints them all`,
    );
  return shown;
}

/** A configuration's problems as messages: each is a message box, so the first few and a count. */
function shownConfigProblems(problems: ConfigReading["problems"]): string[] {
  const shown = problems.slice(0, MAX_MESSAGES).map((p) => `configuration ${p.severity} in ${p.toString()}`);
  const more = problems.length - shown.length;
  if (more > 0)
    shown.push(
      `configuration: ${more} more problems in ${problems[0]?.file}; \`reportql check\` in its folder lists them all`,
    );
  return shown;
}

/** Where a configuration file writes its catalog: `reportql.config.json:2:14: \`catalog\``. */
function configCatalogSource(config: Config): string {
  const at = config.catalogAt;
  if (config.file === undefined || at === undefined) return "catalog";
  return `${config.file}:${at.line}:${at.column}: \`${at.key}\``;
}

/** Resolves and caches the options of documents by folder. */
export class OptionsResolver {
  private readonly byFolder = new Map<string, ResolvedOptions>();
  private settings: EditorSettings = {};
  private workspaceFolders: readonly string[] = [];

  constructor(private readonly read: (path: string) => string | undefined = readText) {}

  /** New editor settings; forgets everything resolved. */
  setSettings(settings: EditorSettings): void {
    this.settings = settings ?? {};
    this.clear();
  }

  /** The editor's workspace folders: a relative `reportql.catalog` is read from them when no file configures. */
  setWorkspaceFolders(folders: readonly string[]): void {
    // Longest first, so that a nested folder wins over the one holding it.
    this.workspaceFolders = folders
      .map((folder) => (folder.length > 1 ? folder.replace(/[\\/]+$/, "") : folder))
      .sort((a, b) => b.length - a.length);
    this.clear();
  }

  /** Forgets every configuration read (a configuration file changed). */
  clear(): void {
    this.byFolder.clear();
  }

  /** The options for a document in `folder` (`undefined`: not a file, so no configuration applies). */
  forFolder(folder: string | undefined): ResolvedOptions {
    const key = folder ?? "";
    const cached = this.byFolder.get(key);
    if (cached !== undefined) return cached;
    const resolved = this.resolve(folder);
    this.byFolder.set(key, resolved);
    return resolved;
  }

  /**
   * What a relative path in a setting is relative to: the configuration file's folder, or, with no
   * configuration file, the workspace folder holding the document (a setting belongs to the
   * workspace, not to each document's folder), else the document's folder.
   */
  private settingsBase(config: Config, folder: string | undefined): string {
    if (config.file !== undefined || folder === undefined) return config.root;
    const inside = (root: string) =>
      folder === root || folder.startsWith(root.endsWith(sep) ? root : root + sep);
    return this.workspaceFolders.find(inside) ?? config.root;
  }

  private resolve(folder: string | undefined): ResolvedOptions {
    const found =
      folder === undefined ? { config: emptyConfig(""), problems: [] } : findConfig(folder, this.read);
    const { config } = found;
    const configProblems = shownConfigProblems(found.problems);
    const problems: string[] = [];
    const setting = typeof this.settings.catalog === "string" && this.settings.catalog.trim() !== "";
    if (
      !setting &&
      this.settings.catalog !== undefined &&
      this.settings.catalog !== null &&
      this.settings.catalog !== ""
    )
      problems.push(
        `setting reportql.catalog: expected all, insights, marketplace or a catalog file's path, not ${JSON.stringify(this.settings.catalog)}`,
      );
    const base = this.settingsBase(config, folder);
    const [catalog, catalogProblems, usable] = setting
      ? resolveCatalog(String(this.settings.catalog), base, this.read, "setting reportql.catalog")
      : resolveCatalog(config.catalog, config.root, this.read, configCatalogSource(config));
    // The configuration's catalog that cannot be used is shown on the configuration file when it is
    // open (RQ9209), like the file's own problems; a usable catalog's own problems are not.
    const configCatalog = !setting && !usable && config.file !== undefined;
    append(configCatalog ? configProblems : problems, catalogProblems); // a catalog can have 100k+ problems

    const severities = new Map(config.severities);
    append(problems, applyRuleSettings(this.settings.rules, severities));
    // Without a configuration file, `reportql check` run in the workspace folder reads its .reportqlignore.
    const ignored = configIgnores(config.file === undefined ? { ...config, root: base } : config, this.read);
    return {
      // Without a configuration file, documents share options only under one workspace folder.
      key: config.file ?? `${base}${sep}`,
      options: { catalog, severities },
      configProblems,
      ...(config.file !== undefined && { configFile: config.file }),
      problems,
      ...(ignored !== undefined && { ignored }),
    };
  }
}

/** `reportql.rules` over the configuration's rules; bad entries are reported and skipped. */
function applyRuleSettings(rules: unknown, severities: Map<DiagnosticCode, SeverityOverride>): string[] {
  if (rules === undefined || rules === null) return [];
  if (typeof rules !== "object" || Array.isArray(rules))
    return ["setting reportql.rules: expected an object"];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(rules)) {
    const code = ruleCode(name);
    const severity = parseSeverity(value);
    if (code === undefined) {
      const [best] = closestRules(name, 1);
      const hint = best === undefined ? "" : ` (did you mean \`${best}\`?)`;
      problems.push(`setting reportql.rules.${name}: not a reportql code or name${hint}; it is ignored`);
    } else if (severity === undefined)
      problems.push(
        `setting reportql.rules.${name}: expected ${severityWords()}, not ${JSON.stringify(value)}; it is ignored`,
      );
    else {
      const retirement = retirementOf(code);
      if (retirement !== undefined)
        problems.push(`setting reportql.rules.${name}: ${retiredRuleMessage(name, retirement)}`);
      // Over the file's rules, as a newer layer: a replaced code's setting is its replacement's.
      severities.set(retirement?.replacedBy?.code ?? code, severity);
    }
  }
  return problems;
}

/** `off, hint, info, warn or error`: every word a severity setting takes. */
function severityWords(): string {
  return `${SEVERITY_WORD_LIST.slice(0, -1).join(", ")} or ${SEVERITY_WORD_LIST.at(-1)}`;
}
