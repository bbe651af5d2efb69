/** `reportql format`: formats .rql files, prints them, checks them (`--check`) or writes them (`--write`). */
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import { format } from "../format/format.js";
import { isJsonPath } from "../lint/documents.js";
import { formatWithCatalog } from "../semantic/check.js";
import { configFor } from "./check-command.js";
import type { CliEnvironment } from "./environment.js";
import { decode, discover, loadIgnores, type ReadResult, readSource, writeFileWhole } from "./files.js";
import { resolveCatalog } from "./shared.js";

/** The parsed options of `format`. */
export interface FormatCommandOptions {
  readonly paths: readonly string[];
  readonly check: boolean;
  readonly write: boolean;
  readonly normalizeNames: boolean;
  readonly catalog?: string;
  readonly stdin: boolean;
  readonly noConfig: boolean;
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
  const config = await configFor(options.noConfig, environment.cwd);
  const formatter = options.normalizeNames
    ? await resolveCatalog(options.catalog, config, environment.cwd).then(
        ({ catalog }) =>
          (text: string) =>
            formatWithCatalog(text, catalog),
      )
    : (text: string) => format(text);

  if (options.stdin) {
    const read = decode(await environment.readStdin(), "<stdin>");
    if (read.kind === "problem") {
      environment.stderr.write(`reportql: standard input cannot be formatted: ${problemText(read)}\n`);
      return 2;
    }
    const formatted = formatKeepingBom(read.text, formatter);
    if (options.check) return formatted === read.text ? 0 : 1;
    environment.stdout.write(formatted);
    return 0;
  }

  const ignores = await loadIgnores(config.root, config.ignore);
  const unformatted: string[] = [];
  let failed = false;
  for await (const found of discover(
    options.paths.length > 0 ? options.paths : ["."],
    environment.cwd,
    config.root,
    ignores,
  )) {
    if (found.kind === "problem") {
      const { code, message } = found.diagnostic;
      environment.stderr.write(`reportql: ${found.path}: ${PROBLEMS.get(code) ?? message}\n`);
      failed ||= code !== "RQ9105";
      continue;
    }
    if (isJsonPath(found.path)) {
      // Query strings in JSON bodies stay as they are: the API takes them on one line.
      if (found.explicit)
        environment.stderr.write(`reportql: ${found.path}: JSON request bodies are not formatted\n`);
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
    if (formatted === read.text) continue;
    unformatted.push(found.path);
    if (options.write) {
      const failure = writeFileWhole(environment.cwd, found.path, formatted);
      if (failure !== undefined) {
        environment.stderr.write(`reportql: ${found.path}: could not be written (${failure})\n`);
        failed = true;
      }
    }
  }
  if (options.check) {
    for (const path of unformatted) environment.stdout.write(`${path}\n`);
    if (unformatted.length > 0)
      environment.stderr.write(
        `reportql: ${unformatted.length} file(s) not formatted; run reportql format --write\n`,
      );
    return unformatted.length > 0 || failed ? 1 : 0;
  }
  if (options.write) for (const path of unformatted) environment.stdout.write(`formatted ${path}\n`);
  return failed ? 1 : 0;
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
