/**
 * Lint options as a plain JavaScript caller may pass them: `null` for no options, a catalog's name, a
 * plain object of rule severities, `fix: true`. Each option of the wrong type counts as left out (or,
 * where its meaning is clear, as what it means), so the pipeline never meets a value it would throw on.
 */
import type { RequestCheckOptions } from "../api/rules.js";
import { catalogOption } from "../semantic/catalog.js";
import type { FixLevel, LintFileOptions } from "./lint-query.js";
import { severitiesOption } from "./severities.js";

const FIX_LEVELS: readonly unknown[] = ["none", "safe", "unsafe"] satisfies FixLevel[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The options with every value of a type the pipeline reads. */
export function lintOptions(raw: unknown): LintFileOptions {
  const options: Partial<Record<keyof LintFileOptions, unknown>> = isObject(raw) ? raw : {};
  const fix =
    options.fix === true ? "safe" : FIX_LEVELS.includes(options.fix) ? (options.fix as FixLevel) : "none";
  const now = options.now instanceof Date && !Number.isNaN(options.now.getTime()) ? options.now : undefined;
  return {
    catalog: catalogOption(options.catalog),
    severities: severitiesOption(options.severities),
    resolve: options.resolve === true,
    fix,
    ...(now !== undefined && { now }),
    ...(isObject(options.requests) && { requests: requestOptions(options.requests) }),
  };
}

function requestOptions(raw: Record<string, unknown>): RequestCheckOptions {
  const options = raw as RequestCheckOptions;
  const { catalog, datasetOfQuery, now, ...rest } = options;
  return {
    ...rest,
    ...(catalog !== undefined && { catalog: catalogOption(catalog) }),
    ...(typeof datasetOfQuery === "function" && { datasetOfQuery }),
    ...(now instanceof Date && !Number.isNaN(now.getTime()) && { now }),
  };
}
