/**
 * The contract's operations, one function per `operationId` of `ENDPOINTS`: queries, reports,
 * executions, datasets and the try query. Each answers in the envelope; nothing throws on input.
 */
import { randomUUID } from "node:crypto";
import { type Family, QUOTAS, systemQuery, TRY_QUERY } from "../../api/facts.js";
import type { EmulatorEngine } from "../engine.js";
import { runQueryText } from "../query.js";
import { explicitWindow } from "../window.js";
import { refusedUrl } from "./callbacks.js";
import type { EmulatorClock } from "./clock.js";
import { type Answer, fail, MESSAGES, noExecutionsMessage, ok } from "./envelope.js";
import { flag, param, type Route } from "./routes.js";
import type { ExecutionRunner } from "./runner.js";
import {
  type EmulatorState,
  EXECUTION_HISTORY_MS,
  executionItem,
  queryItem,
  reportItem,
  type StoredQuery,
  type StoredReport,
  systemQueries,
} from "./state.js";
import { checkBody, checkQuery, familyCatalog, field } from "./validate.js";

/** Quotas per family; the documented cmp ones by default, none for mpn (its pages state none). */
export interface Quotas {
  readonly activeQueries?: number;
  readonly activeReportsPerUser?: number;
  readonly executeNowReportsPer60Minutes?: number;
}

export interface OperationContext {
  readonly state: EmulatorState;
  readonly clock: EmulatorClock;
  readonly engine: EmulatorEngine;
  readonly runner: ExecutionRunner;
  readonly quotas: Readonly<Record<Family, Quotas>>;
  readonly allowPrivateCallbacks: boolean;
  /** The emulator's URL (known once it listens), in front of download links. */
  readonly baseUrl: () => string;
}

export const DEFAULT_QUOTAS: Readonly<Record<Family, Quotas>> = { mpn: {}, cmp: QUOTAS.cmp };

/** The answer to a failed check: the service's status and message, reportql's explanation beside. */
function failed(checked: Exclude<ReturnType<typeof checkBody>, { ok: true }>): Answer {
  return fail(checked.status ?? 400, checked.message, {
    diagnostics: checked.diagnostics,
    ...(checked.detail !== undefined && { detail: checked.detail }),
  });
}

type Operation = (c: OperationContext, route: Route, body: string) => Promise<Answer> | Answer;

/** A user-defined or system query of the family by id. */
function findQuery(c: OperationContext, family: Family, id: string): StoredQuery | undefined {
  const system = systemQuery(id);
  if (system !== undefined)
    return system.family === family
      ? systemQueries(family, c.engine.catalog).find((q) => q.queryId === system.id)
      : undefined;
  const stored = c.state.queries.get(id.toLowerCase());
  return stored?.family === family ? stored : undefined;
}

function reportsOf(c: OperationContext, family: Family): StoredReport[] {
  return [...c.state.reports.values()].filter((r) => r.family === family);
}

function queriesOf(c: OperationContext, family: Family): number {
  let count = 0;
  for (const q of c.state.queries.values()) if (q.family === family) count++;
  return count;
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function date(value: unknown): Date | null {
  return typeof value === "string" ? new Date(value) : null;
}

const createQuery: Operation = (c, route, body) => {
  const checked = checkBody(body, "createQuery", route.family, c.clock.now());
  if (!checked.ok) return failed(checked);
  const queryText = String(field(checked.value, "Query"));
  const query = checkQuery(queryText, route.family);
  if (!query.ok) return fail(400, query.message, { diagnostics: query.diagnostics });
  const limit = c.quotas[route.family].activeQueries;
  // Counted only under a quota: a count over every stored query made creations quadratic.
  if (limit !== undefined && queriesOf(c, route.family) >= limit)
    return fail(400, "Number of queries exceeded. Delete few queries before creating new queries");
  const stored: StoredQuery = {
    family: route.family,
    queryId: randomUUID(),
    name: String(field(checked.value, "Name")),
    description: text(field(checked.value, "Description")),
    query: queryText,
    type: "userDefined",
    createdTime: c.clock.now(),
  };
  c.state.queries.set(stored.queryId, stored);
  return ok([queryItem(stored)], [...checked.warnings, ...query.warnings]);
};

const getQueries: Operation = (c, route) => {
  const onlySystem = flag(route, "includeOnlySystemQueries", false);
  const withSystem = onlySystem || flag(route, "includeSystemQueries", false);
  const user = onlySystem ? [] : [...c.state.queries.values()].filter((q) => q.family === route.family);
  const all = [...user, ...(withSystem ? systemQueries(route.family, c.engine.catalog) : [])];
  const id = param(route, "queryId")?.toLowerCase();
  const name = param(route, "queryName");
  const found = all.filter(
    (q) => (id === undefined || q.queryId === id) && (name === undefined || q.name === name),
  );
  if (found.length === 0 && (id !== undefined || name !== undefined)) return fail(404, MESSAGES.notFound);
  return ok(found.map(queryItem));
};

const deleteQuery: Operation = (c, route) => {
  const id = (param(route, "queryId") ?? "").toLowerCase();
  if (systemQuery(id) !== undefined) return fail(400, MESSAGES.invalidQueryId);
  const stored = c.state.queries.get(id);
  if (stored === undefined || stored.family !== route.family) return fail(404, MESSAGES.notFound);
  c.state.queries.delete(id);
  return ok([queryItem(stored)]);
};

const tryQuery: Operation = async (c, route) => {
  const exportQuery = param(route, "exportQuery");
  const queryId = param(route, "queryId");
  if ((exportQuery === undefined) === (queryId === undefined))
    return fail(400, `${MESSAGES.badParameters}: give exactly one of exportQuery and queryId`);
  let queryText = exportQuery;
  if (queryId !== undefined) {
    const stored = findQuery(c, route.family, queryId);
    if (stored === undefined) return fail(400, MESSAGES.invalidQueryId);
    queryText = stored.query;
  }
  const checked = checkQuery(queryText ?? "", route.family, { resolve: true });
  if (!checked.ok) return failed(checked);
  const start = param(route, "startTime");
  const end = param(route, "endTime");
  const window =
    start !== undefined && end !== undefined ? explicitWindow(new Date(start), new Date(end)) : undefined;
  const options = { rowCap: TRY_QUERY.rowCap[route.family], ...(window !== undefined && { window }) };
  // The checker's own model of the query when it has one (one query, resolved); else the engine's path.
  const rows =
    checked.resolved?.ok === true
      ? await c.engine.run(checked.resolved.query, options)
      : await runQueryText(c.engine, checked.value, options);
  if (!rows.ok)
    return fail(400, "message" in rows ? rows.message : rows.problems.map((p) => p.message).join("; "));
  return ok(rows.rows, checked.warnings);
};

function refusedCallback(c: OperationContext, body: Record<string, unknown>): Answer | undefined {
  const url = text(field(body, "CallbackUrl"));
  const refused = url === null ? undefined : refusedUrl(url, c.allowPrivateCallbacks);
  if (refused === undefined) return undefined;
  // `refused` says what the URL is ("a private address", "not a URL"); private ones have a switch.
  const allow = /^a (private|shared) address/.test(refused)
    ? "; start the emulator with --allow-private-callbacks (library: allowPrivateCallbacks: true) to call it"
    : "";
  return fail(
    400,
    `${MESSAGES.badParameters}: CallbackUrl is ${refused}, which the emulator never calls${allow}`,
  );
}

const createReport: Operation = (c, route, body) => {
  const now = c.clock.now();
  const checked = checkBody(body, "createReport", route.family, now);
  if (!checked.ok) return failed(checked);
  const b = checked.value;
  const refused = refusedCallback(c, b);
  if (refused !== undefined) return refused;
  const query = findQuery(c, route.family, String(field(b, "QueryId")));
  if (query === undefined) return fail(400, MESSAGES.invalidQueryId);
  const quotas = c.quotas[route.family];
  const active = reportsOf(c, route.family).filter((r) => r.reportStatus !== "Inactive").length;
  if (quotas.activeReportsPerUser !== undefined && active >= quotas.activeReportsPerUser)
    return fail(
      400,
      `User has exceeded its report creation quota of ${quotas.activeReportsPerUser} active reports`,
    );
  const executeNow = field(b, "ExecuteNow") === true;
  if (executeNow && quotas.executeNowReportsPer60Minutes !== undefined) {
    const recent = c.state.executeNowTimes[route.family].filter((t) => t > now.getTime() - 3_600_000);
    c.state.executeNowTimes[route.family] = recent;
    if (recent.length >= quotas.executeNowReportsPer60Minutes)
      return fail(
        400,
        `User has exceeded its ExecuteNow report creation quota of ${quotas.executeNowReportsPer60Minutes} reports/60 mins`,
      );
    recent.push(now.getTime());
  }
  const report: StoredReport = {
    family: route.family,
    reportId: randomUUID(),
    reportName: String(field(b, "ReportName")),
    description: text(field(b, "Description")),
    queryId: query.queryId,
    query: query.query,
    createdTime: now,
    modifiedTime: null,
    executeNow,
    startTime: executeNow ? now : date(field(b, "StartTime")),
    reportStatus: "Active",
    recurrenceInterval: executeNow ? null : ((field(b, "RecurrenceInterval") as number | undefined) ?? null),
    recurrenceCount: executeNow ? 1 : ((field(b, "RecurrenceCount") as number | null | undefined) ?? null),
    callbackUrl: text(field(b, "CallbackUrl")),
    callbackMethod: String(field(b, "CallbackMethod") ?? "POST").toUpperCase() === "GET" ? "GET" : "POST",
    format: String(field(b, "Format") ?? "CSV").toUpperCase() === "TSV" ? "TSV" : "CSV",
    queryStartTime: executeNow ? date(field(b, "QueryStartTime")) : null,
    queryEndTime: executeNow ? date(field(b, "QueryEndTime")) : null,
    runs: executeNow ? 1 : 0,
  };
  c.state.reports.set(report.reportId, report);
  if (executeNow) c.runner.executeNow(report);
  return ok([reportItem(report)], checked.warnings);
};

const getReports: Operation = (c, route) => {
  const id = param(route, "reportId")?.toLowerCase();
  const name = param(route, "reportName");
  const queryId = param(route, "queryId")?.toLowerCase();
  const found = reportsOf(c, route.family).filter(
    (r) =>
      (id === undefined || r.reportId === id) &&
      (name === undefined || r.reportName === name) &&
      (queryId === undefined || r.queryId === queryId),
  );
  if (found.length === 0 && (id ?? name ?? queryId) !== undefined) return fail(404, MESSAGES.notFound);
  return ok(found.map(reportItem));
};

function report(c: OperationContext, route: Route): StoredReport | undefined {
  const stored = c.state.reports.get((param(route, "reportId") ?? "").toLowerCase());
  return stored?.family === route.family ? stored : undefined;
}

const updateReport: Operation = (c, route, body) => {
  const stored = report(c, route);
  if (stored === undefined) return fail(404, MESSAGES.notFound);
  const checked = checkBody(body, "updateReport", route.family, c.clock.now());
  if (!checked.ok) return failed(checked);
  const b = checked.value;
  const refused = refusedCallback(c, b);
  if (refused !== undefined) return refused;
  stored.reportName = String(field(b, "ReportName"));
  if (field(b, "Description") !== undefined) stored.description = text(field(b, "Description"));
  stored.startTime = date(field(b, "StartTime"));
  stored.runs = 0;
  const interval = field(b, "RecurrenceInterval");
  if (typeof interval === "number") stored.recurrenceInterval = interval;
  const count = field(b, "RecurrenceCount");
  if (count !== undefined) stored.recurrenceCount = count as number | null;
  if (field(b, "Format") !== undefined)
    stored.format = String(field(b, "Format")).toUpperCase() === "TSV" ? "TSV" : "CSV";
  if (field(b, "CallbackUrl") !== undefined) stored.callbackUrl = text(field(b, "CallbackUrl"));
  if (field(b, "CallbackMethod") !== undefined)
    stored.callbackMethod = String(field(b, "CallbackMethod")).toUpperCase() === "GET" ? "GET" : "POST";
  stored.modifiedTime = c.clock.now();
  if (stored.reportStatus === "Inactive" && !stored.executeNow) stored.reportStatus = "Active";
  return ok([reportItem(stored)], checked.warnings);
};

const deleteReport: Operation = (c, route) => {
  const stored = report(c, route);
  if (stored === undefined) return fail(404, MESSAGES.notFound);
  c.state.reports.delete(stored.reportId);
  for (const [id, e] of c.state.executions) if (e.reportId === stored.reportId) c.state.executions.delete(id);
  return ok([reportItem(stored)]);
};

function setStatus(status: "Active" | "Paused"): Operation {
  return (c, route) => {
    const stored = report(c, route);
    if (stored === undefined) return fail(404, MESSAGES.notFound);
    if (stored.reportStatus !== "Inactive") {
      const resumed = status === "Active" && stored.reportStatus === "Paused";
      stored.reportStatus = status;
      if (resumed) c.runner.skipMissed(stored);
      stored.modifiedTime = c.clock.now();
      for (const e of c.state.executions.values())
        if (
          e.reportId === stored.reportId &&
          e.executionStatus === (status === "Paused" ? "Pending" : "Paused")
        ) {
          e.executionStatus = status === "Paused" ? "Paused" : "Pending";
          if (status === "Active") c.runner.start(e.executionId);
        }
    }
    return ok([reportItem(stored)]);
  };
}

const getExecutions: Operation = (c, route) => {
  const reportIds = new Set((route.params.get("reportId") ?? []).map((id) => id.toLowerCase()));
  const executionIds = new Set((route.params.get("executionId") ?? []).map((id) => id.toLowerCase()));
  const statuses = new Set(
    (route.params.get("executionStatus") ?? ["Completed"]).map((s) => s.toLowerCase()),
  );
  const latestOnly = flag(route, "getLatestExecution", true);
  const since = c.clock.now().getTime() - EXECUTION_HISTORY_MS;
  const matching = [...c.state.executions.values()]
    .filter(
      (e) =>
        e.family === route.family &&
        reportIds.has(e.reportId) &&
        (executionIds.size === 0 || executionIds.has(e.executionId)) &&
        statuses.has(e.executionStatus.toLowerCase()) &&
        e.dueTime.getTime() >= since,
    )
    .sort((a, b) => b.dueTime.getTime() - a.dueTime.getTime());
  // The latest execution of each report asked for.
  const chosen = latestOnly
    ? [...reportIds].flatMap((id) => matching.find((e) => e.reportId === id) ?? [])
    : matching;
  if (chosen.length === 0) return fail(404, noExecutionsMessage(route.family));
  return ok(
    chosen.flatMap((e) => {
      const r = c.state.reports.get(e.reportId);
      if (r === undefined) return [];
      c.runner.renewLink(e);
      return [executionItem(e, r, c.baseUrl())];
    }),
  );
};

const getDatasets: Operation = (_c, route) => {
  const name = param(route, "datasetName")?.toLowerCase();
  const datasets = familyCatalog(route.family).datasets.filter(
    (d) => name === undefined || d.name.toLowerCase() === name,
  );
  if (datasets.length === 0) return fail(404, MESSAGES.notFound);
  return ok(
    datasets.map((d) => ({
      datasetName: d.name,
      selectableColumns: d.columns
        .filter((col) => col.kind === "column" && !col.unconfirmed)
        .map((col) => col.name),
      availableMetrics: d.columns
        .filter((col) => col.kind === "metric" && !col.unconfirmed)
        .map((col) => col.name),
      availableDateRanges: d.dateRanges ?? [],
      ...(route.family === "mpn" &&
        d.minimumRecurrenceInterval !== null && { minimumRecurrenceInterval: d.minimumRecurrenceInterval }),
    })),
  );
};

/** Every operation of the contract by its `operationId`. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  getDatasets,
  createQuery,
  getQueries,
  tryQuery,
  deleteQuery,
  createReport,
  getReports,
  updateReport,
  deleteReport,
  pauseReport: setStatus("Paused"),
  resumeReport: setStatus("Active"),
  getExecutions,
};
