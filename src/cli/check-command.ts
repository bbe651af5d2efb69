/**
 * `reportql check`: finds the files, lints each one (fixing it when asked), and writes the report in
 * the chosen format. Bad files become diagnostics of their own; nothing stops the run but a usage,
 * configuration or internal error.
 */
import { promises as fs } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { type Config, ConfigError, emptyConfig } from "../lint/config.js";
import { fileDiagnostic } from "../lint/documents.js";
import { type LintOptions, lintFile } from "../lint/lint.js";
import { loadConfig } from "./config.js";
import { type CliEnvironment, inCi, useColor } from "./environment.js";
import { decode, discover, display, errorCode, loadIgnores, readSource, writeFileWhole } from "./files.js";
import { formatGithub } from "./formats/github.js";
import { formatGitlab } from "./formats/gitlab.js";
import { formatJson } from "./formats/json.js";
import { formatJunit } from "./formats/junit.js";
import { formatSarif } from "./formats/sarif.js";
import { formatStylish } from "./formats/stylish.js";
import { addToSummary, EMPTY_SUMMARY, type FileReport, locate, type Summary } from "./report.js";
import { resolveCatalog, toolVersion, UsageError } from "./shared.js";

/** The output formats of `check`. */
export const FORMATS = ["stylish", "json", "sarif", "github", "junit", "gitlab"] as const;
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
  readonly noConfig: boolean;
}

/** Loads the configuration, or the empty one with `--no-config`. */
export async function configFor(noConfig: boolean, cwd: string): Promise<Config> {
  if (noConfig) return emptyConfig(cwd);
  const config = await loadConfig(cwd);
  if (config instanceof ConfigError) throw new UsageError(`configuration error in ${config.toString()}`);
  return config;
}

/** Runs `check`; returns the exit code. */
export async function checkCommand(
  options: CheckCommandOptions,
  environment: CliEnvironment,
): Promise<number> {
  if (options.stdin && options.fix)
    throw new UsageError("--fix cannot write to standard input; use --fix-dry-run");
  const config = await configFor(options.noConfig, environment.cwd);
  const { catalog, warnings } = await resolveCatalog(options.catalog, config, environment.cwd);
  for (const w of warnings) environment.stderr.write(`reportql: ${w}\n`);
  const lint: LintOptions = { catalog, severities: config.severities };
  const progress = new Progress(
    environment,
    options.format === "stylish" && options.outputFile === undefined,
  );

  const reports: FileReport[] = [];
  let summary: Summary = EMPTY_SUMMARY;
  const add = (report: FileReport) => {
    const shown = options.quiet
      ? { ...report, diagnostics: report.diagnostics.filter((d) => d.severity === "error") }
      : report;
    // What is hidden is not counted either: `--quiet` reports, and fails on, errors only.
    reports.push(shown);
    summary = addToSummary(summary, shown);
    progress.tick(summary.files);
  };

  if (options.stdin) {
    const path =
      options.stdinFilename === undefined
        ? "<stdin>"
        : display(environment.cwd, resolve(environment.cwd, options.stdinFilename));
    const read = decode(await environment.readStdin(), path);
    add(
      read.kind === "problem"
        ? problemReport(path, read.diagnostic)
        : lintOne(path, read.text, lint, options).report,
    );
  } else {
    const ignores = await loadIgnores(config.root, config.ignore);
    const paths = options.paths.length > 0 ? options.paths : ["."];
    for await (const found of discover(paths, environment.cwd, config.root, ignores)) {
      if (found.kind === "problem") {
        add(problemReport(found.path, found.diagnostic));
        continue;
      }
      const read = await readSource(environment.cwd, found.path);
      if (read.kind === "problem") {
        add(problemReport(found.path, read.diagnostic));
        continue;
      }
      const { report, fixed } = lintOne(found.path, read.text, lint, options);
      const failure =
        options.fix && fixed !== undefined && writeFileWhole(environment.cwd, found.path, fixed);
      // Unsaved fixes: the file is as it was, so its report is that of the unfixed text.
      add(
        failure ? withWriteFailure(lintOne(found.path, read.text, lint, NO_FIXES).report, failure) : report,
      );
    }
  }
  progress.done();

  const color = options.outputFile === undefined && useColor(environment, "stdout");
  const output = render(options.format, reports, summary, color);
  if (options.outputFile !== undefined)
    await writeReport(resolve(environment.cwd, options.outputFile), output);
  else environment.stdout.write(output);

  if (summary.errors > 0) return 1;
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    environment.stderr.write(
      `reportql: ${summary.warnings} warnings exceed --max-warnings ${options.maxWarnings}\n`,
    );
    return 1;
  }
  return 0;
}

/** Writes the report file (creating its folders); a path that cannot be written is a usage error. */
async function writeReport(target: string, output: string): Promise<void> {
  try {
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.writeFile(target, output);
  } catch (error) {
    throw new UsageError(`check: cannot write the report to ${target} (${errorCode(error)})`);
  }
}

function render(
  format: OutputFormat,
  reports: readonly FileReport[],
  summary: Summary,
  color: boolean,
): string {
  switch (format) {
    case "stylish":
      return formatStylish(reports, summary, color);
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
function withWriteFailure(report: FileReport, reason: string): FileReport {
  const problem = problemReport(report.path, fileDiagnostic("RQ9109", { path: report.path, reason }));
  return { path: report.path, diagnostics: [...problem.diagnostics, ...report.diagnostics] };
}

function problemReport(path: string, diagnostic: Diagnostic): FileReport {
  return { path, diagnostics: locate("", [diagnostic]) };
}

/** Lints a file through the shared pipeline; with a fix option, also returns the fixed text when it differs. */
function lintOne(
  path: string,
  text: string,
  lint: LintOptions,
  options: Pick<CheckCommandOptions, "fix" | "fixDryRun" | "unsafeFixes">,
): { report: FileReport; fixed?: string } {
  const fix = !options.fix && !options.fixDryRun ? "none" : options.unsafeFixes ? "unsafe" : "safe";
  const result = lintFile(path, text, { ...lint, fix });
  const report: FileReport = {
    path,
    // A skipped file's note is about the file, not a line of it: no source line is shown.
    diagnostics: locate(result.skipped ? "" : result.text, result.diagnostics),
    ...(options.fixDryRun && result.fixed && { output: result.text }),
  };
  return result.fixed ? { report, fixed: result.text } : { report };
}

/** A "Checking… N files" line on an interactive terminal, never in CI logs or machine formats. */
class Progress {
  private readonly enabled: boolean;
  private last = 0;
  private shown = false;

  constructor(
    private readonly environment: CliEnvironment,
    humanOutput: boolean,
  ) {
    this.enabled = humanOutput && environment.stderr.isTTY === true && !inCi(environment.env);
  }

  tick(files: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    this.shown = true;
    this.environment.stderr.write(`\rChecking… ${files} files`);
  }

  done(): void {
    if (this.shown) this.environment.stderr.write("\r\u001b[K");
  }
}
