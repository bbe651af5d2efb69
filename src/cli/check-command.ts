/**
 * `reportql check`: finds the files, lints each one (fixing it when asked), and writes the report in
 * the chosen format. Bad files become diagnostics of their own; nothing stops the run but a usage,
 * configuration or internal error.
 */
import { promises as fs } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { fileDiagnostic } from "../diagnostics/make.js";
import { capDiagnostics } from "../lint/cap.js";
import type { FileLintResult, LintFileOptions, LintOptions } from "../lint/lint-query.js";
import { isQueryFilePath, lintQueryFile } from "../lint/lint-query.js";
import type { ProjectFile } from "../lint/project.js";
import { applySeverities, type RuleSeverities } from "../lint/severities.js";
import { writeAtomically } from "./atomic-file.js";
import { loadProject, type ProjectOptions } from "./config.js";
import { type CliEnvironment, inCi, useColor } from "./environment.js";
import {
  decode,
  discover,
  display,
  errorCode,
  type Found,
  ignoredNotice,
  isIgnoredPath,
  MAX_FILE_BYTES,
  readSource,
  writeFileWhole,
} from "./files.js";
import { batched, type Chunks, mapChunks, writeChunks } from "./formats/chunks.js";
import { formatCompact } from "./formats/compact.js";
import { formatGithub } from "./formats/github.js";
import { formatGitlab } from "./formats/gitlab.js";
import { formatJson } from "./formats/json.js";
import { formatJunit } from "./formats/junit.js";
import { formatSarif } from "./formats/sarif.js";
import { formatStylish } from "./formats/stylish.js";
import { addToSummary, EMPTY_SUMMARY, type FileReport, locate, plural, type Summary } from "./report.js";
import { resolveCatalog, toolVersion, UsageError } from "./shared.js";
import { terminalSafe, terminalSafeKeepingColour, type Writer } from "./terminal.js";

/** The output formats of `check`. */
export const FORMATS = ["stylish", "compact", "json", "sarif", "github", "junit", "gitlab"] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** The parsed options of `check`. */
export interface CheckCommandOptions {
  readonly paths: readonly string[];
  readonly catalog?: string;
  readonly format: OutputFormat;
  readonly outputFile?: string;
  readonly fix: boolean;
  readonly fixDryRun: boolean;
  readonly unsafeFixes: boolean;
  readonly maxWarnings?: number;
  readonly quiet: boolean;
  readonly stdin: boolean;
  readonly stdinFilename?: string;
  readonly project: ProjectOptions;
}

/** Runs `check`; returns the exit code. */
export async function checkCommand(
  options: CheckCommandOptions,
  environment: CliEnvironment,
): Promise<number> {
  if (options.stdin && options.fix)
    throw new UsageError("--fix cannot write to standard input; use --fix-dry-run");
  const { config, ignores } = await loadProject(options.project, environment.cwd, (m) =>
    environment.stderr.write(`reportql: ${m}\n`),
  );
  const { catalog, warnings } = await resolveCatalog(options.catalog, config, environment.cwd);
  for (const w of warnings) environment.stderr.write(`reportql: ${w}\n`);
  const lint: LintOptions = { catalog, severities: config.severities };
  const progress = new Progress(
    environment,
    options.format === "stylish" && options.outputFile === undefined,
  );

  let ignored = 0;
  const reports: FileReport[] = [];
  let summary: Summary = EMPTY_SUMMARY;
  const add = (report: FileReport | undefined) => {
    if (report === undefined) return;
    const shown = options.quiet
      ? { ...report, diagnostics: report.diagnostics.filter((d) => d.severity === "error") }
      : report;
    // What is hidden is not counted either: `--quiet` reports, and fails on, errors only.
    reports.push(shown);
    summary = addToSummary(summary, shown);
    progress.tick(summary.files);
  };

  const stdinFile = options.stdinFilename && resolve(environment.cwd, options.stdinFilename);
  if (options.stdin && stdinFile && isIgnoredPath(ignores, config.root, stdinFile)) {
    // As a file of that name would be: an editor or hook passing an ignored file's text gets no report.
    environment.stderr.write(ignoredNotice(display(environment.cwd, stdinFile)));
    ignored++;
  } else if (options.stdin) {
    const path = stdinFile ? display(environment.cwd, stdinFile) : "<stdin>";
    const read = decode(await environment.readStdin(MAX_FILE_BYTES), path);
    add(
      read.kind === "problem"
        ? problemReport(path, read.diagnostic, lint.severities)
        : lintOne(await linterFor(path), path, read.text, lint, options).report,
    );
  } else {
    const paths = options.paths.length > 0 ? options.paths : ["."];
    const entries: Found[] = [];
    for await (const entry of discover(paths, environment.cwd, config.root, ignores)) entries.push(entry);
    if (options.outputFile !== undefined)
      await refuseReportOverInput(options.outputFile, entries, environment.cwd);
    // Quotas count over the request bodies of every file of the run, and a report may use a query
    // another file creates: one pass over the request files before linting them.
    const project = await requestProject(entries, environment.cwd, lint);
    for (const found of entries) {
      if (found.kind === "ignored") {
        environment.stderr.write(ignoredNotice(found.path));
        ignored++;
        continue;
      }
      if (found.kind === "problem") {
        add(problemReport(found.path, found.diagnostic, lint.severities));
        continue;
      }
      const read = await readSource(environment.cwd, found.path);
      if (read.kind === "problem") {
        add(problemReport(found.path, read.diagnostic, lint.severities));
        continue;
      }
      const linter = await linterFor(found.path);
      const fileLint = project?.optionsFor(found.path) ?? lint;
      const { report, fixed } = lintOne(linter, found.path, read.text, fileLint, options);
      const failure =
        options.fix && fixed !== undefined && writeFileWhole(environment.cwd, found.path, fixed);
      // Unsaved fixes: the file is as it was, so its report is that of the unfixed text.
      add(
        failure
          ? withWriteFailure(
              found.path,
              lintOne(linter, found.path, read.text, fileLint, NO_FIXES).report,
              failure,
              lint.severities,
            )
          : report,
      );
    }
  }
  progress.done();

  const toTerminal = options.outputFile === undefined;
  const shown = {
    color: toTerminal && useColor(environment, "stdout"),
    // Code frames fit the terminal (80 columns when its width is unknown).
    width: (toTerminal ? environment.stdout.columns : undefined) ?? 80,
  };
  // In pieces: a report can be longer than the longest string V8 holds.
  const output = render(options.format, reports, summary, { ...shown, ignored });
  if (options.outputFile !== undefined)
    await writeReport(resolve(environment.cwd, options.outputFile), output);
  else await writeChunks(environment.stdout, output);

  if (summary.errors > 0) return 1;
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    environment.stderr.write(
      `reportql: ${plural(summary.warnings, "warning")} ${summary.warnings === 1 ? "exceeds" : "exceed"} --max-warnings ${options.maxWarnings}\n`,
    );
    return 1;
  }
  return 0;
}

/**
 * Writes the report file (creating its folders); a path that cannot be written is a usage error. A
 * regular file is replaced whole, so a full disk or a killed run never leaves half a SARIF file that an
 * upload step would then read; anything else (`/dev/stdout`, a pipe, a link) is written through.
 */
async function writeReport(target: string, output: Chunks): Promise<void> {
  const write = async (file: FileHandle) => {
    for (const batch of batched(output)) await file.write(batch);
  };
  let failure: string | undefined;
  try {
    await fs.mkdir(dirname(target), { recursive: true });
    if (await replaceable(target)) failure = await writeAtomically(target, write);
    else {
      const file = await fs.open(target, "w");
      try {
        await write(file);
      } finally {
        await file.close();
      }
    }
  } catch (error) {
    failure = `it could not be written (${errorCode(error)})`;
  }
  if (failure !== undefined) throw new UsageError(`check: cannot write the report to ${target}: ${failure}`);
}

/**
 * `-o orders.rql` with `orders.rql` among the files checked would replace a query file with its own
 * report (a slip when `-o` is typed before the paths): refused before anything is read or written.
 */
async function refuseReportOverInput(
  outputFile: string,
  entries: readonly Found[],
  cwd: string,
): Promise<void> {
  const target = await fs.realpath(resolve(cwd, outputFile)).catch(() => undefined);
  if (target === undefined) return;
  for (const entry of entries) {
    if (entry.kind !== "file") continue;
    const input = await fs.realpath(resolve(cwd, entry.path)).catch(() => undefined);
    if (input === target)
      throw new UsageError(
        `check: --output-file ${outputFile} is one of the files being checked; the report would replace it, so write it elsewhere`,
      );
  }
}

/** Whether a report target is absent or a regular file, which is replaced rather than written into. */
async function replaceable(target: string): Promise<boolean> {
  try {
    return (await fs.lstat(target)).isFile();
  } catch {
    return true;
  }
}

/** How a report is shown: colours, and the terminal's width for code frames. */
export interface Display {
  readonly color: boolean;
  readonly width: number;
  /** Named files that were ignored, for the summary. */
  readonly ignored: number;
}

/** Renders a report in pieces; the human formats, written for terminals, are made terminal-safe. */
export function render(
  format: OutputFormat,
  reports: readonly FileReport[],
  summary: Summary,
  display: Display,
): Chunks {
  switch (format) {
    case "stylish":
      return mapChunks(
        formatStylish(reports, summary, display.color, display.width, display.ignored),
        terminalSafeKeepingColour,
      );
    case "compact":
      return mapChunks(formatCompact(reports), terminalSafe);
    case "json":
      return formatJson(reports, summary, toolVersion());
    case "sarif":
      return formatSarif(reports, toolVersion());
    case "github":
      return formatGithub(reports, summary);
    case "junit":
      return formatJunit(reports, summary);
    case "gitlab":
      return formatGitlab(reports);
  }
}

const NO_FIXES = { fix: false, fixDryRun: false, unsafeFixes: false } as const;

/** A report whose fixes could not be saved: the file is unchanged, so it says so first. */
function withWriteFailure(
  path: string,
  report: FileReport | undefined,
  reason: string,
  severities?: RuleSeverities,
): FileReport {
  const problem = problemReport(path, fileDiagnostic("RQ9109", { path, reason }), severities);
  return { path, diagnostics: [...(problem?.diagnostics ?? []), ...(report?.diagnostics ?? [])] };
}

/**
 * The report of a file that could not be checked, with its code's configured severity; none when the
 * code is `off` (the file was not checked, so it is not counted either).
 */
function problemReport(
  path: string,
  diagnostic: Diagnostic,
  severities: RuleSeverities | undefined,
): FileReport | undefined {
  const diagnostics = severities === undefined ? [diagnostic] : applySeverities([diagnostic], severities);
  return diagnostics.length === 0 ? undefined : { path, diagnostics: locate("", diagnostics) };
}

/** What the run's request files tell each of them (quotas so far, queries other files create). */
interface RequestProject {
  optionsFor(path: string): LintFileOptions;
}

/**
 * The project pass over a run's request files (`.json`, `.http`, `.rest`), or `undefined` when there
 * are fewer than two (a run of query files loads no part of the API contract). The request files' texts are
 * held for this pass only (query files are not read here), then each is read again when linted.
 */
async function requestProject(
  entries: readonly Found[],
  cwd: string,
  lint: LintOptions,
): Promise<RequestProject | undefined> {
  const files: ProjectFile[] = [];
  for (const entry of entries) {
    if (entry.kind !== "file" || isQueryFilePath(entry.path)) continue;
    const read = await readSource(cwd, entry.path);
    if (read.kind !== "problem") files.push({ path: entry.path, text: read.text });
  }
  // One request file knows everything the run knows: its own lint counts its quotas and reads its
  // own global variables, so the pass would only check it twice.
  if (files.length < 2) return undefined;
  const { projectContext, projectFileOptions } = await import("../lint/project.js");
  const context = projectContext(files, lint);
  return { optionsFor: (path) => projectFileOptions(path, context, lint) };
}

/**
 * At most this many problems are reported per file. Reporting costs several times the memory of
 * checking (located diagnostics, source lines, the report text): a 2 MB file with 380,000 problems
 * peaked at 1.6 GB. 20,000 leaves room for any real file (docs/performance.md).
 */
export const MAX_REPORTED_PER_FILE = 20_000;

/** `lintFile`'s shape: the file pipeline for one kind of file. */
type Linter = (path: string, text: string, options: LintFileOptions) => FileLintResult;

let requestLinter: Promise<Linter> | undefined;

/**
 * The pipeline for a file: a query file needs only the query checker; request files (`.json`,
 * `.http`) need the API contract and its schema library, loaded on the first such file (cold start of
 * `check one.rql`: docs/performance.md).
 */
async function linterFor(path: string): Promise<Linter> {
  if (isQueryFilePath(path)) return (_path, text, options) => lintQueryFile(text, options);
  requestLinter ??= import("../lint/lint.js").then((module) => module.lintFile);
  return requestLinter;
}

/** Lints a file through the shared pipeline; with a fix option, also returns the fixed text when it differs. */
function lintOne(
  lintFile: Linter,
  path: string,
  text: string,
  lint: LintOptions,
  options: Pick<CheckCommandOptions, "fix" | "fixDryRun" | "unsafeFixes">,
): { report: FileReport | undefined; fixed?: string } {
  const fix = !options.fix && !options.fixDryRun ? "none" : options.unsafeFixes ? "unsafe" : "safe";
  const result = lintFile(path, text, { ...lint, fix });
  // A JSON file with no request body is nobody's business: not reported, not counted.
  if (result.skipped) return { report: undefined };
  const report: FileReport = {
    path,
    diagnostics: locate(result.text, capDiagnostics(result.diagnostics, path, MAX_REPORTED_PER_FILE)),
    ...(options.fixDryRun && result.fixed && { output: result.text }),
  };
  return result.fixed ? { report, fixed: result.text } : { report };
}

/** A "Checking… N files" line on an interactive terminal, never in CI logs or machine formats. */
class Progress {
  private readonly enabled: boolean;
  private last = 0;
  private shown = false;

  private readonly out: Writer;

  constructor(environment: CliEnvironment, humanOutput: boolean) {
    this.out = environment.progress ?? environment.stderr;
    this.enabled =
      humanOutput && this.out.isTTY === true && !inCi(environment.env) && environment.env.TERM !== "dumb";
  }

  /** Shown from the second file on (one file needs no progress), at most five times a second. */
  tick(files: number): void {
    if (!this.enabled || files < 2) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    this.shown = true;
    this.out.write(`\rChecking… ${plural(files, "file")}`);
  }

  done(): void {
    if (this.shown) this.out.write("\r\u001b[K");
  }
}
