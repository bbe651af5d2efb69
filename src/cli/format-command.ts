/** `reportql format`: formats .rql files, prints them, checks them (`--check`) or writes them (`--write`). */

import { isJsonPath, isRequestFilePath } from "../api/documents.js";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { format, isQueryFormattable } from "../format/format.js";
import { formatWithCatalog } from "../semantic/check.js";
import { parse } from "../syntax/parse.js";
import { LineMap } from "../text/line-map.js";
import { loadProject, type ProjectOptions } from "./config.js";
import type { CliEnvironment } from "./environment.js";
import {
  decode,
  discover,
  ignoredNotice,
  MAX_FILE_BYTES,
  type ReadResult,
  readSource,
  writeFileWhole,
} from "./files.js";
import { plural } from "./report.js";
import { resolveCatalog } from "./shared.js";
import { terminalSafeLine } from "./terminal.js";

/** The parsed options of `format`. */
export interface FormatCommandOptions {
  readonly paths: readonly string[];
  readonly check: boolean;
  readonly write: boolean;
  readonly normalizeNames: boolean;
  readonly catalog?: string;
  readonly stdin: boolean;
  readonly project: ProjectOptions;
}

/** What discovery's problems mean for formatting, in a few words. */
const PROBLEMS: ReadonlyMap<DiagnosticCode, string> = new Map([
  ["RQ9101", "no such file or folder"],
  ["RQ9102", "a broken symbolic link"],
  ["RQ9105", "skipped (symbolic link loop)"],
]);

/** Runs `format`; returns the exit code. */
export async function formatCommand(
  options: FormatCommandOptions,
  environment: CliEnvironment,
): Promise<number> {
  const { config, ignores } = await loadProject(options.project, environment.cwd, (m) =>
    environment.stderr.write(`reportql: ${m}\n`),
  );
  if (options.catalog !== undefined && !options.normalizeNames)
    // Formatting alone never reads a catalog: said, rather than a flag that silently does nothing.
    // Not implied either: name normalisation rewrites identifiers, which `--catalog` alone does not ask for.
    environment.stderr.write(
      "reportql: format: --catalog is used only to write names in the catalog's spelling; add --normalize-names to do that, or leave --catalog out\n",
    );
  const formatter = options.normalizeNames
    ? await resolveCatalog(options.catalog, config, environment.cwd).then(
        ({ catalog }) =>
          (text: string) =>
            formatWithCatalog(text, catalog),
      )
    : (text: string) => format(text);

  if (options.stdin) {
    const read = decode(await environment.readStdin(MAX_FILE_BYTES), "<stdin>");
    if (read.kind === "problem") {
      environment.stderr.write(`reportql: standard input cannot be formatted: ${problemText(read)}\n`);
      return 2;
    }
    const formatted = formatKeepingBom(read.text, formatter);
    const stuck = reportUnformattable("<stdin>", read.text, environment);
    if (options.check) {
      if (formatted === read.text) return stuck ? 1 : 0;
      // As for files: the name on standard output, what to do on standard error.
      environment.stdout.write("<stdin>\n");
      environment.stderr.write(
        `reportql: standard input is not formatted; reportql format -${sameFormatting(options)} prints it formatted\n`,
      );
      return 1;
    }
    environment.stdout.write(formatted);
    return stuck ? 1 : 0;
  }

  const unformatted = new Set<string>();
  /** Files with a query the formatter cannot read (`--check`): `--write` cannot format those. */
  const stuck = new Set<string>();
  let failed = false;
  for await (const found of discover(
    options.paths.length > 0 ? options.paths : ["."],
    environment.cwd,
    config.root,
    ignores,
  )) {
    if (found.kind === "ignored") {
      environment.stderr.write(ignoredNotice(found.path));
      continue;
    }
    if (found.kind === "problem") {
      const { code, message, data } = found.diagnostic;
      // A path written with `\` says what to write instead, as `check` does.
      const said = data?.suggestion === undefined ? (PROBLEMS.get(code) ?? message) : message;
      environment.stderr.write(`reportql: ${found.path}: ${said}\n`);
      failed ||= code !== "RQ9105";
      continue;
    }
    if (isJsonPath(found.path) || isRequestFilePath(found.path)) {
      // Query strings in JSON bodies stay as they are: the API takes them on one line. Request files
      // (`.http`, `.rest`) are not queries: formatting one as a query would break it.
      if (found.explicit)
        environment.stderr.write(
          `reportql: ${found.path}: ${isJsonPath(found.path) ? "JSON request bodies" : "request files"} are not formatted\n`,
        );
      continue;
    }
    const read = await readSource(environment.cwd, found.path);
    if (read.kind === "problem") {
      environment.stderr.write(`reportql: ${found.path}: cannot be formatted: ${problemText(read)}\n`);
      failed = true;
      continue;
    }
    const formatted = formatKeepingBom(read.text, formatter);
    // Without --check or --write every file is printed, formatted or not, so `format a.rql > b.rql` works.
    if (!options.check && !options.write) environment.stdout.write(formatted);
    if (reportUnformattable(found.path, read.text, environment)) {
      failed = true;
      if (options.check) stuck.add(found.path);
    }
    if (formatted === read.text) continue;
    unformatted.add(found.path);
    if (options.write) {
      const failure = writeFileWhole(environment.cwd, found.path, formatted);
      if (failure !== undefined) {
        environment.stderr.write(`reportql: ${found.path}: could not be written (${failure})\n`);
        failed = true;
      }
    }
  }
  if (options.check) {
    const failing = new Set([...stuck, ...unformatted]);
    for (const path of failing) environment.stdout.write(`${terminalSafeLine(path)}\n`);
    // Advice that works: `--write` formats what it can read, and only that.
    if (unformatted.size > 0)
      environment.stderr.write(
        `reportql: ${plural(unformatted.size, "file")} not formatted; run reportql format --write${sameFormatting(options)}\n`,
      );
    if (stuck.size > 0)
      environment.stderr.write(
        `reportql: ${plural(stuck.size, "file")} cannot be formatted until the errors above are fixed (reportql check shows them all)\n`,
      );
    return failing.size > 0 || failed ? 1 : 0;
  }
  if (options.write)
    for (const path of unformatted) environment.stdout.write(`formatted ${terminalSafeLine(path)}\n`);
  return failed ? 1 : 0;
}

/**
 * Says which queries of a file the formatter leaves as written because it cannot read their structure
 * (an unclosed string, parser recovery, a guessed opening quote, a wrapped document), with the first
 * error of each; returns whether there was any. Such a file is not formatted, whatever `--check` would otherwise say.
 */
function reportUnformattable(path: string, text: string, environment: CliEnvironment): boolean {
  const parsed = parse(text);
  const lines = new LineMap(text);
  const say = (d: Diagnostic | undefined, fallback: number) => {
    const { line, column } = lines.position(d?.span.start ?? fallback);
    const reason = d === undefined ? "its structure is uncertain" : `${d.message} (${d.code})`;
    environment.stderr.write(`reportql: ${path}:${line}:${column}: cannot be formatted: ${reason}\n`);
  };
  const firstError = (start: number, end: number) =>
    parsed.diagnostics.find((d) => d.severity === "error" && d.span.start >= start && d.span.start <= end);
  if (parsed.wrapping !== undefined) {
    say(firstError(0, text.length), 0);
    return true;
  }
  let stuck = false;
  for (const [i, query] of parsed.document.queries.entries()) {
    if (isQueryFormattable(parsed, i)) continue;
    say(firstError(query.span.start, query.terminator?.end ?? query.span.end), query.span.start);
    stuck = true;
  }
  return stuck;
}

/**
 * The options the suggested command needs to format as `--check` did: without `--normalize-names`,
 * `format --write` would leave the names as they are and the check would fail again.
 */
function sameFormatting(options: FormatCommandOptions): string {
  if (!options.normalizeNames) return "";
  const catalog = options.catalog === undefined ? "" : ` --catalog ${JSON.stringify(options.catalog)}`;
  return ` --normalize-names${catalog}`;
}

/** Formats text, keeping a byte-order mark where it was (editors on Windows add one). */
function formatKeepingBom(text: string, formatter: (text: string) => string): string {
  if (text.charCodeAt(0) !== 0xfeff) return formatter(text);
  return `\ufeff${formatter(text.slice(1))}`;
}

/** Why a file could not be read, in words. */
function problemText(read: Extract<ReadResult, { kind: "problem" }>): string {
  return `${read.diagnostic.message} (${read.diagnostic.code})`;
}
