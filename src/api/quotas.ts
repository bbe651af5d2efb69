/**
 * The marketplace quotas (`QUOTAS` in `facts.ts`, from the cmp FAQ) checked over the request bodies
 * a user keeps: Create Report Query bodies against the active-query quota, scheduled Create Report
 * bodies against the active-report quota, `ExecuteNow` ones against the hourly quota. The counts run
 * over one file, or over a whole project when the caller passes the counts of the files before it
 * (`src/lint/project.ts` does). The bodies past a quota are flagged. Pure.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic, makeVariant } from "../diagnostics/make.js";
import { DOCUMENTED_ERRORS, QUOTAS } from "./facts.js";
import type { BodyReport } from "./json-bodies.js";

/** Bodies counted so far, by quota. */
export interface QuotaCounts {
  readonly queries: number;
  readonly reports: number;
  readonly executeNow: number;
}

export const NO_QUOTA_COUNTS: QuotaCounts = { queries: 0, reports: 0, executeNow: 0 };

/** What the counts run over: one file, or every file of a run. */
export type QuotaScope = "file" | "run";

const SOURCE = "marketplace FAQ";

/** The documented error message starting with `prefix`, as the service words it. */
function documented(prefix: string): string {
  return DOCUMENTED_ERRORS.find((e) => e.message.startsWith(prefix))?.message ?? prefix;
}

interface Quota {
  readonly name: keyof QuotaCounts;
  readonly limit: number;
  readonly counts: (body: BodyReport) => boolean;
  readonly error: string;
}

/** Insights (mpn) pages state no quota: only marketplace bodies, and those of unknown family, count. */
const marketplace = (body: BodyReport) => body.family !== "mpn";

const QUOTA_RULES: readonly Quota[] = [
  {
    name: "queries",
    limit: QUOTAS.cmp.activeQueries,
    counts: (b) => marketplace(b) && b.kind === "createQuery",
    error: documented("Number of queries exceeded"),
  },
  {
    name: "reports",
    limit: QUOTAS.cmp.activeReportsPerUser,
    counts: (b) => marketplace(b) && b.kind === "createReport" && !b.executeNow,
    error: documented("User has exceeded its report creation quota"),
  },
  {
    name: "executeNow",
    limit: QUOTAS.cmp.executeNowReportsPer60Minutes,
    counts: (b) => marketplace(b) && b.kind === "createReport" && b.executeNow,
    error: documented("User has exceeded its ExecuteNow"),
  },
];

/**
 * The quota diagnostics of a file's bodies (in file order), counting from `before` (the bodies of
 * the files before it in the run), and the counts after it.
 */
export function quotaDiagnostics(
  bodies: readonly BodyReport[],
  before: QuotaCounts = NO_QUOTA_COUNTS,
  scope: QuotaScope = "file",
): { diagnostics: Diagnostic[]; after: QuotaCounts } {
  const counts = { ...before };
  const diagnostics: Diagnostic[] = [];
  for (const body of bodies) {
    for (const quota of QUOTA_RULES) {
      if (!quota.counts(body)) continue;
      const count = ++counts[quota.name];
      if (count <= quota.limit) continue;
      const data = { count, scope, limit: quota.limit, source: SOURCE, error: quota.error };
      diagnostics.push(
        quota.name === "queries"
          ? makeDiagnostic("RQ3042", body.span, data)
          : makeVariant("RQ3042", quota.name, body.span, data),
      );
    }
  }
  return { diagnostics, after: counts };
}
