/**
 * The configuration model, shared by every front end: which catalog, rule severities, and ignore
 * globs. `parseConfig` reads one configuration text (a `reportql.config.json`, or the `reportql` key of
 * a `package.json`) and never touches the file system: the CLI and the language server find the file,
 * this module says what it means. Unknown keys and bad values are errors that name the key with its
 * line and column, and suggest the closest key or code, so a typo never silently does nothing.
 *
 * ```json
 * { "catalog": "marketplace", "rules": { "RQ2015": "off", "unconfirmed-column": "error" }, "ignore": ["legacy/**"] }
 * ```
 */

import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { words } from "../api/documents.js";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import { textOrEmpty } from "../diagnostics/text-argument.js";
import { closestNames } from "../semantic/suggest.js";
import { firstTooDeep } from "../text/json-depth.js";
import { LineMap } from "../text/line-map.js";
import { stringValue } from "../text/string-value.js";
import {
  closestRules,
  parseSeverity,
  type RuleSeverities,
  ruleCode,
  type SeverityOverride,
} from "./severities.js";

/** A validated configuration. */
export interface Config {
  /** The file it came from, or undefined when none was found. */
  readonly file: string | undefined;
  /** The folder ignore globs and a catalog path are relative to. */
  readonly root: string;
  /** A built-in catalog name or a path (relative to `root`). */
  readonly catalog: string | undefined;
  /** Where `catalog` is written, so that a catalog file that cannot be used is reported there. */
  readonly catalogAt?: { readonly key: string; readonly line: number; readonly column: number };
  readonly severities: RuleSeverities;
  readonly ignore: readonly string[];
}

/** The configuration used when none is found. */
export function emptyConfig(root: string): Config {
  return { file: undefined, root, catalog: undefined, severities: new Map(), ignore: [] };
}

/** A configuration problem, at a place in its file; the CLI exits with code 2. */
export class ConfigError {
  constructor(
    readonly file: string,
    /** The key's JSON path (`rules.RQ2O15`), or empty for the whole file. */
    readonly key: string,
    readonly message: string,
    /** 1-based line and column of the problem, when known. */
    readonly line?: number,
    readonly column?: number,
  ) {}

  toString(): string {
    const where = this.line === undefined ? "" : `:${this.line}:${this.column ?? 1}`;
    return `${this.file}${where}: ${this.key === "" ? "" : `\`${this.key}\`: `}${this.message}`;
  }
}

const KEYS = ["$schema", "catalog", "rules", "ignore"] as const;

/**
 * Nesting past which a configuration text is not parsed: far past any `package.json`, far below what
 * exhausts the stack.
 */
const MAX_CONFIG_DEPTH = 256;

/** Quotes that word processors and web pages put where JSON needs `"`. */
const TYPOGRAPHIC_QUOTES = "\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb";

/**
 * Reads a configuration text. `key` is `reportql` for a `package.json`, whose other keys are not ours;
 * `undefined` for a `reportql.config.json`. A BOM is allowed; comments are not (it is JSON).
 */
export function parseConfig(
  text: string,
  file: string,
  root: string,
  key: string | undefined,
): Config | ConfigError {
  // From plain JavaScript: arguments that are not strings are errors to report, not to throw on.
  if (typeof file !== "string" || typeof root !== "string" || (key !== undefined && typeof key !== "string"))
    return new ConfigError(
      textOrEmpty(file),
      "",
      "parseConfig takes the file's name, its folder and the key as strings",
    );
  if (stringValue(text) === undefined)
    return new ConfigError(
      file,
      "",
      "the configuration text is not a string; pass the file's text, read as UTF-8",
    );
  return parseConfigText(textOrEmpty(text), file, root, key);
}

function parseConfigText(
  text: string,
  file: string,
  root: string,
  key: string | undefined,
): Config | ConfigError {
  // Without its byte-order mark, which editors do not count as a column.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineMap(source);
  const at = (node: JsonNode | undefined, path: string, message: string) => {
    const p = node === undefined ? undefined : lines.position(node.offset);
    return new ConfigError(file, path, message, p?.line, p?.column);
  };
  // The tree parser recurses per level: a text nested thousands deep is reported, not parsed.
  const deep = firstTooDeep(source, MAX_CONFIG_DEPTH);
  if (deep !== undefined) {
    const p = lines.position(deep);
    const reason = `nested deeper than ${MAX_CONFIG_DEPTH} levels; a configuration is three levels deep at most`;
    return new ConfigError(file, "", reason, p.line, p.column);
  }
  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { allowTrailingComma: false, disallowComments: true });
  const syntax = errors[0];
  if (syntax !== undefined || tree === undefined) {
    const p = lines.position(syntax?.offset ?? 0);
    const empty = syntax === undefined || source.trim() === "";
    const found = syntax === undefined ? "" : source.charAt(syntax.offset);
    const reason = empty
      ? "the file is empty"
      : found !== "" && TYPOGRAPHIC_QUOTES.includes(found)
        ? `typographic quote \`${found}\`; use the ASCII double quote \`"\``
        : words(printParseErrorCode(syntax.error));
    return new ConfigError(file, "", `not valid JSON: ${reason}`, p.line, p.column);
  }
  const prefix = key === undefined ? "" : `${key}.`;
  const node = key === undefined ? tree : propertyValue(tree, key);
  if (node?.type !== "object")
    return at(node ?? tree, key ?? "", "expected an object with `catalog`, `rules` and `ignore`");
  const values = new Map<string, JsonNode>();
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    const name = String(keyNode?.value);
    if (!(KEYS as readonly string[]).includes(name))
      return at(
        keyNode,
        `${prefix}${name}`,
        `unknown key${hint(closestNames(name, KEYS)[0])}; the keys are \`catalog\`, \`rules\` and \`ignore\``,
      );
    if (valueNode !== undefined) values.set(name, valueNode);
  }
  const catalog = values.get("catalog");
  if (catalog !== undefined && (catalog.type !== "string" || String(catalog.value).trim() === ""))
    return at(
      catalog,
      `${prefix}catalog`,
      "expected `insights`, `marketplace`, `all` or the path of a catalog file",
    );
  const ignore = values.get("ignore");
  if (ignore !== undefined && (ignore.type !== "array" || ignore.children?.some((g) => g.type !== "string")))
    return at(ignore, `${prefix}ignore`, "expected an array of glob patterns");
  // An empty pattern (or `/` alone, the folder itself) matches no file; the glob library throws on it.
  const emptyGlob =
    ignore?.children?.findIndex((g) => String(g.value).replace(/^\/+/, "").trim() === "") ?? -1;
  if (emptyGlob >= 0)
    return at(
      ignore?.children?.[emptyGlob],
      `${prefix}ignore[${emptyGlob}]`,
      "an empty pattern matches no file; write a glob such as `legacy/**`, or remove it",
    );
  const rules = values.get("rules");
  const severities = rules === undefined ? new Map() : parseRules(rules, `${prefix}rules`, at);
  if (severities instanceof ConfigError) return severities;
  const catalogAt = catalog === undefined ? undefined : lines.position(catalog.offset);
  return {
    file,
    root,
    catalog: catalog === undefined ? undefined : String(catalog.value),
    ...(catalogAt !== undefined && { catalogAt: { key: `${prefix}catalog`, ...catalogAt } }),
    severities,
    ignore: (ignore?.children ?? []).map((g) => String(g.value)),
  };
}

type ErrorAt = (node: JsonNode | undefined, path: string, message: string) => ConfigError;

function parseRules(
  rules: JsonNode,
  path: string,
  at: ErrorAt,
): Map<DiagnosticCode, SeverityOverride> | ConfigError {
  if (rules.type !== "object")
    return at(
      rules,
      path,
      "expected an object mapping codes or names to `off`, `hint`, `info`, `warn` or `error`",
    );
  const severities = new Map<DiagnosticCode, SeverityOverride>();
  for (const property of rules.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    const name = String(keyNode?.value);
    const code = ruleCode(name);
    if (code === undefined)
      return at(
        keyNode,
        `${path}.${name}`,
        `not a reportql code or name${hint(closestRules(name, 1)[0])}; \`reportql explain CODE\` describes the codes`,
      );
    const severity = parseSeverity(valueNode?.value);
    if (severity === undefined)
      return at(
        valueNode,
        `${path}.${name}`,
        `expected \`off\`, \`hint\`, \`info\`, \`warn\` or \`error\`, found ${foundValue(valueNode)}`,
      );
    severities.set(code, severity);
  }
  return severities;
}

/** A JSON value as a message quotes it: an array or an object by its kind (its node has no value). */
function foundValue(node: JsonNode | undefined): string {
  if (node?.type === "array") return "an array";
  if (node?.type === "object") return "an object";
  return JSON.stringify(node?.value ?? null);
}

/** The value of an object's property (the last one when repeated, as JSON parsers keep the last). */
function propertyValue(object: JsonNode, key: string): JsonNode | undefined {
  if (object.type !== "object") return undefined;
  let found: JsonNode | undefined;
  for (const property of object.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode?.value === key) found = valueNode;
  }
  return found;
}

/** Whether a package.json text holds a `reportql` key (or seems to, when it is broken). */
export function packageJsonHasConfig(text: string): boolean {
  // A valid file is read with the native parser: the tree below costs a check of one file ~6 ms of
  // start-up, and a project's package.json usually names reportql (as a dependency) without the key.
  const bom = text.charCodeAt(0) === 0xfeff;
  try {
    const value: unknown = JSON.parse(bom ? text.slice(1) : text);
    return (
      typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "reportql")
    );
  } catch {
    // Not valid JSON: decided below, as before.
  }
  if (firstTooDeep(text, MAX_CONFIG_DEPTH) !== undefined) return text.includes('"reportql"');
  const errors: ParseError[] = [];
  // The BOM read as a space keeps the tree's offsets those of the file.
  const tree = parseTree(bom ? ` ${text.slice(1)}` : text, errors, {
    disallowComments: true,
  });
  // A broken package.json that seems to hold the key is an error, not a silent skip to a parent's.
  if (tree === undefined || errors.length > 0) return text.includes('"reportql"');
  return tree.type === "object" && propertyValue(tree, "reportql") !== undefined;
}

function hint(best: string | undefined): string {
  return best === undefined ? "" : ` (did you mean \`${best}\`?)`;
}
