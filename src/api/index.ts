/**
 * The API contract of the Partner Center report APIs (issue 13): schemas, endpoints, OpenAPI, and the
 * checks of request bodies and request files. Browser-safe: no Node imports, no I/O.
 */
export { checkRequestFile, isRequestFilePath, type RequestFileResult } from "./check-request-file.js";
export type { Endpoint, HttpMethod, Parameter, ParameterCheck } from "./endpoints.js";
export { ENDPOINTS } from "./endpoints.js";
export type { ApiRoot, DocumentedError, Family, SystemQuery } from "./facts.js";
export {
  API_HOST,
  API_ROOTS,
  DOCUMENTED_ERRORS,
  QUOTAS,
  RECURRENCE_INTERVAL,
  SYSTEM_QUERIES,
  systemQuery,
} from "./facts.js";
export type { HttpFile, HttpRequest } from "./http-file.js";
export { parseHttpFile } from "./http-file.js";
export type { BodyReport } from "./json-bodies.js";
export { detectBodyKind } from "./json-bodies.js";
export { requestJsonSchemas } from "./json-schemas.js";
export type { OpenApiOptions } from "./openapi.js";
export { openApiDocument } from "./openapi.js";
export type { RequestCheckOptions } from "./rules.js";
export type {
  BodyKind,
  ContractOptions,
  CreateQueryBody,
  CreateReportBody,
  FamilyOrAny,
  UpdateReportBody,
} from "./schemas.js";
export {
  bodySchema,
  createQueryBody,
  createReportBody,
  datasetItem,
  envelope,
  executionItem,
  queryItem,
  reportItem,
  updateReportBody,
} from "./schemas.js";
