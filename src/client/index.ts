/**
 * `reportql/client`: a typed client of the Partner Center report APIs (both families) that checks
 * every request with the contract and the query checker before sending it.
 */
export type { ClientOptions, ReportClient, TokenSource } from "./client.js";
export { createClient, DEFAULT_ENDPOINT, familyOfEndpoint } from "./client.js";
export type { DownloadOptions } from "./download.js";
export type { ApiResponse } from "./envelope.js";
export { canonicalKeys, normaliseEnvelope } from "./envelope.js";
export {
  AnswerTooLargeError,
  ApiError,
  ClientError,
  DamagedFileError,
  DownloadContentError,
  DownloadInterruptedError,
  ExecutionFailedError,
  LinkExpiredError,
  MissingPackageError,
  NetworkError,
  ProxyError,
  RateLimitError,
  RedirectError,
  ReportFileChangedError,
  ReportFileFormatError,
  ReportFileGoneError,
  RequestRejectedError,
  ResponseFormatError,
  TimeoutError,
  UnexpectedAnswerError,
  WaitTimeoutError,
} from "./errors.js";
export type { ProxyEnvironment } from "./proxy.js";
export { maskCredentials, proxySettings } from "./proxy.js";
export type { RetryEvent, RetryOptions } from "./retry.js";
export { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from "./retry.js";
export type { Clock, FetchLike } from "./transport.js";
export { DEFAULT_TIMEOUT_MS } from "./transport.js";
export type {
  CallOptions,
  Dataset,
  Execution,
  OperationId,
  OperationInput,
  OperationItem,
  Operations,
  Query,
  Report,
} from "./types.js";
export type { WaitOptions, WaitProgress } from "./wait.js";
