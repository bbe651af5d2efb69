/**
 * The configuration model, shared by every front end: which catalog, rule severities, and ignore
 * globs. `parseConfig` reads one configuration text (a `reportql.config.json`, or the `reportql` key of
 * a `package.json`) and never touches the file system: the CLI and the language server find the file,
 * this module says what it means. Unknown keys and bad values are errors that name the key with its
 * line and column, and suggest the closest key or code, so a typo never silently does nothing; every
 * one of them is reported (not the first alone), and every valid setting is kept. A retired code is a
 * warning, and its setting applies to the code that replaced it.
 *
 * ```json
 * { "catalog": "marketplace", "rules": { "RQ2015": "off", "unconfirmed-column": "error" }, "ignore": ["legacy/**"] }
 * ```
 */

import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { words } from "../api/documents.js";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Diagnostic, Fix } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, makeVariant, singleEditFix } from "../diagnostics/make.js";
import { textOrEmpty } from "../diagnostics/text-argument.js";
import { closestNames } from "../semantic/suggest.js";
import { firstTooDeep } from "../text/json-depth.js";
import { LineMap } from "../text/line-map.js";
import type { Span } from "../text/span.js";
import { stringValue } from "../text/string-value.js";
import {
  closestRules,
  parseSeverity,
  type Retirement,
  type RuleSeverities,
  resolveRetired,
  retiredRuleDiagnostic,
  retiredRuleMessage,
  retirementOf,
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
  readonly catalogAt?: {
    readonly key: string;
    readonly line: number;
    readonly column: number;
    /** The value's span in the text as given. */
    readonly span?: Span;
  };
  readonly severities: RuleSeverities;
  readonly ignore: readonly string[];
}

/** The configuration used when none is found. */
export function emptyConfig(root: string): Config {
  return { file: undefined, root, catalog: undefined, severities: new Map(), ignore: [] };
}

/**
 * A configuration problem, at a place in its file. An error makes the CLI exit with code 2 (after
 * every problem of the file is reported); a warning (a retired code) is reported and the rest applies.
 */
export class ConfigError {
  constructor(
    readonly file: string,
    /** The key's JSON path (`rules.RQ2O15`), or empty for the whole file. */
    readonly key: string,
    readonly message: string,
    /** 1-based line and column of the problem, when known. */
    readonly line?: number,
    readonly column?: number,
    readonly severity: "error" | "warning" = "error",
    /**
     * The problem as a diagnostic of the configuration's text (its code, exact span in the text as
     * given, BOM included, and any fix), for an editor showing the file.
     */
    readonly diagnostic?: Diagnostic,
  ) {}

  toString(): string {
    const where = this.line === undefined ? "" : `:${this.line}:${this.column ?? 1}`;
    return `${this.file}${where}: ${this.key === "" ? "" : `\`${this.key}\`: `}${this.message}`;
  }
}

/** A configuration read whole: every valid setting, and every problem (errors and warnings), in file order. */
export interface ConfigReading {
  readonly config: Config;
  readonly problems: readonly ConfigError[];
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
 * `undefined` for a `reportql.config.json`. A BOM is allowed; comments are not (it is JSON). Returns the
 * configuration, or its first error: `readConfig` reports every problem.
 */
export function parseConfig(
  text: string,
  file: string,
  root: string,
  key: string | undefined,
): Config | ConfigError {
  const { config, problems } = readConfig(text, file, root, key);
  return problems.find((p) => p.severity === "error") ?? config;
}

/**
 * Reads a configuration text whole: every unknown key and bad value is a problem at its place, and
 * every valid setting is kept, so one typo neither hides the next nor drops the rest.
 */
export function readConfig(text: string, file: string, root: string, key: string | undefined): ConfigReading {
  // From plain JavaScript: arguments that are not strings are errors to report, not to throw on.
  if (typeof file !== "string" || typeof root !== "string" || (key !== undefined && typeof key !== "string"))
    return failed(
      textOrEmpty(root),
      unreadable(textOrEmpty(file), "parseConfig takes the file's name, its folder and the key as strings"),
    );
  if (stringValue(text) === undefined)
    return failed(
      root,
      unreadable(file, "the configuration text is not a string; pass the file's text, read as UTF-8"),
    );
  return readConfigText(textOrEmpty(text), file, root, key);
}

/** A configuration text's problems as diagnostics of that text (what an editor showing it reports). */
export function configDiagnostics(
  text: string,
  file: string,
  root: string,
  key: string | undefined,
): Diagnostic[] {
  return readConfig(text, file, root, key).problems.flatMap((p) => (p.diagnostic ? [p.diagnostic] : []));
}

/** A configuration that cannot be read (RQ9208), for `reason`. */
export function unreadable(file: string, reason: string): ConfigError {
  const diagnostic = makeDiagnostic("RQ9208", { start: 0, end: 0 }, { reason });
  return new ConfigError(file, "", reason, undefined, undefined, "error", diagnostic);
}

/** A configuration that could not be read at all: no setting, one error. */
function failed(root: string, error: ConfigError): ConfigReading {
  return { config: { ...emptyConfig(root), file: error.file }, problems: [error] };
}

/** How a problem reads in an editor: its diagnostic at the span of the node it is about. */
type MakeDiagnostic = (span: Span) => Diagnostic;

/**
 * Reports a problem at a node's place: `at(node, path, message, diagnostic)`; `message` is the CLI's
 * line after the key, and the severity is the diagnostic's.
 */
type ProblemAt = (
  node: JsonNode | undefined,
  path: string,
  message: string,
  diagnostic: MakeDiagnostic,
) => void;

function readConfigText(text: string, file: string, root: string, key: string | undefined): ConfigReading {
  // Without its byte-order mark, which editors do not count as a column.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineMap(source);
  // Spans are in the text as given: an editor's document keeps the mark.
  const bom = source.length === text.length ? 0 : 1;
  const problems: ConfigError[] = [];
  const at: ProblemAt = (node, path, message, diagnostic) => {
    const p = node === undefined ? undefined : lines.position(node.offset);
    const span = node === undefined ? { start: 0, end: 0 } : spanOf(node, bom);
    const made = diagnostic(span);
    const severity = made.severity === "error" ? "error" : "warning";
    problems.push(new ConfigError(file, path, message, p?.line, p?.column, severity, made));
  };
  const fatal = (offset: number, length: number, reason: string, diagnostic: MakeDiagnostic) => {
    const p = lines.position(offset);
    const end = Math.min(source.length, offset + Math.max(1, length));
    const made = diagnostic({ start: bom + offset, end: bom + Math.max(offset, end) });
    return failed(root, new ConfigError(file, "", reason, p.line, p.column, "error", made));
  };
  // The tree parser recurses per level: a text nested thousands deep is reported, not parsed.
  const deep = firstTooDeep(source, MAX_CONFIG_DEPTH);
  if (deep !== undefined)
    return fatal(
      deep,
      1,
      `nested deeper than ${MAX_CONFIG_DEPTH} levels; a configuration is three levels deep at most`,
      (span) => makeVariant("RQ9201", "tooDeep", span, { limit: MAX_CONFIG_DEPTH }),
    );
  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { allowTrailingComma: false, disallowComments: true });
  const syntax = errors[0];
  if (syntax !== undefined || tree === undefined) {
    const empty = syntax === undefined || source.trim() === "";
    const found = syntax === undefined ? "" : source.charAt(syntax.offset);
    const quote = found !== "" && TYPOGRAPHIC_QUOTES.includes(found);
    const parseReason = syntax === undefined ? "" : words(printParseErrorCode(syntax.error));
    const reason = empty
      ? "the file is empty"
      : quote
        ? `typographic quote \`${found}\`; use the ASCII double quote \`"\``
        : parseReason;
    const diagnostic: MakeDiagnostic = (span) =>
      empty
        ? makeVariant("RQ9201", "empty", span)
        : quote
          ? makeVariant("RQ9201", "typographicQuote", span, { quote: found })
          : makeDiagnostic("RQ9201", span, { reason: parseReason });
    return fatal(syntax?.offset ?? 0, syntax?.length ?? 0, `not valid JSON: ${reason}`, diagnostic);
  }
  const prefix = key === undefined ? "" : `${key}.`;
  const node = key === undefined ? tree : propertyValue(tree, key);
  if (node?.type !== "object") {
    const found = foundValue(node ?? tree);
    at(node ?? tree, key ?? "", "expected an object with `catalog`, `rules` and `ignore`", (span) =>
      makeDiagnostic("RQ9205", span, { found }),
    );
    return { config: { ...emptyConfig(root), file }, problems };
  }
  const values = topLevel(node, prefix, at);
  const catalog = readCatalog(values.get("catalog"), `${prefix}catalog`, at);
  const ignore = readIgnore(values.get("ignore"), `${prefix}ignore`, at);
  const rules = values.get("rules");
  const severities = rules === undefined ? new Map() : readRules(rules, `${prefix}rules`, at);
  const catalogAt = catalog === undefined ? undefined : lines.position(catalog.offset);
  const config: Config = {
    file,
    root,
    catalog: catalog === undefined ? undefined : String(catalog.value),
    ...(catalogAt !== undefined &&
      catalog !== undefined && {
        catalogAt: { key: `${prefix}catalog`, ...catalogAt, span: spanOf(catalog, bom) },
      }),
    severities,
    ignore,
  };
  return { config, problems: problems.sort(byPlace) };
}

/** A node's span in the text as given (`bom`: 1 when a byte-order mark was cut off before parsing). */
function spanOf(node: JsonNode, bom: number): Span {
  return { start: bom + node.offset, end: bom + node.offset + node.length };
}

/** A fix writing `name` as a JSON key in place of `node`. */
function renameFix(name: string, applicability: Fix["applicability"]) {
  return (span: Span): Fix => singleEditFix(`Write \`${name}\``, applicability, span, JSON.stringify(name));
}

/** The names of an object's keys. */
function keyNames(node: JsonNode): Set<string> {
  return new Set((node.children ?? []).map((property) => String(property.children?.[0]?.value)));
}

/** File order: the order a reader fixes them in. */
function byPlace(a: ConfigError, b: ConfigError): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** The known keys' values; each unknown key is a problem. */
function topLevel(node: JsonNode, prefix: string, at: ProblemAt): Map<string, JsonNode> {
  const values = new Map<string, JsonNode>();
  const written = keyNames(node);
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    const name = String(keyNode?.value);
    if (!(KEYS as readonly string[]).includes(name)) {
      const best = closestNames(name, KEYS)[0];
      // Renaming to a key written already would only make it written twice.
      const fix = best === undefined || written.has(best) ? undefined : renameFix(best, "safe");
      at(
        keyNode,
        `${prefix}${name}`,
        `unknown key${hint(best)}; the keys are \`catalog\`, \`rules\` and \`ignore\``,
        (span) =>
          best === undefined
            ? makeDiagnostic("RQ9202", span, { key: name })
            : makeVariant("RQ9202", "didYouMean", span, { key: name, suggestion: best }, fixes(fix?.(span))),
      );
    } else if (valueNode !== undefined) {
      // JSON parsers keep the last: the earlier setting would be dropped without a word.
      if (values.has(name))
        at(
          keyNode,
          `${prefix}${name}`,
          "written more than once; only the last is used, so remove the others",
          (span) => makeDiagnostic("RQ9206", span, { key: name }),
        );
      values.set(name, valueNode);
    }
  }
  return values;
}

/** The `catalog` node when it is a usable value; otherwise a problem, and none. */
function readCatalog(catalog: JsonNode | undefined, path: string, at: ProblemAt): JsonNode | undefined {
  if (catalog === undefined || (catalog.type === "string" && String(catalog.value).trim() !== ""))
    return catalog;
  const found = foundValue(catalog);
  at(catalog, path, "expected `insights`, `marketplace`, `all` or the path of a catalog file", (span) =>
    makeVariant("RQ9205", "catalog", span, { found }),
  );
  return undefined;
}

/** The `ignore` globs; each value that is not a usable glob is a problem, and the others are kept. */
function readIgnore(ignore: JsonNode | undefined, path: string, at: ProblemAt): string[] {
  if (ignore === undefined) return [];
  if (ignore.type !== "array") {
    const found = foundValue(ignore);
    at(ignore, path, "expected an array of glob patterns", (span) =>
      makeVariant("RQ9205", "ignore", span, { found }),
    );
    return [];
  }
  const globs: string[] = [];
  for (const [i, glob] of (ignore.children ?? []).entries()) {
    const found = foundValue(glob);
    if (glob.type !== "string")
      at(glob, `${path}[${i}]`, `expected a glob pattern (a string), found ${found}`, (span) =>
        makeVariant("RQ9205", "ignoreEntry", span, { found }),
      );
    // An empty pattern (or `/` alone, the folder itself) matches no file; the glob library throws on it.
    else if (String(glob.value).replace(/^\/+/, "").trim() === "")
      at(
        glob,
        `${path}[${i}]`,
        "an empty pattern matches no file; write a glob such as `legacy/**`, or remove it",
        (span) => makeVariant("RQ9205", "emptyPattern", span),
      );
    else globs.push(String(glob.value));
  }
  return globs;
}

/** The `rules` severities; each unknown code and bad severity is a problem, and the others are kept. */
function readRules(rules: JsonNode, path: string, at: ProblemAt): Map<DiagnosticCode, SeverityOverride> {
  const severities = new Map<DiagnosticCode, SeverityOverride>();
  if (rules.type !== "object") {
    const found = foundValue(rules);
    at(
      rules,
      path,
      "expected an object mapping codes or names to `off`, `hint`, `info`, `warn` or `error`",
      (span) => makeVariant("RQ9205", "rules", span, { found }),
    );
    return severities;
  }
  const written = new Map<DiagnosticCode, string>();
  const keys = keyNames(rules);
  // Codes the rules set by code or name: a rename to one of them would set it twice.
  const setCodes = new Set([...keys].map(ruleCode));
  const free = (name: string) => !keys.has(name) && !setCodes.has(ruleCode(name));
  for (const property of rules.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    const name = String(keyNode?.value);
    const code = ruleCode(name);
    const severity = parseSeverity(valueNode?.value);
    if (code === undefined) unknownRule(keyNode, `${path}.${name}`, name, free, at);
    if (severity === undefined) {
      const found = foundValue(valueNode);
      at(
        valueNode,
        `${path}.${name}`,
        `expected \`off\`, \`hint\`, \`info\`, \`warn\` or \`error\`, found ${found}`,
        (span) => makeDiagnostic("RQ9204", span, { found }),
      );
    }
    if (code === undefined || severity === undefined) continue;
    const earlier = written.get(code);
    written.set(code, name);
    if (earlier !== undefined)
      at(
        keyNode,
        `${path}.${name}`,
        `${earlier === name ? "written" : `sets ${code}, as \`${earlier}\` does,`} more than once; only the last is used, so remove the others`,
        (span) =>
          earlier === name
            ? makeDiagnostic("RQ9206", span, { key: name })
            : makeVariant("RQ9206", "sameCode", span, { key: name, code, earlier }),
      );
    const retirement = retirementOf(code);
    if (retirement !== undefined)
      at(keyNode, `${path}.${name}`, retiredRuleMessage(name, retirement), (span) =>
        retiredDiagnostic(span, name, retirement, free),
      );
    severities.set(code, severity);
  }
  return resolveRetired(severities);
}

/** A `rules` key naming no code: "did you mean" with a fix writing the closest (a guess: unsafe). */
function unknownRule(
  keyNode: JsonNode | undefined,
  path: string,
  name: string,
  free: (name: string) => boolean,
  at: ProblemAt,
): void {
  const best = closestRules(name, 1)[0];
  const message = `not a reportql code or name${hint(best)}; \`reportql explain CODE\` describes the codes`;
  at(keyNode, path, message, (span) => {
    if (best === undefined) return makeDiagnostic("RQ9203", span, { rule: name });
    const fix = free(best) ? renameFix(best, "unsafe")(span) : undefined;
    return makeVariant("RQ9203", "didYouMean", span, { rule: name, suggestion: best }, fixes(fix));
  });
}

/** RQ9207 for a rule naming a retired code; a safe fix writes its successor when that is not set. */
function retiredDiagnostic(
  span: Span,
  written: string,
  retirement: Retirement,
  free: (name: string) => boolean,
): Diagnostic {
  return retiredRuleDiagnostic(span, written, retirement, (instead) =>
    free(instead) ? renameFix(instead, "safe")(span) : undefined,
  );
}

/** A diagnostic's extras holding one fix, or none. */
function fixes(fix: Fix | undefined): { fixes?: readonly Fix[] } {
  return fix === undefined ? {} : { fixes: [fix] };
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
