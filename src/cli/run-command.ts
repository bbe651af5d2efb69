/**
 * `reportql run FILE.rql`: checks the query as `reportql check` does (the same output, exit 1, and
 * nothing sent when it has errors), then creates the query (or reuses an identical one of the same
 * name, so repeated runs do not pile up toward the 100-query quota), runs it once with an ExecuteNow
 * report, waits with a progress line, and downloads the report file beside the query (or to `-o`).
 */
import { promises as fs } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import type { Execution, ReportClient } from "../client/index.js";
import { toSubmissionText } from "../format/format.js";
import { parse } from "../syntax/parse.js";
import { refusal, writeStreamAtomically } from "./atomic-file.js";
import type { ProjectOptions } from "./config.js";
import type { CliEnvironment } from "./environment.js";
import { display, readSource } from "./files.js";
import {
  checkBeforeSending,
  connect,
  damagedFileText,
  describeFailure,
  type ServiceFlags,
  serviceText,
  waitProgress,
} from "./service.js";
import { UsageError } from "./shared.js";

export interface RunCommandOptions extends ServiceFlags {
  readonly file: string;
  readonly format: "csv" | "tsv";
  readonly from?: string;
  readonly to?: string;
  readonly output?: string;
  /** Milliseconds between two polls of the execution. */
  readonly pollInterval: number;
  readonly catalog?: string;
  readonly project: ProjectOptions;
}

/** Runs `run`; returns the exit code. */
export async function runCommand(options: RunCommandOptions, environment: CliEnvironment): Promise<number> {
  if (extname(options.file).toLowerCase() !== ".rql")
    throw new UsageError(`run: expected a .rql file with one query, not ${JSON.stringify(options.file)}`);
  if ((options.from === undefined) !== (options.to === undefined))
    throw new UsageError("run: give both --from and --to (they replace the query's TIMESPAN), or neither");
  const checked = await checkBeforeSending([options.file], options, environment);
  if (checked !== 0) return checked;
  const query = await submissionText(options.file, environment);
  if (typeof query === "number") return query;
  const client = await connect("run", options, environment);
  // Ctrl-C (or SIGTERM, SIGHUP) stops the wait or the download cleanly: the partial file is removed, not
  // left beside the target. A second Ctrl-C, with no listener left, ends the process at once.
  const interrupt = new AbortController();
  const stop = () => interrupt.abort(new Error("interrupted"));
  // SIGHUP: the terminal was closed; without it the process ended with its temporary file left.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  for (const signal of signals) process.once(signal, stop);
  try {
    return await runQuery(client, query, options, environment, interrupt.signal);
  } catch (error) {
    if (interrupt.signal.aborted) return interrupted(environment);
    const failure = await describeFailure("run", error, client.endpoint);
    if (failure === undefined) throw error;
    environment.stderr.write(failure.message);
    return failure.code;
  } finally {
    for (const signal of signals) process.off(signal, stop);
  }
}

function interrupted(environment: CliEnvironment): number {
  environment.stderr.write("reportql: run: interrupted; no file was written\n");
  return 130;
}

/** The file's one query as the API takes it, or an exit code after saying why there is none. */
async function submissionText(file: string, environment: CliEnvironment): Promise<string | number> {
  const read = await readSource(environment.cwd, file);
  if (read.kind === "problem") {
    environment.stderr.write(`reportql: run: ${read.diagnostic.message}\n`);
    return 2;
  }
  const parsed = parse(read.text);
  const [query, ...more] = parsed.document.queries;
  if (query === undefined || more.length > 0) {
    environment.stderr.write(
      `reportql: run: ${file} holds ${parsed.document.queries.length} queries; run takes a file with exactly one\n`,
    );
    return 2;
  }
  return toSubmissionText(query, parsed);
}

/** A stand-in id for checking the report body before the query exists. */
const PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000";

async function runQuery(
  client: ReportClient,
  text: string,
  options: RunCommandOptions,
  environment: CliEnvironment,
  signal: AbortSignal,
): Promise<number> {
  const name = basename(options.file, extname(options.file));
  const reportBody = {
    // The service refuses `;` in a report name (RQ3016); a file name may hold one.
    ReportName: name.replaceAll(";", "_"),
    Description: `reportql run ${basename(options.file)}`,
    ExecuteNow: true,
    Format: options.format.toUpperCase(),
    ...(options.from !== undefined && { QueryStartTime: options.from }),
    ...(options.to !== undefined && { QueryEndTime: options.to }),
  };
  // Both requests are checked before either is sent: a refused report must not leave a query behind.
  const { DamagedFileError, RequestRejectedError } = await import("../client/index.js");
  for (const [operationId, body] of [
    ["createQuery", queryBody(name, text)],
    ["createReport", { ...reportBody, QueryId: PLACEHOLDER_ID }],
  ] as const) {
    const errors = client.validate(operationId, { body } as never);
    if (errors.length > 0) throw new RequestRejectedError(operationId, errors, "");
  }
  const target = resolve(
    environment.cwd,
    options.output ?? join(dirname(options.file), `${name}.${options.format}`),
  );
  const shown = serviceText(display(environment.cwd, target));
  // Said before the report is created: an ExecuteNow run counts toward a quota of 5 an hour.
  const unwritable = await outputProblem(target, resolve(environment.cwd, options.file));
  if (unwritable !== undefined) {
    environment.stderr.write(`reportql: run: cannot write ${shown}: ${unwritable}; nothing was sent\n`);
    return 2;
  }
  const queryId = await queryFor(client, name, text, environment, signal);
  const report = await client.createReport({ body: { ...reportBody, QueryId: queryId } }, { signal });
  const reportId = report.value[0]?.reportId ?? "";
  environment.stderr.write(`reportql: run: report ${serviceText(reportId)} created; waiting for it to run\n`);
  const waited = () => wait(client, reportId, options, environment, signal);
  const written = await save(client, await waited(), target, waited, signal);
  // A file written whole before the interrupt was noticed is kept, and said as written.
  if ("failure" in written && signal.aborted) return interrupted(environment);
  if ("failure" in written && written.readFailure instanceof DamagedFileError) {
    environment.stderr.write(`reportql: run: ${damagedFileText(written.readFailure.problem, shown)}\n`);
    return 2;
  }
  if ("failure" in written && written.readFailure !== undefined) {
    const why =
      written.readFailure instanceof Error ? written.readFailure.message : String(written.readFailure);
    environment.stderr.write(
      `reportql: run: the download of the report file was cut off (${serviceText(why)}); nothing was written to ${shown}. Run again to download it\n`,
    );
    return 2;
  }
  if ("failure" in written) {
    environment.stderr.write(`reportql: run: cannot write ${shown}: ${written.failure}\n`);
    return 2;
  }
  environment.stdout.write(`Wrote ${shown} (${written.bytes} bytes)\n`);
  return 0;
}

/** Why the report file could not be written where it goes, or undefined. */
async function outputProblem(target: string, queryFile: string): Promise<string | undefined> {
  const refused = await refusal(target);
  if (refused !== undefined) return refused;
  // `-o orders.rql` (or `-o ORDERS.rql` on macOS, or a hard link to it) would replace the query with the report.
  if (await sameFile(target, queryFile)) return "it is the query's own file; give -o another file";
  try {
    if ((await fs.stat(dirname(target))).isDirectory()) return undefined;
  } catch {
    // Missing: said below.
  }
  return "its folder does not exist; create it first";
}

/** Whether two paths are one file (the second exists: it was read). */
async function sameFile(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  try {
    const [x, y] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

function queryBody(name: string, text: string) {
  return { Name: name, Description: "Created by reportql run", Query: text };
}

/** An identical query of the same name, or a new one. Ctrl-C stops the search or the create at once. */
async function queryFor(
  client: ReportClient,
  name: string,
  text: string,
  environment: CliEnvironment,
  signal: AbortSignal,
) {
  const { ApiError } = await import("../client/index.js");
  let same: string | undefined;
  try {
    for await (const q of client.paginate("getQueries", { queryName: name }, { signal }))
      if (q.name === name && q.query.trim() === text) same = q.queryId;
  } catch (error) {
    // 404: no query of that name yet.
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  if (same !== undefined) {
    environment.stderr.write(
      `reportql: run: reusing query ${serviceText(name)} (${serviceText(same)}), identical to the file\n`,
    );
    return same;
  }
  const created = await client.createQuery({ body: queryBody(name, text) }, { signal });
  const id = created.value[0]?.queryId ?? "";
  environment.stderr.write(`reportql: run: created query ${serviceText(name)} (${serviceText(id)})\n`);
  return id;
}

async function wait(
  client: ReportClient,
  reportId: string,
  options: RunCommandOptions,
  environment: CliEnvironment,
  signal: AbortSignal,
): Promise<Execution> {
  const progress = waitProgress("run", environment);
  try {
    return await client.waitForExecution(reportId, {
      signal,
      pollInterval: options.pollInterval,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.done();
  }
}

/**
 * Downloads the file; a link that expired meanwhile is fetched again once (a file gone is not), and
 * a file that changed while it downloaded (the client resumes cuts, but not into another file) is
 * downloaded once more from the start, to a new temporary file.
 */
async function save(
  client: ReportClient,
  execution: Execution,
  target: string,
  again: () => Promise<Execution>,
  signal: AbortSignal,
): ReturnType<typeof writeStreamAtomically> {
  const { LinkExpiredError, ReportFileChangedError, ReportFileGoneError } = await import(
    "../client/index.js"
  );
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = await client.downloadStream(execution, { signal });
  } catch (error) {
    if (!(error instanceof LinkExpiredError) || error instanceof ReportFileGoneError) throw error;
    stream = await client.downloadStream(await again(), { signal });
  }
  const written = await writeStreamAtomically(target, stream);
  if (!("readFailure" in written && written.readFailure instanceof ReportFileChangedError) || signal.aborted)
    return written;
  return writeStreamAtomically(target, await client.downloadStream(await again(), { signal }));
}
