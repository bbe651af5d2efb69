/**
 * Every operation of both API families as data (api-facts §3): method, path under the family root,
 * path and query parameters, request body, response item, documented status codes. The OpenAPI
 * document (`openapi.ts`) and the request-file checks (`http-file.ts`) both read this table.
 */
import * as z from "zod";
import { EXECUTION_STATUSES, type Family } from "./facts.js";
import {
  type BodyKind,
  datasetItem,
  executionItem,
  type FamilyOrAny,
  guid,
  queryItem,
  reportItem,
  resultRow,
  utcTime,
} from "./schemas.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** How a parameter's value is checked beyond its schema. */
export type ParameterCheck =
  | "query-id"
  | "id"
  | "boolean"
  | "execution-status"
  | "time"
  | "query-text"
  | "dataset";

/** A path or query parameter. */
export interface Parameter {
  readonly name: string;
  readonly in: "path" | "query";
  readonly required: boolean;
  readonly description: string;
  /** Several values joined with `;` (api-facts §3.10). */
  readonly list?: boolean;
  readonly check?: ParameterCheck;
  /** Documented for one family only. */
  readonly family?: Family;
}

/** One operation. */
export interface Endpoint {
  readonly operationId: string;
  readonly summary: string;
  readonly method: HttpMethod;
  /** Under the family root, with `{name}` path parameters. */
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body?: BodyKind;
  /** The item schema inside the response envelope. */
  readonly item: (family: FamilyOrAny) => z.ZodType;
  readonly statusCodes: readonly number[];
  readonly description?: string;
}

const ALL_CODES = [200, 400, 401, 403, 404, 500] as const;

const reportIdPath = {
  name: "reportId",
  in: "path",
  required: true,
  description: "The report's id",
  check: "id",
} as const satisfies Parameter;

/**
 * The table with its literal types kept, so the typed client (`src/client/`) derives each method's
 * parameters, body and item type from it instead of restating them.
 */
const ENDPOINT_TABLE = [
  {
    operationId: "getDatasets",
    summary: "Get all datasets",
    method: "GET",
    path: "/ScheduledDataset",
    parameters: [
      {
        name: "datasetName",
        in: "query",
        required: false,
        description: "Only this dataset",
        check: "dataset",
      },
    ],
    item: datasetItem,
    statusCodes: ALL_CODES,
  },
  {
    operationId: "createQuery",
    summary: "Create report query",
    method: "POST",
    path: "/ScheduledQueries",
    parameters: [],
    body: "createQuery",
    item: queryItem,
    statusCodes: [200, 400, 401, 403, 500],
    description: "cmp quota: 100 active queries (`Number of queries exceeded. ...`).",
  },
  {
    operationId: "getQueries",
    summary: "Get report queries",
    method: "GET",
    path: "/ScheduledQueries",
    parameters: [
      { name: "queryId", in: "query", required: false, description: "Only this query", check: "query-id" },
      { name: "queryName", in: "query", required: false, description: "Only queries of this name" },
      {
        name: "includeSystemQueries",
        in: "query",
        required: false,
        description: "Include system queries",
        check: "boolean",
      },
      {
        name: "includeOnlySystemQueries",
        in: "query",
        required: false,
        description: "Only system queries",
        check: "boolean",
      },
    ],
    item: queryItem,
    statusCodes: ALL_CODES,
  },
  {
    operationId: "tryQuery",
    summary: "Try (test) a report query",
    method: "GET",
    path: "/ScheduledQueries/testQueryResult",
    parameters: [
      {
        name: "exportQuery",
        in: "query",
        required: false,
        description: "Query text, URL-encoded; exclusive with queryId",
        check: "query-text",
      },
      {
        name: "queryId",
        in: "query",
        required: false,
        description: "An existing query; exclusive with exportQuery",
        check: "query-id",
      },
      {
        name: "startTime",
        in: "query",
        required: false,
        description: "Overrides TIMESPAN",
        check: "time",
        family: "mpn",
      },
      {
        name: "endTime",
        in: "query",
        required: false,
        description: "Overrides TIMESPAN",
        check: "time",
        family: "mpn",
      },
    ],
    item: () => resultRow,
    statusCodes: ALL_CODES,
    description: "Runs for at most 100 seconds; returns the top 100 rows (mpn) or 10 rows (cmp).",
  },
  {
    operationId: "deleteQuery",
    summary: "Delete report query",
    method: "DELETE",
    path: "/ScheduledQueries/{queryId}",
    parameters: [
      { name: "queryId", in: "path", required: true, description: "The query's id", check: "query-id" },
    ],
    item: queryItem,
    statusCodes: ALL_CODES,
  },
  {
    operationId: "createReport",
    summary: "Create report",
    method: "POST",
    path: "/ScheduledReport",
    parameters: [],
    body: "createReport",
    item: reportItem,
    statusCodes: ALL_CODES,
    description: "cmp quotas: 50 active reports per user; ExecuteNow 5 reports per 60 minutes.",
  },
  {
    operationId: "getReports",
    summary: "Get reports",
    method: "GET",
    path: "/ScheduledReport",
    parameters: [
      { name: "reportId", in: "query", required: false, description: "Only this report", check: "id" },
      { name: "reportName", in: "query", required: false, description: "Only reports of this name" },
      {
        name: "queryId",
        in: "query",
        required: false,
        description: "Only reports of this query",
        check: "query-id",
      },
    ],
    item: reportItem,
    statusCodes: ALL_CODES,
  },
  {
    operationId: "updateReport",
    summary: "Update report",
    method: "PUT",
    path: "/ScheduledReport/{reportId}",
    parameters: [reportIdPath],
    body: "updateReport",
    item: reportItem,
    statusCodes: ALL_CODES,
  },
  {
    operationId: "deleteReport",
    summary: "Delete report and its executions",
    method: "DELETE",
    path: "/ScheduledReport/{reportId}",
    parameters: [reportIdPath],
    item: reportItem,
    statusCodes: ALL_CODES,
  },
  {
    operationId: "pauseReport",
    summary: "Pause report executions",
    method: "PUT",
    path: "/ScheduledReport/pause/{reportId}",
    parameters: [reportIdPath],
    item: reportItem,
    statusCodes: ALL_CODES,
  },
  {
    operationId: "resumeReport",
    summary: "Resume report executions",
    method: "PUT",
    path: "/ScheduledReport/resume/{reportId}",
    parameters: [reportIdPath],
    item: reportItem,
    statusCodes: ALL_CODES,
  },
  {
    operationId: "getExecutions",
    summary: "Get report executions",
    method: "GET",
    path: "/ScheduledReport/execution/{reportId}",
    parameters: [
      { ...reportIdPath, description: "One or more report ids joined with ';'", list: true },
      {
        name: "executionId",
        in: "query",
        required: false,
        description: "Only these executions, joined with ';'",
        list: true,
        check: "id",
      },
      {
        name: "executionStatus",
        in: "query",
        required: false,
        description: `${EXECUTION_STATUSES.join(", ")} joined with ';'; Completed by default`,
        list: true,
        check: "execution-status",
      },
      {
        name: "getLatestExecution",
        in: "query",
        required: false,
        description: "Only the latest execution (default true); false gives the last 90 days",
        check: "boolean",
      },
    ],
    item: executionItem,
    statusCodes: ALL_CODES,
    description: "404 before the first completed run, because of the defaults Completed and true.",
  },
] as const satisfies readonly Endpoint[];

export const ENDPOINTS: readonly Endpoint[] = ENDPOINT_TABLE;

/** The literal type of the endpoint table. */
export type EndpointTable = typeof ENDPOINT_TABLE;

/** The Zod schema of a parameter's value, for OpenAPI. */
export function parameterSchema(parameter: Parameter): z.ZodType {
  const one = (() => {
    switch (parameter.check) {
      case "boolean":
        return z.boolean();
      case "execution-status":
        return z.enum(EXECUTION_STATUSES);
      case "time":
        return utcTime;
      case "id":
        return guid;
      default:
        return z.string();
    }
  })();
  // A `;`-joined list is one string on the wire.
  return parameter.list ? z.string().meta({ description: "Values joined with ';'" }) : one;
}

/** The parameters an endpoint documents for a family. */
export function parametersFor(endpoint: Endpoint, family: Family): readonly Parameter[] {
  return endpoint.parameters.filter((p) => p.family === undefined || p.family === family);
}
