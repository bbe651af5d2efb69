/**
 * Catalog entries of the request codes (RQ3xxx): API request bodies, query parameters and request
 * files, checked against the API contract (`src/api/`). Same shape and rules as `catalog.ts`, which
 * includes them in `DIAGNOSTICS` between the semantic and the tooling codes. An `example` is a JSON
 * body, or a `.http` request when the code is about requests rather than bodies; the catalog test
 * checks each with `checkRequestFile` at the clock `2026-01-01T00:00:00Z`.
 */
import type { DiagnosticDefinition } from "./catalog.js";

export const REQUEST_DIAGNOSTICS = [
  {
    code: "RQ3001",
    name: "missing-field",
    severity: "error",
    phase: "request",
    message: "`{field}` is required in the {body} body; add it",
    summary:
      "The body lacks a field the API requires; the service answers 400 `Null or missing value` or `Invalid report parameters`.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z"}',
    fix: "Add the field. `StartTime` and `RecurrenceInterval` are not needed when `ExecuteNow` is true.",
  },
  {
    code: "RQ3002",
    name: "unknown-field",
    severity: "warning",
    phase: "request",
    message: "`{key}` is not a field of the {body} body; remove it (the fields are {fields})",
    summary: "The service ignores fields it does not know, so whatever the key was meant to set is not set.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24, "Owner": "me"}',
    fix: "Remove the key, or rename it to the field it was meant to be.",
  },
  {
    code: "RQ3003",
    name: "misspelt-field",
    severity: "error",
    phase: "request",
    message: "`{key}` is not a field of the {body} body, so `{field}` is not set; write `{field}`",
    summary:
      "A key close to a real field name: the service ignores it, and the field it was meant to be is missing or left at its default.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurenceInterval": 24}',
    fix: "Rename the key (the fix does, unsafe: check it is the field you meant).",
  },
  {
    code: "RQ3004",
    name: "key-with-spaces",
    severity: "warning",
    phase: "request",
    message: "Key `{key}` has spaces around the name; write `{field}`",
    summary:
      'Samples in the documentation carry keys such as `" RecurrenceCount"`; a key with spaces is not the field\'s name, so the service may not read it.',
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24, " RecurrenceCount": 10}',
    fix: "Remove the spaces (safe).",
  },
  {
    code: "RQ3005",
    name: "duplicate-field",
    severity: "error",
    phase: "request",
    message: "`{field}` is given more than once in this body (keys match without regard to case); keep one",
    summary:
      "Keys are matched without regard to case, so `Format` and `format` are the same field; which value the service keeps is not documented.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24, "Format": "CSV", "format": "TSV"}',
    fix: "Remove all but one of the keys.",
  },
  {
    code: "RQ3006",
    name: "wrong-type",
    severity: "error",
    phase: "request",
    message: "`{field}` must be of JSON type `{expectedType}`, not `{actualType}`",
    summary: "A field holds a JSON value of the wrong type, such as a number written as a string.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": "24"}',
    fix: "Write the value with the right type. The fix unquotes a number or boolean written as a string (safe).",
  },
  {
    code: "RQ3007",
    name: "time-format",
    severity: "error",
    phase: "request",
    message: "`{field}` must be a UTC time written `yyyy-MM-ddTHH:mm:ssZ`; write `{suggestion}`",
    variants: {
      formatOnly:
        "`{field}` must be a UTC time written `yyyy-MM-ddTHH:mm:ssZ`, such as `2026-01-31T00:00:00Z`",
    },
    summary:
      "The service reads times only as `yyyy-MM-ddTHH:mm:ssZ`; other forms fail with a 500 or a 400. Microsoft's sample apps write a space instead of the `T`.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01 00:00:00Z", "RecurrenceInterval": 24}',
    fix: "Write the time in that form. The fix is safe for the space form and `+00:00`, unsafe when it assumes UTC or drops fractions.",
  },
  {
    code: "RQ3008",
    name: "start-time-too-soon",
    severity: "error",
    phase: "request",
    message: "`StartTime` {value} is less than 4 hours after now ({now}); write `{earliest}` or later",
    summary:
      "The service refuses a report whose `StartTime` is less than 4 hours ahead: `Start time of report should at least be 4 hours from current UTC time`.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-01-01T01:00:00Z", "RecurrenceInterval": 24}',
    fix: "Move `StartTime` later; the fix writes the earliest accepted hour (unsafe: it changes the schedule).",
  },
  {
    code: "RQ3009",
    name: "recurrence-interval-range",
    severity: "error",
    phase: "request",
    message:
      "`RecurrenceInterval` must be a whole number of hours from {minimum} to {maximum} on the {family} API ({source}), not {value}",
    summary:
      "The interval between reports is a whole number of hours from 4 up to 2160. A 2021 marketplace page said 90; the newest sources say 2160, and the `maxRecurrenceInterval` option changes it.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 2}',
    fix: "Write a whole number of hours in the range.",
  },
  {
    code: "RQ3010",
    name: "interval-below-dataset-minimum",
    severity: "error",
    phase: "request",
    message:
      "`RecurrenceInterval` {value} is below the {minimum} hours dataset {dataset} allows; write {minimum} or more",
    summary:
      "Each dataset has a `minimumRecurrenceInterval`; a report on a query of that dataset cannot run more often. Known for system queries and for queries the caller can look up.",
    example:
      '{"ReportName": "Dynamics", "QueryId": "6209a8fd-93af-442e-8b3f-3df0f77e8463", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 6}',
    fix: "Write the dataset's minimum or more (the fix writes the minimum, unsafe).",
  },
  {
    code: "RQ3011",
    name: "recurrence-count",
    severity: "error",
    phase: "request",
    message:
      "`RecurrenceCount` must be a positive whole number, not {value}; write 1 or more, or leave it out",
    summary:
      "The number of reports to generate is a positive integer (`Recurrence count has to be a positive integer value`); without it the report repeats indefinitely.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24, "RecurrenceCount": 0}',
    fix: "Write a positive integer, or remove the field to repeat without end.",
  },
  {
    code: "RQ3012",
    name: "report-format",
    severity: "error",
    phase: "request",
    message: "`Format` must be `CSV` or `TSV` (any case), not `{value}`",
    summary: "Reports are exported as CSV or TSV only: `Report format should be csv/tsv`.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24, "Format": "XLSX"}',
    fix: "Write `CSV` or `TSV`; the fix does when the value is close to one of them (unsafe).",
  },
  {
    code: "RQ3013",
    name: "callback-method",
    severity: "error",
    phase: "request",
    message: "`CallbackMethod` must be `GET` or `POST`, not `{value}`",
    summary: "The callback is called with GET or POST only: `CallbackMethod can only be GET or POST`.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24, "CallbackUrl": "https://example.com/ready", "CallbackMethod": "PUT"}',
    fix: "Write `GET` or `POST`.",
  },
  {
    code: "RQ3014",
    name: "callback-url",
    severity: "error",
    phase: "request",
    message:
      "`CallbackUrl` `{value}` is not an absolute http(s) URL; write one such as `https://example.com/report-ready`",
    summary:
      "The service calls the callback URL when a report is ready; it must be an absolute, publicly reachable http(s) URL.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24, "CallbackUrl": "https://<SampleCallbackUrl>"}',
    fix: "Write the full URL, with `https://` and a real host.",
  },
  {
    code: "RQ3015",
    name: "swagger-placeholder",
    severity: "error",
    phase: "request",
    message: "`{field}` still holds Swagger's placeholder `{value}`; write a real value",
    summary:
      "Bodies copied from the Swagger page keep the placeholder `\"string\"`; the service answers `Requested value 'string' not found`.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24, "Format": "string"}',
    fix: "Replace the placeholder with a real value, or remove the optional field.",
  },
  {
    code: "RQ3016",
    name: "report-name-semicolon",
    severity: "error",
    phase: "request",
    message: "`ReportName` contains `;`, which the service refuses; write the name without it",
    summary: "A report name cannot contain `;`: `Invalid character (;) in ReportName`.",
    example:
      '{"ReportName": "Orders;EU", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24}',
    fix: "Use another character; the fix writes `_` (unsafe: it renames the report).",
  },
  {
    code: "RQ3017",
    name: "text-too-long",
    severity: "error",
    phase: "request",
    message: "`{field}` is {length} characters long; the service accepts at most {maximum}",
    summary:
      "Report names and descriptions are limited: `Limit ReportName and Description length to 256 characters or less`.",
    example: `{"ReportName": "${"R".repeat(257)}", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24}`,
    fix: "Shorten the text.",
  },
  {
    code: "RQ3018",
    name: "query-time-without-execute-now",
    severity: "warning",
    phase: "request",
    message:
      "`{field}` applies only when `ExecuteNow` is true; a scheduled report ignores it and uses the query's TIMESPAN",
    summary:
      "`QueryStartTime` and `QueryEndTime` override TIMESPAN for one-off (`ExecuteNow`) reports only; the documentation's own example sends them with `ExecuteNow: false`.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24, "ExecuteNow": false, "QueryStartTime": "2025-10-01T00:00:00Z"}',
    fix: "Set `ExecuteNow` to true for a one-off report, or remove the field (the fix removes it, unsafe).",
  },
  {
    code: "RQ3019",
    name: "end-not-after-start",
    severity: "error",
    phase: "request",
    message: "`{endField}` {end} is not after `{startField}` {start}; write an end later than the start",
    summary: "A time range must end after it starts: `EndTime should be greater than StartTime`.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "ExecuteNow": true, "QueryStartTime": "2025-12-01T00:00:00Z", "QueryEndTime": "2025-11-01T00:00:00Z"}',
    fix: "Swap or correct the two times.",
  },
  {
    code: "RQ3020",
    name: "update-cannot-change",
    severity: "warning",
    phase: "request",
    message: "`{field}` is not part of an Update Report body and cannot be changed; remove it",
    summary:
      "An update changes the schedule, format and callback of a report, not its query or its one-off settings; create a new report for those.",
    example:
      "PUT https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledReport/d9548477-16d4-492a-bf9c-0cf91a9f69bf\nAuthorization: Bearer {{token}}\nContent-Type: application/json\n\n" +
      '{"ReportName": "Orders", "StartTime": "2026-02-01T00:00:00Z", "Format": "CSV", "CallbackUrl": "https://example.com/ready", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d"}',
    fix: "Remove the field (safe: the service does not apply it).",
  },
  {
    code: "RQ3021",
    name: "invalid-query-id",
    severity: "error",
    phase: "request",
    message: "`{field}` `{value}` is neither a UUID nor a known system query id",
    summary:
      "A query id is a UUID, or a published system query id (the ISVQualityOfService one is not a UUID); anything else gets `Invalid QueryId`.",
    example:
      '{"ReportName": "Orders", "QueryId": "my-orders-query", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24}',
    fix: "Write the `queryId` that Create Report Query returned, or a system query id.",
  },
  {
    code: "RQ3022",
    name: "invalid-id",
    severity: "error",
    phase: "request",
    message: "`{field}` `{value}` is not a UUID",
    summary: "Report and execution ids are UUIDs returned by the API.",
    example:
      "DELETE https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledReport/report-1\nAuthorization: Bearer {{token}}",
    fix: "Write the id the API returned.",
  },
  {
    code: "RQ3023",
    name: "system-query-of-other-family",
    severity: "error",
    phase: "request",
    message:
      "`{value}` is the {dataset} system query of the {queryFamily} API; the {family} API does not have it",
    summary:
      "System queries exist per API family: an insights (mpn) system query id sent to the marketplace (cmp) API, or the reverse, is unknown there.",
    example:
      "POST https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledReport\nAuthorization: Bearer {{token}}\nContent-Type: application/json\n\n" +
      '{"ReportName": "Customers", "QueryId": "6664daf3-c161-423a-92a1-0ea6db2c0384", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24}',
    fix: "Send the request to the other family's root, or use a query of this family.",
  },
  {
    code: "RQ3024",
    name: "dataset-of-other-family",
    severity: "warning",
    phase: "request",
    message:
      "Dataset `{dataset}` is served by the `{datasetApi}` API ({datasetFamily} datasets); this request goes to the `{family}` API",
    summary:
      "Insights datasets are queried through `/insights/v1/mpn`, marketplace datasets through `/insights/v1/cmp`.",
    example:
      "POST https://api.partnercenter.microsoft.com/insights/v1/mpn/ScheduledQueries\nAuthorization: Bearer {{token}}\nContent-Type: application/json\n\n" +
      '{"Name": "orders", "Query": "SELECT OrderId FROM ISVOrder"}',
    fix: "Send the request to the dataset's family root.",
  },
  {
    code: "RQ3025",
    name: "parameter-of-other-family",
    severity: "warning",
    phase: "request",
    message: "`{parameter}` is documented only for the {otherFamily} API; the {family} API may ignore it",
    summary:
      "The try-query API takes `startTime` and `endTime` on the insights (mpn) API only; the marketplace pages list neither.",
    example:
      "GET https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries/testQueryResult?queryId=fd0f299c-5a1c-4929-9f48-bfc6cc44355d&startTime=2025-11-01T00:00:00Z\nAuthorization: Bearer {{token}}",
    fix: "Remove the parameter, or use a TIMESPAN in the query.",
  },
  {
    code: "RQ3026",
    name: "ignored-with-execute-now",
    severity: "info",
    phase: "request",
    message: "`{field}` is ignored because `ExecuteNow` is true",
    summary:
      "A one-off report runs at once; `StartTime`, `RecurrenceInterval` and `RecurrenceCount` have no effect on it.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "ExecuteNow": true, "RecurrenceCount": 5}',
    fix: "Remove the field (safe), or set `ExecuteNow` to false for a schedule.",
  },
  {
    code: "RQ3027",
    name: "unknown-endpoint",
    severity: "error",
    phase: "request",
    message: "`{path}` is not an operation of the report API; did you mean `{suggestion}`?",
    summary: "The URL's path under the family root matches none of the documented operations.",
    example:
      "GET https://api.partnercenter.microsoft.com/insights/v1/mpn/ScheduledReports\nAuthorization: Bearer {{token}}",
    fix: "Correct the path; the fix writes the suggestion when it has no ids to fill in (unsafe).",
  },
  {
    code: "RQ3028",
    name: "method-not-allowed",
    severity: "error",
    phase: "request",
    message: "`{method}` is not an operation of `{path}`; use {methods}",
    summary: "The path exists, but not with this HTTP method.",
    example:
      "POST https://api.partnercenter.microsoft.com/insights/v1/mpn/ScheduledReport/pause/d9548477-16d4-492a-bf9c-0cf91a9f69bf\nAuthorization: Bearer {{token}}",
    fix: "Use one of the listed methods.",
  },
  {
    code: "RQ3029",
    name: "unknown-parameter",
    severity: "warning",
    phase: "request",
    message: "`{parameter}` is not a query parameter of {operation}; its parameters are {parameters}",
    summary: "The service ignores query parameters it does not know, so the filter or option is not applied.",
    example:
      "GET https://api.partnercenter.microsoft.com/insights/v1/mpn/ScheduledReport?reportNme=orders\nAuthorization: Bearer {{token}}",
    fix: "Correct the name; the fix writes the closest parameter (unsafe).",
  },
  {
    code: "RQ3030",
    name: "boolean-parameter",
    severity: "error",
    phase: "request",
    message: "`{parameter}` must be `true` or `false`, not `{value}`",
    summary: "Boolean query parameters take `true` or `false`.",
    example:
      "GET https://api.partnercenter.microsoft.com/insights/v1/mpn/ScheduledQueries?includeSystemQueries=yes\nAuthorization: Bearer {{token}}",
    fix: "Write `true` or `false`.",
  },
  {
    code: "RQ3031",
    name: "value-not-in-list",
    severity: "error",
    phase: "request",
    message: "`{value}` is not a value of `{parameter}`; write one of {values:or}",
    summary:
      "`executionStatus` takes `Pending`, `Running`, `Paused` or `Completed`, several joined with `;`.",
    example:
      "GET https://api.partnercenter.microsoft.com/insights/v1/mpn/ScheduledReport/execution/d9548477-16d4-492a-bf9c-0cf91a9f69bf?executionStatus=Done\nAuthorization: Bearer {{token}}",
    fix: "Write one of the listed values; the fix does when one is close (unsafe).",
  },
  {
    code: "RQ3032",
    name: "try-query-source",
    severity: "error",
    phase: "request",
    message: "`testQueryResult` takes exactly one of `exportQuery` and `queryId`",
    variants: {
      neither:
        "`testQueryResult` takes exactly one of `exportQuery` and `queryId`; this request gives neither",
      both: "`testQueryResult` takes exactly one of `exportQuery` and `queryId`; this request gives both",
    },
    summary:
      "The try-query API runs either the query text in `exportQuery` or the stored query `queryId`, never both, never neither.",
    example:
      "GET https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries/testQueryResult\nAuthorization: Bearer {{token}}",
    fix: "Give `exportQuery=<URL-encoded query>` or `queryId=<id>`.",
  },
  {
    code: "RQ3033",
    name: "missing-authorization",
    severity: "error",
    phase: "request",
    message:
      "The request sends no `Authorization: Bearer` token; add the header `Authorization: Bearer <token>`",
    summary:
      "Every call needs an Entra ID access token in `Authorization: Bearer <token>`; the service answers 401 `Unauthorized` otherwise (a public client's `X-AadUserTicket` header is not documented).",
    example: "GET https://api.partnercenter.microsoft.com/insights/v1/mpn/ScheduledDataset",
    fix: "Add the header, typically `Authorization: Bearer {{token}}` with a file variable.",
  },
  {
    code: "RQ3034",
    name: "undocumented-root",
    severity: "warning",
    phase: "request",
    message: "`{root}` is not a documented API root ({source}); the documented root is `{documented}`",
    summary:
      "`/insights/v1.1/cmp` appears only in a third-party connector and `/analytics/cmp` only in a 2021 sample app; the documentation uses `/insights/v1/mpn` and `/insights/v1/cmp`.",
    example:
      "GET https://api.partnercenter.microsoft.com/analytics/cmp/ScheduledDataset\nAuthorization: Bearer {{token}}",
    fix: "Use the documented root (the fix writes it, unsafe).",
  },
  {
    code: "RQ3035",
    name: "body-kind-mismatch",
    severity: "error",
    phase: "request",
    message: "`{operation}` takes the {expectedBody} body, but this body is the {foundBody} body",
    summary:
      "The body sent does not belong to the operation: for example a Create Report Query body sent to `/ScheduledReport`.",
    example:
      "POST https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledReport\nAuthorization: Bearer {{token}}\nContent-Type: application/json\n\n" +
      '{"Name": "orders", "Query": "SELECT OrderId FROM ISVOrder"}',
    fix: "Send the body to its operation, or write the body the operation takes.",
  },
  {
    code: "RQ3036",
    name: "missing-body",
    severity: "error",
    phase: "request",
    message: "`{operation}` needs the {expectedBody} body as JSON; add it after a blank line",
    summary: "Create and update requests carry a JSON body after the headers and a blank line.",
    example:
      "POST https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries\nAuthorization: Bearer {{token}}",
    fix: "Add the body.",
  },
  {
    code: "RQ3037",
    name: "invalid-json-body",
    severity: "error",
    phase: "request",
    message: "The request body is not valid JSON ({reason}); the service refuses it",
    summary: "The body of a request in a `.http` file must be strict JSON: no comments, no trailing commas.",
    example:
      "POST https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries\nAuthorization: Bearer {{token}}\nContent-Type: application/json\n\n" +
      '{"Name": "orders", "Query": "SELECT OrderId FROM ISVOrder",}',
    fix: "Fix the JSON syntax at the reported position.",
  },
  {
    code: "RQ3038",
    name: "empty-field",
    severity: "error",
    phase: "request",
    message: "`{field}` is empty; write a value",
    summary: "A required text field holds an empty string, which the service treats as missing.",
    example:
      '{"ReportName": "", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24}',
    fix: "Write the value.",
  },
  {
    code: "RQ3039",
    name: "callback-not-public",
    severity: "warning",
    phase: "request",
    message:
      "`CallbackUrl` host `{host}` is not reachable from the internet; the service cannot call `{value}`",
    summary:
      "The service calls the callback URL from Microsoft's side when a report is ready, so it must be publicly reachable; loopback, private and link-local addresses are not.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24, "CallbackUrl": "http://localhost:8080/ready"}',
    fix: "Use a public URL (a tunnel while developing), or poll the executions API instead.",
  },
  {
    code: "RQ3040",
    name: "unknown-dataset-name",
    severity: "warning",
    phase: "request",
    message:
      "Dataset `{dataset}` is not a dataset of the {family} API in the catalog; did you mean `{suggestion}`?",
    summary:
      "`datasetName` filters the datasets API; a name the catalog does not know for this family returns nothing.",
    example:
      "GET https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledDataset?datasetName=ISVOrders\nAuthorization: Bearer {{token}}",
    fix: "Write the dataset's name; the fix writes the closest one (unsafe).",
  },
  {
    code: "RQ3041",
    name: "json-content-type",
    severity: "warning",
    phase: "request",
    message:
      "The JSON body is sent with content type `{found}`; add the header `Content-Type: application/json`",
    variants: {
      missing:
        "The JSON body is sent without a content type; add the header `Content-Type: application/json`",
    },
    summary:
      "The documentation lists `Content-Type: application/json` for every call; without it the service may not read the body as JSON (ASP.NET answers 415).",
    example:
      "POST https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries\nAuthorization: Bearer {{token}}\n\n" +
      '{"Name": "orders", "Query": "SELECT OrderId FROM ISVOrder"}',
    fix: "Add the header (safe); the documentation's `Application/JSON` spelling is accepted too.",
  },
  {
    code: "RQ3042",
    name: "quota-exceeded",
    severity: "warning",
    phase: "request",
    message:
      "This is Create Report Query body {count} of this {scope}, over the marketplace quota of {limit} active queries ({source}); past it the service answers 400 `{error}`: delete queries you no longer need first",
    variants: {
      reports:
        "This is scheduled Create Report body {count} of this {scope}, over the marketplace quota of {limit} active reports per user ({source}); past it the service answers 400 `{error}`: delete or pause reports first",
      executeNow:
        "This is `ExecuteNow` Create Report body {count} of this {scope}, over the marketplace quota of {limit} per 60 minutes ({source}); sent within an hour, it gets 400 `{error}`: send it later",
    },
    summary:
      "The marketplace FAQ documents quotas: 100 active queries, 50 active reports per user and 5 `ExecuteNow` reports per 60 minutes. Bodies are counted in one file, or across every file of a run linted as a project (`lintProject` in the lint layer); the bodies past a quota are flagged. Queries and reports already on the account count too but cannot be seen here, so this is a lower bound. Insights (mpn) requests are not counted: their pages state no quota; a `.json` body, whose family is unknown, is.",
    example: `[${Array.from(
      { length: 6 },
      (_, i) =>
        `{"ReportName": "Now${i + 1}", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "ExecuteNow": true}`,
    ).join(", ")}]`,
    fix: "Keep fewer bodies in the project, or delete (pause) queries and reports on the account before sending more.",
  },
  {
    code: "RQ3043",
    name: "query-with-variable",
    severity: "info",
    phase: "request",
    message:
      "This query holds `{variable}`, a variable the HTTP client fills in when it sends the request: reportql cannot know its value, so the query is not checked",
    summary:
      "In a `.http` file, `{{name}}` in a `Query` body field or an `exportQuery` parameter is filled in by the HTTP client (from an environment file or a variable), so the query text reportql sees is not the one sent. Rather than report the braces as syntax errors, the query is left unchecked, and this note says so.",
    example:
      "POST https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries\nAuthorization: Bearer {{token}}\nContent-Type: application/json\n\n" +
      '{"Name": "orders", "Query": "SELECT {{columns}} FROM ISVOrder TIMESPAN LAST_MONTH"}',
    fix: "Write the query out in full to have it checked, or check the query on its own (a `.rql` file).",
  },
  {
    code: "RQ3044",
    name: "body-too-deep",
    severity: "error",
    phase: "request",
    message:
      "This body is nested deeper than 64 levels; what lies deeper is not checked. A request body's fields are strings, numbers and booleans: remove the nesting",
    summary:
      "Arrays and objects nested more than 64 levels deep are not read (reading them could exhaust the stack), so what they hold is not checked. No field of a request body takes such a value: the body breaks the contract wherever it sits. The span is the array or object that opens at depth 65; the rest of the body is still checked.",
    example: `{"Name": "orders", "Query": "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH", "Description": ${"[".repeat(64)}${"]".repeat(64)}}`,
    fix: "Remove the nesting: give each field a string, number or boolean, as the API documents it.",
  },
  {
    code: "RQ3045",
    name: "callback-url-query",
    severity: "warning",
    phase: "request",
    message:
      "`CallbackUrl` `{value}` has a query string, and with `CallbackMethod` POST the service calls `<CallbackUrl>/<reportId>`: the report id lands inside the query (`{called}`), not in the path. Carry those values in the path, or use `CallbackMethod` GET, which adds `reportId` to the query",
    variants: {
      fragment:
        "`CallbackUrl` `{value}` has a fragment (`#...`), which an HTTP call never sends: the service's call reaches `{called}`{lost}. Remove the fragment",
    },
    summary:
      "The documentation composes the callback by text: with POST (the default) `<CallbackUrl>/<reportId>`, with GET `<CallbackUrl>?reportId=<reportId>`. A query string in a POST callback URL therefore gets `/<reportId>` appended to its last value (`https://example.com/ready?token=1/<reportId>`), and a fragment is dropped by every HTTP client, with the report id in it when the method is POST. `reportql serve` calls the URL composed the same way and journals the URL it called.",
    example:
      '{"ReportName": "Orders", "QueryId": "fd0f299c-5a1c-4929-9f48-bfc6cc44355d", "StartTime": "2026-02-01T00:00:00Z", "RecurrenceInterval": 24, "CallbackUrl": "https://example.com/ready?token=1"}',
    fix: "Put what the query or fragment carried in the path (`https://example.com/ready/1`), or, for a query, use `CallbackMethod` GET; for a fragment, the fix removes it (unsafe: the call changes).",
  },
] as const satisfies readonly DiagnosticDefinition[];
