/**
 * The emulator's query-execution core, for the HTTP layer (`reportql serve`). Import it lazily
 * (`await import(...)`): its libraries are optional peer dependencies (see deps.ts).
 */
export type { ReportFormat } from "./csv.js";
export { escapeTsv, formatCell, writeCsv, writeReport, writeTsv } from "./csv.js";
export type { ColumnPlan, DataOptions } from "./data.js";
export { planDataset, SPAN_DAYS } from "./data.js";
export type { EmulatorDeps, Importer, MissingDependencies } from "./deps.js";
export { EMULATOR_PACKAGES, installCommand, isMissing, loadEmulatorDeps } from "./deps.js";
export type { Cell, EngineOptions, EngineProblem, QueryRows, RunOptions } from "./engine.js";
export { DEFAULT_ROWS, EmulatorEngine, TRY_QUERY_ROW_CAP } from "./engine.js";
export { storageType, timeColumn, valueKind } from "./infer.js";
export type { PreparedQuery } from "./query.js";
export { prepareQuery, runQueryText } from "./query.js";
export type { StorageType, TableLayout, TranslateOptions, Translation } from "./sql.js";
export { quoteIdentifier, translate } from "./sql.js";
export type { TimeWindow } from "./window.js";
export { explicitWindow, timespanWindow } from "./window.js";
