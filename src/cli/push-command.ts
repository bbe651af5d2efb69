/**
 * `reportql push DIR`: makes the service hold the queries of DIR's `.rql` files and the reports of
 * its `reports.json`. Everything is checked first (the files as `reportql check` checks them, each
 * request with the client's checks against the endpoint's family) and nothing is sent until all of
 * it passes. Missing queries and reports are created; one whose definition differs is shown as
 * drift (the service cannot update a query: that takes deleting it and creating it again, which
 * push leaves to the user); what the service holds beyond DIR is deleted only with `--prune`.
 */
import { promises as fs } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import type { Query, Report, ReportClient } from "../client/index.js";
import { toSubmissionText } from "../format/format.js";
import { parse } from "../syntax/parse.js";
import type { ProjectOptions } from "./config.js";
import type { CliEnvironment } from "./environment.js";
import { display, errorCode, folderProblem, readSource } from "./files.js";
import { type LocalQuery, planQueries, type QueryPlan, reportQuery } from "./push-plan.js";
import {
  caseClashes,
  type DeclaredReport,
  nameKey,
  oneLine,
  REPORTS_FILE,
  readHeader,
  readReports,
} from "./queries-as-code.js";
import { checkBeforeSending, connect, describeFailure, type ServiceFlags, serviceLine } from "./service.js";

export interface PushCommandOptions extends ServiceFlags {
  readonly dir: string;
  readonly dryRun: boolean;
  readonly prune: boolean;
  readonly catalog?: string;
  readonly project: ProjectOptions;
}

/** A stand-in id for checking report bodies whose query does not exist yet. */
const PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000";

export async function pushCommand(options: PushCommandOptions, environment: CliEnvironment): Promise<number> {
  const dir = resolve(environment.cwd, options.dir);
  const files = await rqlFiles(dir, options.dir, environment);
  if (typeof files === "number") return files;
  const checked = await checkBeforeSending(
    files.map((f) => display(environment.cwd, f)),
    options,
    environment,
  );
  if (checked !== 0) return checked;
  const problems: string[] = [];
  const queries = await readQueries(files, environment, problems);
  const reports = await readDeclaredReports(dir, problems);
  const client = await connect("push", options, environment);
  for (const q of queries) {
    const errors = client.validate("createQuery", { body: queryBody(q) });
    for (const d of errors) problems.push(`${display(environment.cwd, q.file)}: ${d.code} ${d.message}`);
  }
  if (problems.length > 0) return refuse(problems, environment);
  try {
    return await synchronise(client, queries, reports, options, environment);
  } catch (error) {
    const failure = await describeFailure("push", error, client.endpoint);
    if (failure === undefined) throw error;
    environment.stderr.write(failure.message);
    return failure.code;
  }
}

function refuse(problems: readonly string[], environment: CliEnvironment): number {
  for (const p of problems) environment.stderr.write(`reportql: push: ${p}\n`);
  environment.stderr.write("reportql: push: nothing was sent; fix the problems above and push again\n");
  return 1;
}

async function rqlFiles(dir: string, shown: string, environment: CliEnvironment): Promise<string[] | number> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    environment.stderr.write(`reportql: push: cannot read ${shown}: ${folderProblem(errorCode(error))}\n`);
    return 2;
  }
  const files = names.filter((n) => extname(n).toLowerCase() === ".rql" && !n.startsWith(".")).sort();
  if (files.length === 0) {
    // Pushing an empty folder with --prune would delete every query: refuse instead.
    environment.stderr.write(`reportql: push: ${shown} holds no .rql file; nothing to push\n`);
    return 2;
  }
  return files.map((n) => join(dir, n));
}

async function readQueries(files: readonly string[], environment: CliEnvironment, problems: string[]) {
  const queries: LocalQuery[] = [];
  // Checked out on macOS or Windows, such files are one: which query it holds would depend on the system.
  for (const group of caseClashes(files.map((f) => basename(f))))
    problems.push(
      `${group.map((e) => display(environment.cwd, join(dirname(files[0] as string), e))).join(", ")}: names that differ only in case are one file on macOS and Windows; rename all but one (pull names such queries NAME-1a2b3c4d.rql)`,
    );
  for (const file of files) {
    const shown = display(environment.cwd, file);
    const read = await readSource(environment.cwd, file);
    if (read.kind === "problem") {
      problems.push(`${shown}: ${read.diagnostic.message}`);
      continue;
    }
    const parsed = parse(read.text);
    const [query, ...more] = parsed.document.queries;
    if (query === undefined || more.length > 0) {
      problems.push(
        `${shown}: holds ${parsed.document.queries.length} queries; a pushed file holds exactly one`,
      );
      continue;
    }
    const header = readHeader(read.text);
    queries.push({
      file,
      name: header.name || basename(file, extname(file)),
      ...(header.description && { description: header.description }),
      ...(header.queryId && { queryId: header.queryId.toLowerCase() }),
      text: toSubmissionText(query, parsed),
    });
  }
  sameNames(queries, environment, problems);
  return queries;
}

/**
 * Files sharing a query name are told apart by their `queryId` headers (pull writes them): each
 * needs its own, and two files never claim one id.
 */
function sameNames(queries: readonly LocalQuery[], environment: CliEnvironment, problems: string[]): void {
  const shown = (q: LocalQuery) => display(environment.cwd, q.file);
  const byId = new Map<string, LocalQuery>();
  for (const q of queries) {
    if (q.queryId === undefined) continue;
    const other = byId.get(q.queryId);
    if (other !== undefined)
      problems.push(`${shown(q)}: its queryId ${q.queryId} is also ${shown(other)}'s; a query has one file`);
    else byId.set(q.queryId, q);
  }
  const byName = new Map<string, LocalQuery[]>();
  for (const q of queries) byName.set(nameKey(q.name), [...(byName.get(nameKey(q.name)) ?? []), q]);
  for (const group of byName.values()) {
    if (group.length < 2 || group.every((q) => q.queryId !== undefined)) continue;
    problems.push(
      `${group.map(shown).join(", ")}: all name the query ${JSON.stringify((group[0] as LocalQuery).name)}; push tells same-named queries apart only by their -- queryId: header (pull writes it), so give each file its own name or pull again`,
    );
  }
}

/** The declared reports, or undefined when the folder has no reports file (reports are then not managed). */
async function readDeclaredReports(dir: string, problems: string[]): Promise<DeclaredReport[] | undefined> {
  let text: string;
  try {
    text = await fs.readFile(join(dir, REPORTS_FILE), "utf8");
  } catch (error) {
    if (errorCode(error) !== "ENOENT") problems.push(`${REPORTS_FILE}: cannot be read (${errorCode(error)})`);
    return undefined;
  }
  const read = readReports(text);
  for (const p of read.problems) problems.push(`${REPORTS_FILE}: ${p}`);
  return read.reports;
}

function queryBody(q: LocalQuery) {
  return { Name: q.name, Query: q.text, ...(q.description !== undefined && { Description: q.description }) };
}

/** Service text made safe and written as one line of the plan. */
function line(environment: CliEnvironment, text: string): void {
  environment.stdout.write(`${serviceLine(text)}\n`);
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const { ApiError } = await import("../client/index.js");
  const out: T[] = [];
  try {
    for await (const item of items) out.push(item);
  } catch (error) {
    // The service answers 404 for "none" on some filters.
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  return out;
}

async function synchronise(
  client: ReportClient,
  queries: readonly LocalQuery[],
  declared: readonly DeclaredReport[] | undefined,
  options: PushCommandOptions,
  environment: CliEnvironment,
): Promise<number> {
  // Names as a pulled file's header holds them (one line, trimmed): a name with a line break or
  // outer spaces is still the file's query, not one to create beside it (and prune).
  const remote = (await all(client.paginate("getQueries")))
    .filter((q) => q.type === "userDefined")
    .map((q) => ({ ...q, name: oneLine(q.name) }));
  const heldReports = await all(client.paginate("getReports"));
  // Without a reports file, the folder says nothing about reports: none is created, shown or pruned.
  const remoteReports = declared === undefined ? [] : heldReports;
  const shown = (file: string) => display(environment.cwd, file);
  const plan = planQueries(queries, remote, shown);
  const reportPlan = planReports(client, declared ?? [], queries, plan, remote, remoteReports, shown);
  // Everything is checked before anything is sent: which query each file is, the reports' bodies too.
  const problems = [...plan.problems, ...reportPlan.problems];
  if (problems.length > 0) return refuse(problems, environment);
  const act = options.dryRun ? "would create" : "created";
  const created = new Map<LocalQuery, string>();
  for (const q of plan.missing) {
    const id = options.dryRun ? PLACEHOLDER_ID : await create(client, q);
    created.set(q, id);
    line(environment, `+ query ${q.name}: ${act}${options.dryRun ? "" : ` (${id})`}`);
  }
  for (const u of plan.unchanged) line(environment, `= query ${u.local.name}: unchanged`);
  for (const d of plan.drifted)
    line(
      environment,
      `~ query ${d.local.name}: ${nameKey(d.remote.name) === nameKey(d.local.name) ? "the text" : `the name (the service's is ${JSON.stringify(d.remote.name)})`} of ${shown(d.local.file)} differs from the service's (${d.remote.queryId}). The service cannot update a query: it takes deleting the query (and the reports that use it) and creating it again; push does not do that`,
    );
  for (const { report: r, query } of reportPlan.missing) {
    const queryId = query.held?.queryId ?? (query.local && created.get(query.local)) ?? "";
    if (!options.dryRun) await client.createReport({ body: { ...r.body, QueryId: queryId } as never });
    line(environment, `+ report ${String(r.body.ReportName)}: ${act}`);
  }
  for (const r of reportPlan.unchanged) line(environment, `= report ${r}: unchanged`);
  for (const d of reportPlan.drifted)
    line(
      environment,
      `~ report ${d.name}: ${d.differences.join(", ")}; push does not change existing reports`,
    );
  // Reports that stay and run again (declared, or kept) need their query: it is never pruned under them.
  const staying = heldReports.filter(
    (r) => r.reportStatus !== "Inactive" && !(options.prune && reportPlan.extra.includes(r)),
  );
  const inUse = new Map(staying.map((r) => [r.queryId.toLowerCase(), r.reportName]));
  for (const { report, query } of reportPlan.declared) {
    const id = query.held?.queryId.toLowerCase();
    if (id !== undefined && !inUse.has(id)) inUse.set(id, String(report.body.ReportName ?? ""));
  }
  await prune(client, plan.extra, reportPlan.extra, inUse, options, environment);
  return plan.drifted.length + reportPlan.drifted.length > 0 ? 1 : 0;
}

async function create(client: ReportClient, q: LocalQuery): Promise<string> {
  const created = await client.createQuery({ body: queryBody(q) });
  return created.value[0]?.queryId ?? "";
}

/** Fields of a declared report compared with the service's, by their names in each. */
const COMPARED = [
  ["Description", "description"],
  ["RecurrenceInterval", "recurrenceInterval"],
  ["RecurrenceCount", "recurrenceCount"],
  ["Format", "format"],
  ["CallbackUrl", "callbackUrl"],
] as const;

function same(declared: unknown, held: unknown): boolean {
  if (declared === undefined) return true;
  if (typeof declared === "string" && typeof held === "string")
    return declared.toLowerCase() === held.toLowerCase();
  return (declared ?? null) === (held ?? null);
}

function planReports(
  client: ReportClient,
  declared: readonly DeclaredReport[],
  queries: readonly LocalQuery[],
  plan: QueryPlan,
  remote: readonly Query[],
  remoteReports: readonly Report[],
  shown: (file: string) => string,
) {
  const problems: string[] = [];
  const missing: { report: DeclaredReport; query: ReturnType<typeof reportQuery> }[] = [];
  const resolved: typeof missing = [];
  const unchanged: string[] = [];
  const drifted: { name: string; differences: string[] }[] = [];
  for (const r of declared) {
    const where = `${REPORTS_FILE}[${r.index}]`;
    const query = reportQuery(r.queryName, plan, queries, remote, shown);
    resolved.push({ report: r, query });
    const { held } = query;
    if (query.problem !== undefined) problems.push(`${where}: ${query.problem}`);
    else if (query.local === undefined && held === undefined)
      problems.push(`${where}: no query named ${JSON.stringify(r.queryName)} in the folder or the service`);
    const name = String(r.body.ReportName ?? "");
    const existing = remoteReports.find((x) => x.reportName === name);
    const errors = client
      .validate("createReport", { body: { ...r.body, QueryId: held?.queryId ?? PLACEHOLDER_ID } as never })
      // An existing report's StartTime has passed, as it should: the 4-hour rule is for creating one.
      .filter((d) => existing === undefined || d.code !== "RQ3008");
    for (const d of errors) problems.push(`${where}: ${d.code} ${d.message}`);
    if (existing === undefined) {
      missing.push({ report: r, query });
      continue;
    }
    const differences = COMPARED.filter(([mine, theirs]) => !same(r.body[mine], existing[theirs])).map(
      ([mine, theirs]) =>
        `${mine} is ${JSON.stringify(r.body[mine])} here, ${JSON.stringify(existing[theirs] ?? null)} in the service`,
    );
    const queryId = held?.queryId;
    if (queryId !== undefined && existing.queryId.toLowerCase() !== queryId.toLowerCase())
      differences.push(`it runs another query (${existing.queryId})`);
    if (differences.length > 0) drifted.push({ name, differences });
    else unchanged.push(name);
  }
  const names = new Set(declared.map((r) => String(r.body.ReportName ?? "")));
  // One-off runs (`reportql run`, ExecuteNow) and finished reports are not the folder's business.
  const extra = remoteReports.filter(
    (x) => !names.has(x.reportName) && x.executeNow !== true && x.reportStatus !== "Inactive",
  );
  return { problems, missing, unchanged, drifted, extra, declared: resolved };
}

async function prune(
  client: ReportClient,
  queries: readonly Query[],
  reports: readonly Report[],
  inUse: ReadonlyMap<string, string>,
  options: PushCommandOptions,
  environment: CliEnvironment,
): Promise<void> {
  const verb = options.dryRun ? "would delete" : "deleted";
  for (const r of reports) {
    if (!options.prune) {
      line(environment, `? report ${r.reportName}: not in ${REPORTS_FILE}; kept (--prune deletes it)`);
      continue;
    }
    const gone = !options.dryRun && (await deleted(() => client.deleteReport({ reportId: r.reportId })));
    line(environment, `- report ${r.reportName}: ${verb}${gone ? " (it was already gone)" : ""}`);
  }
  for (const q of queries) {
    const user = inUse.get(q.queryId.toLowerCase());
    if (user !== undefined) {
      line(environment, `? query ${q.name}: not in the folder; kept, report ${user} uses it`);
      continue;
    }
    if (!options.prune) {
      line(environment, `? query ${q.name}: not in the folder; kept (--prune deletes it)`);
      continue;
    }
    const gone = !options.dryRun && (await deleted(() => client.deleteQuery({ queryId: q.queryId })));
    line(environment, `- query ${q.name}: ${verb}${gone ? " (it was already gone)" : ""}`);
  }
}

/**
 * Deletes; true when the service says there was nothing to delete (its 404 envelope). A delete is
 * retried after a network error, so the service may have carried out the first attempt, and another
 * push may have pruned it meanwhile: either way it is gone, which is what was asked.
 */
async function deleted(remove: () => Promise<unknown>): Promise<boolean> {
  const { ApiError } = await import("../client/index.js");
  try {
    await remove();
    return false;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.serviceMessage !== undefined) return true;
    throw error;
  }
}
