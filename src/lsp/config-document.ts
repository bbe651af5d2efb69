/**
 * A configuration file open in the editor (`reportql.config.json`, or a `package.json` with a
 * `reportql` key: the files the CLI and `findConfig` read): its problems are diagnostics of the text
 * the editor holds, at the key or value each is about, with the lint layer's fixes. They follow the
 * typing, not the file on disk: the options other documents are linted with change when it is saved.
 */
import { resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, makeVariant } from "../diagnostics/make.js";
import { type Config, configDiagnostics, packageJsonHasConfig, readConfig } from "../lint/config.js";
import { BUILTIN_CATALOG_NAMES } from "../semantic/catalog.js";
import { loadCatalogText } from "../semantic/load-catalog.js";
import { LineMap } from "../text/line-map.js";
import type { FileAnalysis } from "./kinds.js";

/** The name of a configuration file, as `findConfig` looks for it. */
const CONFIG_FILE = "reportql.config.json";

/** The file name of a URI or path, without query or fragment. */
function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, "");
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
}

/**
 * The key a configuration text is under: `null` for a `reportql.config.json` (the whole file),
 * `reportql` for a `package.json` holding one, `undefined` for any other document.
 */
export function configKeyOf(uri: string, text: string): "reportql" | null | undefined {
  const name = fileName(uri);
  if (name === CONFIG_FILE) return null;
  if (name === "package.json" && packageJsonHasConfig(text)) return "reportql";
  return undefined;
}

/** What analysing a configuration document needs. */
interface ConfigContext {
  readonly path: string;
  readonly version: number;
  readonly text: string;
  readonly key: "reportql" | null;
  /** Reads a file (the catalog the configuration names); `undefined` when it cannot be read. */
  readonly read: (path: string) => string | undefined;
}

/** A configuration document's problems; `diagnose` reads any text the same way (for fix-all). */
export function analyzeConfig({ path, version, text, key, read }: ConfigContext): FileAnalysis {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const root = slash === -1 ? "" : path.slice(0, slash) || "/";
  const diagnose = (t: string): Diagnostic[] => configDiagnostics(t, path, root, key ?? undefined);
  const { config, problems } = readConfig(text, path, root, key ?? undefined);
  const diagnostics = problems.flatMap((p) => (p.diagnostic ? [p.diagnostic] : []));
  const catalog = catalogProblem(config, read);
  if (catalog !== undefined) diagnostics.push(catalog);
  return {
    kind: "config",
    version,
    text,
    lines: new LineMap(text),
    diagnostics: diagnostics.sort((a, b) => a.span.start - b.span.start),
    regions: [],
    diagnose,
  };
}

/** RQ9209 at the `catalog` value when it names a file that cannot be read or used. */
function catalogProblem(config: Config, read: ConfigContext["read"]): Diagnostic | undefined {
  const value = config.catalog;
  const span = config.catalogAt?.span;
  if (value === undefined || span === undefined) return undefined;
  if ((BUILTIN_CATALOG_NAMES as readonly string[]).includes(value)) return undefined;
  const path = resolve(config.root, value);
  const text = read(path);
  if (text === undefined) return makeDiagnostic("RQ9209", span, { catalog: value, path });
  if (loadCatalogText(text, value).catalog === undefined)
    return makeVariant("RQ9209", "unusable", span, { catalog: value, path });
  return undefined;
}
