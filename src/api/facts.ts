/**
 * Facts about the Partner Center report APIs that the contract is built from: roots, limits, system
 * query ids, documented error messages and quotas. Each is copied from the public documentation, with
 * its source in brackets: [mpn] = the insights pages (`insights-programmatic-*.md`, 2021-07 to 2023-08),
 * [cmp] = the commercial marketplace pages (`analytics-*.md`, 2022-02/03), [cmp-2021] = the marketplace
 * pages of 3/08/2021, [samples] = Microsoft's ProgrammaticExportSampleApp repositories (2021-03),
 * [third-party] = a public client not written by Microsoft. This file is data: the schemas
 * (`schemas.ts`), the rules (`rules.ts`) and the OpenAPI document all read it, nothing restates it.
 */

/** The two API families: Partner Insights (`mpn`) and commercial marketplace analytics (`cmp`). */
export type Family = "mpn" | "cmp";
export const FAMILIES: readonly Family[] = ["mpn", "cmp"];

/** The catalog family name (`src/semantic/catalog.ts`) of an API family. */
export const CATALOG_FAMILY: Readonly<Record<Family, "insights" | "marketplace">> = {
  mpn: "insights",
  cmp: "marketplace",
};

/** The API family that serves a catalog family's datasets (`marketplace` → `cmp`). */
export function apiOfCatalog(catalogFamily: "insights" | "marketplace"): Family {
  return catalogFamily === "insights" ? "mpn" : "cmp";
}

/** The host of both families [mpn] [cmp]. */
export const API_HOST = "https://api.partnercenter.microsoft.com";

/** A path prefix under which the operations live. */
export interface ApiRoot {
  readonly path: string;
  readonly family: Family;
  /** Whether Microsoft documents it; the others are seen in clients only. */
  readonly documented: boolean;
  readonly source: string;
}

export const API_ROOTS: readonly ApiRoot[] = [
  { path: "/insights/v1/mpn", family: "mpn", documented: true, source: "[mpn] programmatic access pages" },
  { path: "/insights/v1/cmp", family: "cmp", documented: true, source: "[cmp] programmatic access pages" },
  // A third-party Power Platform connector's README claims this root; no Microsoft page shows it.
  { path: "/insights/v1.1/cmp", family: "cmp", documented: false, source: "[third-party] connector README" },
  // The 2021 marketplace sample app's settings (and one path of the MPN sample) use this form.
  { path: "/analytics/cmp", family: "cmp", documented: false, source: "[samples] 2021 appsettings" },
];

/** The documented root of a family. */
export function documentedRoot(family: Family): string {
  return family === "mpn" ? "/insights/v1/mpn" : "/insights/v1/cmp";
}

/** Where a bound was read, named in messages so users can judge a contradiction themselves. */
export interface SourcedBound {
  readonly value: number;
  readonly source: string;
}

/**
 * `RecurrenceInterval` bounds in hours. The minimum is 4 everywhere. The maximum contradicts itself
 * across pages: 2160 on the mpn pages, the 2022 cmp FAQ and the current cmp page; 90 on the cmp
 * programmatic-access page of 03/14/2022 and the cmp FAQ of 3/08/2021. The newest source (the 2022 cmp
 * FAQ, "Recurrence Interval must be between 4 and 2160") wins by default; `maxRecurrenceInterval`
 * in the check options overrides it per family.
 */
export const RECURRENCE_INTERVAL = {
  minimum: 4,
  maximum: {
    mpn: { value: 2160, source: "insights create-report page, 2023" },
    cmp: { value: 2160, source: "marketplace FAQ 2022; pages of 2021 said 90" },
  } satisfies Record<Family, SourcedBound>,
  /** For a `.json` file, whose family is unknown. */
  anySource: "newest insights and marketplace pages; marketplace pages of 2021 said 90",
} as const;

/** Text limits [cmp FAQ]: "Limit ReportName and Description length to 256 characters or less". */
export const MAX_REPORT_TEXT_LENGTH = 256;

/** The service's time format [mpn] [cmp]: UTC, `yyyy-MM-ddTHH:mm:ssZ`. */
export const TIME_FORMAT = "yyyy-MM-ddTHH:mm:ssZ";

/** [mpn] [cmp FAQ]: "Start time of report should at least be 4 hours from current UTC time". */
export const START_TIME_LEAD_HOURS = 4;

export const REPORT_FORMATS = ["CSV", "TSV"] as const;
export const CALLBACK_METHODS = ["GET", "POST"] as const;
export const EXECUTION_STATUSES = ["Pending", "Running", "Paused", "Completed"] as const;
export const REPORT_STATUSES = ["Active", "Paused", "Inactive"] as const;
export const QUERY_TYPES = ["userDefined", "system"] as const;

/** A published system query: a stored query with a fixed id, usable directly in a Create Report. */
export interface SystemQuery {
  readonly id: string;
  readonly family: Family;
  readonly dataset: string;
}

/**
 * System query ids [mpn] `insights-programmatic-system-queries.md` (2023 and the 2021 es-es snapshot
 * for EMSUsage and CLASD365Propensity) and [cmp] `analytics-system-queries.md`. The ISVQualityOfService
 * id is published as it is here, not a UUID (it holds `q` and `v`).
 */
export const SYSTEM_QUERIES: readonly SystemQuery[] = [
  { id: "6664daf3-c161-423a-92a1-0ea6db2c0384", family: "mpn", dataset: "CustomersAndTenants" },
  { id: "c9fc1c79-4408-49ff-97f9-e1aa3f155804", family: "mpn", dataset: "SeatsSubscriptionsAndRevenue" },
  { id: "d1a4d75e-5ca8-4847-845f-ee0a9be6f07b", family: "mpn", dataset: "AzureUsage" },
  { id: "6209a8fd-93af-442e-8b3f-3df0f77e8463", family: "mpn", dataset: "DynamicsUsage" },
  { id: "40ebfe2f-7183-4427-a911-5c9b45b6df15", family: "mpn", dataset: "PowerBIUsage" },
  { id: "d7f20ea4-8751-4d6b-b1d7-821c316acd6a", family: "mpn", dataset: "EMSUsage" },
  { id: "c4fc87ac-4cca-44cd-bf4d-835ac513f9ee", family: "mpn", dataset: "CLASAgreementRenewalsPropensity" },
  { id: "9a18bd70-8f90-4bd2-8266-5f6e453e3ee7", family: "mpn", dataset: "CLASAzurePropensity" },
  { id: "258fdcac-6e9c-4072-af27-b1b3d97be16c", family: "mpn", dataset: "CLASD365Propensity" },
  { id: "fbe00e32-fdde-4465-b3e4-41bbd021a130", family: "mpn", dataset: "CLASM365Propensity" },
  { id: "817fe875-acb0-4c45-9201-b7a35a60235a", family: "mpn", dataset: "TeamsUsageWorkload" },
  { id: "b7bd73a8-47e8-4c57-b915-445708cfd7bf", family: "mpn", dataset: "TeamsUsageMeetingsAndCalls" },
  { id: "0e06c7c3-75ab-4cd5-8178-8cf1a2de49cc", family: "mpn", dataset: "MSLearn" },
  { id: "b9df4929-073f-4795-b0cb-a2c81b11e28d", family: "cmp", dataset: "ISVCustomer" },
  { id: "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", family: "cmp", dataset: "ISVOrder" },
  { id: "6fd7624b-aa9f-42df-a61d-67d42fd00e92", family: "cmp", dataset: "ISVMarketplaceInsights" },
  { id: "bf54dde4-7dc4-492f-a69a-f45de049bfcb", family: "cmp", dataset: "ISVRevenue" },
  { id: "q9df4939-073f-5795-b0cb-v2c81d11e58d", family: "cmp", dataset: "ISVQualityOfService" },
  { id: "6d37d057-06f3-45aa-a971-3a34415e8511", family: "cmp", dataset: "ISVOfferRetention" },
];

/** The system query with this id (ids compare without regard to case), if any. */
export function systemQuery(id: string): SystemQuery | undefined {
  const lower = id.trim().toLowerCase();
  return SYSTEM_QUERIES.find((q) => q.id === lower);
}

/** Quotas [cmp FAQ]; the mpn pages state none. */
export const QUOTAS = {
  cmp: {
    activeQueries: 100,
    activeReportsPerUser: 50,
    executeNowReportsPer60Minutes: 5,
  },
} as const;

/** Rows a try-query run returns: 100 on the mpn try page, 10 on the cmp try page and API lists. */
export const TRY_QUERY = {
  timeoutSeconds: 100,
  rowCap: { mpn: 100, cmp: 10 },
} as const;

/** A documented error answer. */
export interface DocumentedError {
  readonly status: number;
  readonly message: string;
  /** The families whose FAQ lists it. */
  readonly families: readonly Family[];
}

/** The FAQ pages' error catalogue [mpn FAQ] [cmp FAQ], messages as published. */
export const DOCUMENTED_ERRORS: readonly DocumentedError[] = [
  { status: 401, message: "Unauthorized", families: ["mpn", "cmp"] },
  { status: 400, message: "Invalid table name", families: ["mpn", "cmp"] },
  { status: 400, message: "Incorrect column name", families: ["mpn", "cmp"] },
  { status: 400, message: "Null or missing value", families: ["mpn", "cmp"] },
  { status: 400, message: "Invalid report parameters", families: ["mpn", "cmp"] },
  { status: 400, message: "Recurrence Interval must be between 4 and 2160", families: ["mpn", "cmp"] },
  { status: 400, message: "Invalid QueryId", families: ["mpn", "cmp"] },
  {
    status: 400,
    message:
      "Invalid report parameters for creation - Start time of report should at least be 4 hours from current UTC time",
    families: ["mpn", "cmp"],
  },
  { status: 400, message: "Requested value 'string' not found", families: ["mpn", "cmp"] },
  {
    status: 400,
    message: "Invalid report parameters for creation - StartTime should follow format: yyyy-MM-ddTHH:mm:ssZ",
    families: ["cmp"],
  },
  {
    status: 400,
    message: "Invalid report parameters for creation - EndTime should be greater than StartTime",
    families: ["cmp"],
  },
  {
    status: 400,
    message: "Invalid report parameters for creation - EndTime should follow format: yyyy-MM-ddTHH:mm:ssZ",
    families: ["cmp"],
  },
  {
    status: 400,
    message: "Invalid report parameters for creation - Report format should be csv/tsv",
    families: ["cmp"],
  },
  {
    status: 400,
    message: "Invalid report parameters for creation - Invalid character (;) in ReportName",
    families: ["cmp"],
  },
  {
    status: 400,
    message: "Invalid report parameters for creation - CallbackMethod can only be GET or POST",
    families: ["cmp"],
  },
  {
    status: 400,
    message: "Invalid report parameters for creation - Recurrence count has to be a positive integer value",
    families: ["cmp"],
  },
  {
    status: 400,
    message:
      "Invalid report parameters for creation - Limit ReportName and Description length to 256 characters or less",
    families: ["cmp"],
  },
  {
    status: 400,
    message: "User has exceeded its report creation quota of 50 active reports",
    families: ["cmp"],
  },
  {
    status: 400,
    message: "User has exceeded its ExecuteNow report creation quota of 5 reports/60 mins",
    families: ["cmp"],
  },
  {
    status: 400,
    message: "Number of queries exceeded. Delete few queries before creating new queries",
    families: ["cmp"],
  },
  { status: 404, message: "No item found with given filters.", families: ["mpn", "cmp"] },
  {
    status: 404,
    message: "There are no executions that have occurred for the given filter conditions.",
    families: ["mpn", "cmp"],
  },
  {
    status: 500,
    message: "Internal error encountered while creating report. Correlation ID <>",
    families: ["mpn", "cmp"],
  },
  { status: 500, message: "Service unavailable", families: ["mpn", "cmp"] },
];
