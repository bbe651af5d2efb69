/**
 * The emulator's in-memory state: queries, reports, executions and report files per family, the
 * journal and the faults. Items are written in the contract's response shapes (`queryItem`,
 * `reportItem`, `executionItem` in `src/api/schemas.ts`).
 */
import { type Family, SYSTEM_QUERIES } from "../../api/facts.js";
import { formatServiceTime } from "../../api/times.js";
import type { Catalog } from "../../semantic/catalog.js";

export interface StoredQuery {
  readonly family: Family;
  readonly queryId: string;
  readonly name: string;
  readonly description: string | null;
  readonly query: string;
  readonly type: "userDefined" | "system";
  readonly createdTime: Date;
}

export interface StoredReport {
  readonly family: Family;
  readonly reportId: string;
  reportName: string;
  description: string | null;
  readonly queryId: string;
  readonly query: string;
  readonly createdTime: Date;
  modifiedTime: Date | null;
  readonly executeNow: boolean;
  startTime: Date | null;
  reportStatus: "Active" | "Paused" | "Inactive";
  recurrenceInterval: number | null;
  recurrenceCount: number | null;
  callbackUrl: string | null;
  callbackMethod: "GET" | "POST";
  format: "CSV" | "TSV";
  readonly queryStartTime: Date | null;
  readonly queryEndTime: Date | null;
  /** Scheduled runs created so far. */
  runs: number;
}

export interface StoredExecution {
  readonly executionId: string;
  readonly reportId: string;
  readonly family: Family;
  /** The clock instant the run is for. */
  readonly dueTime: Date;
  executionStatus: "Pending" | "Running" | "Paused" | "Completed";
  /** Set when a run failed (fault injection, engine problem): the file is empty, the reason here. */
  failure?: string;
  reportGeneratedTime: Date | null;
  reportExpiryTime: Date | null;
  /** The signed link's path and query; answers put the emulator's URL in front. */
  reportAccessSecureLink: string | null;
  file?: string;
  /**
   * The file's format, as it was written: a report updated to another `Format` afterwards still
   * lists and serves its earlier files in theirs (a client parses by the execution's `format`).
   */
  format?: "CSV" | "TSV";
}

export interface JournalEntry {
  readonly time: string;
  readonly kind: "request" | "callback" | "execution";
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly operationId?: string;
  readonly error?: string;
}

export interface Fault {
  readonly route: string;
  readonly status: 429 | 500 | 503;
  remaining: number;
}

/** Armed by `POST /_emulator/faults` with `kind: "execution"`: the next runs fail. */
export interface ExecutionFault {
  readonly kind: "execution";
  readonly message: string;
  remaining: number;
}

const JOURNAL_LIMIT = 2_000;

export class EmulatorState {
  readonly queries = new Map<string, StoredQuery>();
  readonly reports = new Map<string, StoredReport>();
  readonly executions = new Map<string, StoredExecution>();
  readonly journal: JournalEntry[] = [];
  faults: Fault[] = [];
  executionFaults: ExecutionFault[] = [];
  /** ExecuteNow report creations per family, as clock instants (the 60-minute quota). */
  readonly executeNowTimes: Record<Family, number[]> = { mpn: [], cmp: [] };

  record(entry: JournalEntry): void {
    this.journal.push(entry);
    if (this.journal.length > JOURNAL_LIMIT) this.journal.splice(0, this.journal.length - JOURNAL_LIMIT);
  }

  clear(): void {
    this.queries.clear();
    this.reports.clear();
    this.executions.clear();
    this.journal.length = 0;
    this.faults = [];
    this.executionFaults = [];
    this.executeNowTimes.mpn = [];
    this.executeNowTimes.cmp = [];
  }

  /** The failure message for the next run, consumed, if an execution fault is armed. */
  takeExecutionFault(): string | undefined {
    const fault = this.executionFaults.find((f) => f.remaining > 0);
    if (fault !== undefined) fault.remaining--;
    this.executionFaults = this.executionFaults.filter((f) => f.remaining > 0);
    return fault?.message;
  }

  /** The fault for a request, consumed, if one is armed. */
  takeFault(operationId: string | undefined, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.route === "*" ||
          f.route === operationId ||
          (f.route.startsWith("/") && path.toLowerCase().includes(f.route.toLowerCase()))),
    );
    if (fault !== undefined) fault.remaining--;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }
}

/** Times in answers: the service's `yyyy-MM-ddTHH:mm:ssZ`. */
export function time(date: Date | null): string | null {
  return date === null ? null : formatServiceTime(date);
}

/** The published system queries of a family, with a query text built from the catalog. */
export function systemQueries(family: Family, catalog: Catalog): StoredQuery[] {
  return SYSTEM_QUERIES.filter((q) => q.family === family).flatMap((q) => {
    const dataset = catalog.dataset(q.dataset);
    if (dataset === undefined) return [];
    const usable = dataset.columns.filter((c) => !c.unconfirmed && !c.legacy);
    const fromSystem = usable.filter((c) => c.seen.includes("system-query"));
    const columns = (fromSystem.length > 0 ? fromSystem : usable).map((c) => c.name);
    return [
      {
        family,
        queryId: q.id,
        name: `${dataset.name} system query`,
        description: `The published system query of ${dataset.name}`,
        query: `SELECT ${columns.join(",")} FROM ${dataset.name} TIMESPAN LAST_MONTH`,
        type: "system" as const,
        createdTime: new Date(Date.UTC(2021, 0, 1)),
      },
    ];
  });
}

export const USER = "emulator@reportql.local";

/**
 * How far back Get Report Executions looks (documented: `getLatestExecution=false` returns the
 * executions of the last 90 days). An execution due before that can never be listed, so nobody can
 * get its link: the runner completes it without running its query (see `ExecutionRunner.runDue`).
 */
export const EXECUTION_HISTORY_MS = 90 * 86_400_000;

export function queryItem(q: StoredQuery) {
  return {
    queryId: q.queryId,
    name: q.name,
    description: q.description,
    query: q.query,
    type: q.type,
    user: q.type === "system" ? "System" : USER,
    createdTime: time(q.createdTime),
    ...(q.family === "cmp" && { modifiedTime: null }),
  };
}

export function reportItem(r: StoredReport) {
  return {
    reportId: r.reportId,
    reportName: r.reportName,
    description: r.description,
    queryId: r.queryId,
    query: r.query,
    user: USER,
    createdTime: time(r.createdTime),
    modifiedTime: time(r.modifiedTime),
    ...(r.family === "mpn" && { executeNow: r.executeNow }),
    startTime: time(r.startTime),
    reportStatus: r.reportStatus,
    recurrenceInterval: r.recurrenceInterval,
    recurrenceCount: r.recurrenceCount,
    callbackUrl: r.callbackUrl,
    ...(r.family === "mpn" && { callbackMethod: r.callbackMethod }),
    format: wireFormat(r.format),
  };
}

/** The format as the service's answers echo it: lowercase (`"format": "csv"` in every example). */
function wireFormat(format: StoredReport["format"]): string {
  return format.toLowerCase();
}

export function executionItem(e: StoredExecution, r: StoredReport, baseUrl: string) {
  const link = e.reportAccessSecureLink === null ? null : `${baseUrl}${e.reportAccessSecureLink}`;
  return {
    executionId: e.executionId,
    reportId: e.reportId,
    recurrenceInterval: r.recurrenceInterval,
    recurrenceCount: r.recurrenceCount,
    callbackUrl: r.callbackUrl,
    ...(r.family === "mpn" && { callbackMethod: r.callbackMethod }),
    format: wireFormat(e.format ?? r.format),
    executionStatus: e.executionStatus,
    ...(r.family === "mpn" && { reportLocation: link }),
    reportAccessSecureLink: link,
    reportExpiryTime: time(e.reportExpiryTime),
    reportGeneratedTime: time(e.reportGeneratedTime),
  };
}
