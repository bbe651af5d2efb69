/** Help texts. Kept next to each other so that `--help` and the README say the same. */

export const MAIN_HELP = `Usage: reportql <command> [options]

Lint, fix and format Partner Center report queries (.rql files, JSON request bodies, .http/.rest files).

Commands:
  check [paths...]        Check query files (default: the current folder)
  format [paths...]       Format .rql files
  catalog [list|show DS]  List the datasets of a catalog, or the columns of one
  rules                   List every diagnostic code with its default severity
  openapi                 Print the OpenAPI 3.1 document of the Partner Center report APIs
  explain CODE            Explain a diagnostic code (for example RQ1002)
  lsp --stdio             Run the language server for editors (JSON-RPC on standard input/output)
  serve                   Run a local emulator of the report APIs (needs the optional engine packages)
  run FILE.rql            Check a query, run it once on the service and download the report
  pull DIR                Write the account's queries to DIR as .rql files
  push DIR                Create the queries (and reports.json's reports) of DIR that the service lacks

Options:
  -h, --help              Show help (also: reportql <command> --help)
  -v, --version           Show the version
  --color, --no-color     Colours on or off, for any command (default: on a terminal, unless NO_COLOR)

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage, configuration or internal error.
`;

export const CHECK_HELP = `Usage: reportql check [paths or globs...] [options]

Checks .rql files (queries separated by ;), .json files holding API request bodies (Create Report
Query, Create Report, Update Report, or an array of them) and .http/.rest request files: the requests
against the API contract, the queries they hold with the query checker. Other JSON is skipped silently.
Folders are walked, dot-folders excepted; paths ignored by .gitignore, .reportqlignore or the
configuration's "ignore" globs are skipped (named on the command line, they are reported as ignored).

Options:
  --catalog <name|file>     insights, marketplace, all (default) or a catalog file: a saved
                            ScheduledDataset response or a reportql catalog
  --format <format>         stylish (default), compact, json, sarif, github, junit, gitlab
  -o, --output-file <file>  Write the report to a file instead of standard output
  --fix                     Apply safe fixes to the files
  --fix-dry-run             Compute the fixes without writing; the json format shows the fixed text
  --unsafe-fixes            With --fix or --fix-dry-run, apply unsafe fixes too
  --max-warnings <n>        Exit with 1 when there are more than n warnings
  --quiet                   Report and count errors only
  --stdin, -                Check standard input instead of files
  --stdin-filename <name>   The name to report standard input under (its extension picks .rql, .json or .http/.rest)
  -c, --config <file>       Use this configuration file instead of searching for one
  --no-config               Ignore configuration files
  --rule <code:severity>    Set a rule's severity (off, hint, info, warn, error); repeatable: --rule RQ2015:off
  --no-ignore               Also check files that .gitignore, .reportqlignore or "ignore" exclude
  -h, --help                Show this help
`;

export const FORMAT_HELP = `Usage: reportql format [paths...] [options]

Formats .rql files: upper-case keywords, one clause per line, comments kept. Without --check or
--write, prints the formatted text.

Options:
  --check                Exit with 1 when a file is not formatted (lists the files)
  --write                Write the formatted text back to the files
  --normalize-names      Also write dataset and column names in the catalog's spelling
  --catalog <name|file>  The catalog for --normalize-names (default: all); without
                         --normalize-names it is unused, and a warning says so
  --stdin, -             Format standard input
  -c, --config <file>    Use this configuration file instead of searching for one
  --no-config            Ignore configuration files
  --no-ignore            Also format files that .gitignore, .reportqlignore or "ignore" exclude
  -h, --help             Show this help
`;

export const CATALOG_HELP = `Usage: reportql catalog [list | show DATASET] [options]

Options:
  --catalog <name|file>  insights, marketplace, all (default) or a catalog file
  --format <text|json>   text (default), or json (reportql's catalog format)
  -c, --config <file>    Use this configuration file instead of searching for one
  --no-config            Ignore configuration files
  -h, --help             Show this help
`;

export const EXPLAIN_HELP = `Usage: reportql explain CODE

Shows what a diagnostic means, an example, and how to fix it. CODE is a code (RQ1002) or a name
(typographic-quotes).
`;

export const RULES_HELP = `Usage: reportql rules [--format text|json]

Lists every diagnostic code with its name, default severity and what it means. Change a severity
with the configuration's "rules" or --rule CODE:severity; \`reportql explain CODE\` shows more.
`;

export const OPENAPI_HELP = `Usage: reportql openapi [--documented-only]

Prints the OpenAPI 3.1 document of the Partner Center report APIs (both families), generated from
reportql's API contract: every endpoint, parameter, body and response shape, documented errors and
quotas. --documented-only leaves out /insights/v1.1/cmp, a root seen only in a third-party client.
`;

export const LSP_HELP = `Usage: reportql lsp --stdio

Runs the language server (diagnostics, completion, hover, quick fixes, formatting, semantic tokens,
symbols, folding) for .rql files, JSON request bodies and .http/.rest request files, speaking the
Language Server Protocol on standard input and output. Editors start it; see the README's Editors section.
The configuration is found as \`reportql check\` finds it, from each document's folder.
`;

export const SERVE_HELP = `Usage: reportql serve [--port 7071] [--host 127.0.0.1] [--data DIR | --in-memory] [--seed N] [--rows N]

Runs a local emulator of the Partner Center report APIs (/insights/v1/mpn, /insights/v1/cmp,
/insights/v1.1/cmp) with synthetic data, and prints "reportql emulator listening on URL" once it
accepts requests. Any non-empty Bearer token is accepted. Stops on SIGINT or SIGTERM.
State (queries, reports, executions, report files) is kept in memory unless --data names a folder;
with --data it survives restarts, and every change is on disk before it is answered.
Needs the optional packages: npm install @duckdb/node-api @faker-js/faker csv-parse csv-stringify

Options:
  --port <n>                 Port (default 7071; 0 picks a free one)
  --host <address>           Address to bind (default 127.0.0.1, loopback only)
  --data <dir>               Keep state in this folder (created if missing) across restarts
  --in-memory                Keep state in memory only (the default; not with --data)
  --seed <n>                 Seed of the synthetic data (default 1)
  --rows <n>                 Synthetic rows per dataset (default 10000)
  --allow-private-callbacks  Let callbacks reach private ranges (10/8, 172.16/12, 192.168/16,
                             100.64/10, fc00::/7); loopback is always allowed, link-local and
                             cloud metadata addresses always refused
  --cors <origin>            Let pages at this origin (scheme://host[:port], null, or * for any)
                             call it from a browser; pages on loopback origins always may,
                             others are refused (repeatable)
  --allowed-host <name>      A name requests may use for it besides IP addresses, localhost
                             and *.localhost, when bound to loopback (repeatable; * for any):
                             other names are refused, against DNS rebinding
  -h, --help                 Show this help

Admin API (no token): GET /_emulator/clock, POST /_emulator/clock/advance {"hours": H},
POST /_emulator/reset, POST /_emulator/seed {"seed": N, "rows": N},
POST /_emulator/faults {"route": "createQuery", "status": 503, "count": 2} or
{"kind": "execution", "count": 1}, GET|DELETE /_emulator/faults, GET /_emulator/journal,
POST /_emulator/datasets/<name>/rows (CSV).
`;

const SERVICE_FLAGS = `  --endpoint <url>      A report API root (default https://api.partnercenter.microsoft.com/insights/v1/mpn,
                        or PARTNER_CENTER_ENDPOINT); http://127.0.0.1:7071/insights/v1/cmp for \`reportql serve\`
  --token <token>       The bearer token (default: PARTNER_CENTER_TOKEN); any non-empty one for the emulator
  --timeout <s>         Seconds one request waits for its answer before it is retried (default 60;
                        for the report file, for its first bytes and then between its bytes)`;

/** Said by the commands that talk to the service, after their exit codes. */
const PROXY_NOTE = `Behind a proxy, HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read (lower case first), the proxy's
credentials in its URL: http://user:password@host:port.`;

export const RUN_HELP = `Usage: reportql run FILE.rql [--endpoint URL] [--token T] [--format csv|tsv] [--from TIME --to TIME] [-o OUT]

Checks the query of FILE.rql as \`reportql check\` does (the same output; exit 1 and nothing sent when it
has errors), creates it on the service (or reuses an identical query of the same name), runs it once
(an ExecuteNow report), waits for the run, and downloads the report to OUT (default: FILE with the
format's extension). Service errors say what happened and what to do; throttled (429) and failed
(5xx) reads are retried with backoff.

Options:
${SERVICE_FLAGS}
  --format <csv|tsv>    The report's format (default csv)
  --from, --to <time>   Replace the query's TIMESPAN, in UTC: 2026-01-01T00:00:00Z
  -o, --output <file>   Where to write the report (a file; not - for standard output)
  --poll-interval <s>   Seconds between two looks at the run (default 10)
  --catalog <name|file>
                        The catalog of the check (as for check)
  -c, --config <file>   Use this configuration file instead of searching for one
  --no-config           Ignore configuration files
  -h, --help            Show this help

Exit codes: 0 written, 1 the query has errors (or the service refused it), 2 usage, network or service error,
130 interrupted (Ctrl-C: no file written).

${PROXY_NOTE}
`;

export const PULL_HELP = `Usage: reportql pull DIR [--force] [--endpoint URL] [--token T]

Writes each user query of the account to DIR (created if missing) as NAME.rql, with its name,
description and id in a header comment (-- name: ...). File names keep letters, digits, '.', '_'
and '-'; a file is written whole and a symbolic link in DIR is never written through. A file whose
query differs from the service's (local edits: the service cannot change a query; comments and
layout do not count) is kept, and pull exits 1. A file without an id holding a query's text under
its name in another case (sales.rql for Sales) is that query's file; files of DIR whose names differ
only in case (one file on macOS and Windows) are named, and pull exits 1.

Options:
${SERVICE_FLAGS}
  --force               Overwrite files whose text differs from the service's query
  -h, --help            Show this help

Exit codes: 0 in step, 1 files kept or names clashing in case, 2 usage, network or service error,
or a file not written.

${PROXY_NOTE}
`;

export const PUSH_HELP = `Usage: reportql push DIR [--dry-run] [--prune] [--endpoint URL] [--token T]

Makes the service hold the queries of DIR's .rql files (one query each; the name is the header's
"-- name:" or the file name) and the scheduled reports of DIR/reports.json, an array of Create Report
bodies that name their query with "QueryName" instead of "QueryId". Everything is checked before
anything is sent. Missing queries and reports are created; a query whose text differs from the
service's is shown as drift (the service cannot update a query: that takes deleting it and creating
it again, which push leaves to you), and so is a report whose settings differ. What the service holds
beyond DIR is listed, and deleted only with --prune (reports only when DIR has a reports.json).

Options:
${SERVICE_FLAGS}
  --dry-run             Show what would be done; send nothing but reads
  --prune               Delete the service's queries (and reports) that DIR does not declare
  --catalog <name|file>
                        The catalog of the check (as for check)
  -c, --config <file>   Use this configuration file instead of searching for one
  --no-config           Ignore configuration files
  -h, --help            Show this help

Exit codes: 0 in step, 1 problems found or drift shown, 2 usage, network or service error.

${PROXY_NOTE}
`;
