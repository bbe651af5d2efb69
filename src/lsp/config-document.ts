/**
 * A configuration file open in the editor (`reportql.config.json`, or a `package.json` with a
 * `reportql` key: the files the CLI and `findConfig` read): its problems are diagnostics of the text
 * the editor holds, at the key or value each is about, with the lint layer's fixes. They follow the
 * typing, not the file on disk: the options other documents are linted with change when it is saved.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { configDiagnostics, packageJsonHasConfig } from "../lint/config.js";
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
}

/** A configuration document's problems; `diagnose` reads any text the same way (for fix-all). */
export function analyzeConfig({ path, version, text, key }: ConfigContext): FileAnalysis {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const root = slash === -1 ? "" : path.slice(0, slash) || "/";
  const diagnose = (t: string): Diagnostic[] => configDiagnostics(t, path, root, key ?? undefined);
  return {
    kind: "config",
    version,
    text,
    lines: new LineMap(text),
    diagnostics: diagnose(text),
    regions: [],
    diagnose,
  };
}
