/**
 * Which documents the configuration tells reportql to leave alone: its `ignore` globs and the
 * `.reportqlignore` beside it, relative to the configuration's folder, as `reportql check` reads them.
 * An ignored document gets no diagnostics, so the editor shows what `reportql check` reports (nothing)
 * on a generated or legacy file; completion and hover still work in it.
 */
import { isAbsolute, join, relative, sep } from "node:path";
import ignore from "ignore";
import picomatch from "picomatch";
import type { Config } from "../lint/config.js";

/** Whether a document's path is ignored; `undefined` when nothing is (the common case). */
export type IgnoredPath = ((path: string) => boolean) | undefined;

/**
 * What the configuration ignores. Without a configuration file, `config.root` is the folder that
 * stands for `reportql check`'s current folder (the workspace folder), whose `.reportqlignore` applies.
 */
export function configIgnores(config: Config, read: (path: string) => string | undefined): IgnoredPath {
  // A document that is not a file has no folder, and a relative root would be the server's own.
  if (!isAbsolute(config.root)) return undefined;
  const reportqlignore = read(join(config.root, ".reportqlignore"));
  if (config.ignore.length === 0 && reportqlignore === undefined) return undefined;
  const rules = ignore().add(reportqlignore ?? "");
  // A leading `/` anchors a glob at the configuration's folder, as in .gitignore (and the CLI).
  const matchers = config.ignore
    .map((g) => g.replace(/^\/+/, ""))
    .filter((g) => g.trim() !== "")
    .map((g) => picomatch(g, { dot: true }));
  return (path) => {
    const rel = relative(config.root, path).split(sep).join("/");
    if (rel === "" || rel.startsWith("..") || rel.startsWith("/")) return false;
    return rules.ignores(rel) || matchers.some((m) => m(rel));
  };
}
