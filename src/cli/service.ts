/**
 * What `run`, `pull` and `push` share: the client from the flags and the environment, progress and
 * retry notices, and the client's errors said as what happened and what to do (never a stack trace).
 */
import type { ReportClient, RetryEvent, WaitProgress } from "../client/index.js";
import { checkCommand } from "./check-command.js";
import type { ProjectOptions } from "./config.js";
import { type CliEnvironment, inCi } from "./environment.js";
import { UsageError } from "./shared.js";
import { terminalSafe } from "./terminal.js";

export interface ServiceFlags {
  readonly endpoint?: string;
  readonly token?: string;
  /** `--timeout` in milliseconds: the client's per-attempt limit. */
  readonly timeoutMs?: number;
}

export const TOKEN_VARIABLE = "PARTNER_CENTER_TOKEN";
export const ENDPOINT_VARIABLE = "PARTNER_CENTER_ENDPOINT";

/** The client of the flags: `--endpoint` or PARTNER_CENTER_ENDPOINT, `--token` or PARTNER_CENTER_TOKEN. */
export async function connect(
  command: string,
  flags: ServiceFlags,
  environment: CliEnvironment,
): Promise<ReportClient> {
  const { ClientError, createClient, DEFAULT_ENDPOINT, proxySettings } = await import("../client/index.js");
  const endpoint = flags.endpoint ?? environment.env[ENDPOINT_VARIABLE] ?? DEFAULT_ENDPOINT;
  const proxies = proxySettings(environment.env);
  if (proxies !== undefined && "problem" in proxies)
    throw new UsageError(`${command}: ${terminalSafe(proxies.problem)}; fix it, or unset it`);
  const token = flags.token ?? environment.env[TOKEN_VARIABLE];
  let client: ReportClient;
  try {
    client = createClient({
      endpoint,
      token: token?.trim() ?? "",
      // HTTPS_PROXY, HTTP_PROXY and NO_PROXY of the environment the command was given.
      proxyEnv: environment.env,
      ...(flags.timeoutMs !== undefined && { timeoutMs: flags.timeoutMs }),
      retry: {
        // A throttled create was not processed: retrying it cannot create twice.
        creates: "throttled",
        onRetry: (event) => environment.stderr.write(retryNotice(command, event)),
      },
    });
  } catch (error) {
    // An endpoint the client cannot send to (no family root, not http(s), credentials in it).
    if (!(error instanceof ClientError)) throw error;
    throw new UsageError(
      `${command}: the endpoint ${error.message}. Give a report API root such as http://127.0.0.1:7071/insights/v1/cmp (for \`reportql serve\`), with --endpoint or ${ENDPOINT_VARIABLE}`,
    );
  }
  if (token === undefined || token.trim() === "")
    throw new UsageError(
      `${command}: no token; pass --token TOKEN or set ${TOKEN_VARIABLE} (any non-empty token works with \`reportql serve\`)`,
    );
  return client;
}

function retryNotice(command: string, event: RetryEvent): string {
  const wait = `${(event.delayMs / 1000).toFixed(1)} s`;
  // The report file comes from the storage's host, not the service.
  const who = event.operationId === "download" ? "the report file's link" : "the service";
  // A download cut off mid-way is resumed from the bytes it has (the client asks for the rest).
  if (event.error !== undefined && "receivedBytes" in event.error)
    return `reportql: ${command}: the report file's download broke off after ${event.error.receivedBytes} bytes; resuming in ${wait} (retry ${event.attempt})\n`;
  const why =
    event.status === 429
      ? `${who} is throttling requests (429)`
      : event.status === undefined
        ? event.error !== undefined && "timeoutMs" in event.error
          ? `no answer from ${who} within ${seconds(Number(event.error.timeoutMs))}`
          : `no answer from ${who}`
        : `${who} answered ${event.status}`;
  return `reportql: ${command}: ${why}; retrying ${event.operationId} in ${wait} (retry ${event.attempt})\n`;
}

/**
 * A client error as a message saying what happened and what to do, with its exit code (1: the
 * service refused the request's content; 2: it could not be carried out), or undefined for a bug.
 */
export async function describeFailure(
  command: string,
  error: unknown,
  endpoint: string,
): Promise<{ message: string; code: number } | undefined> {
  const client = await import("../client/index.js");
  const say = (message: string, code = 2) => ({ message: `reportql: ${command}: ${message}\n`, code });
  if (error instanceof client.ProxyError) return say(serviceText(error.message));
  if (error instanceof client.NetworkError && error.proxy !== undefined)
    return say(
      `cannot reach ${serviceText(error.url)} through the proxy ${serviceText(error.proxy)}${error.code ? ` (${error.code})` : ""}. Check HTTPS_PROXY / HTTP_PROXY, or name the host in NO_PROXY to reach it directly`,
    );
  // A report file's link is on the storage's host: that one is unreachable, not the endpoint.
  if (error instanceof client.NetworkError && origin(error.url) !== origin(endpoint))
    return say(
      `cannot reach the report file's link ${serviceText(error.url)}${error.code ? ` (${error.code})` : ""}: the service answered, its storage cannot be reached from here (a proxy or a firewall?). Run again later`,
    );
  if (error instanceof client.NetworkError)
    return say(
      `cannot reach ${endpoint}${error.code ? ` (${error.code})` : ""}. Check the URL and your network; for the emulator, start \`reportql serve\` in another terminal first`,
    );
  // Not the report API's JSON: a web server, a proxy's page, or a path that is not a family root.
  const elsewhere = `Check that ${endpoint} is a report API root (--endpoint or ${ENDPOINT_VARIABLE}), such as http://127.0.0.1:7071/insights/v1/cmp for \`reportql serve\``;
  if (error instanceof client.ResponseFormatError)
    return say(
      `${error.operationId}: the answer (HTTP ${error.httpStatus}) is not the report API's JSON. ${elsewhere}`,
    );
  if (error instanceof client.ApiError && error.status === 404 && error.serviceMessage === undefined)
    return say(`${error.operationId}: nothing answers there (404, not the report API's JSON). ${elsewhere}`);
  if (error instanceof client.TimeoutError)
    return say(
      `${error.operationId}: no answer from ${serviceText(error.url)} within ${seconds(error.timeoutMs)}. The service may be slow or the network stalled: run again later, or give it longer with --timeout SECONDS`,
    );
  if (error instanceof client.RateLimitError && error.retryAt !== undefined)
    return say(
      `${error.operationId}: the service is throttling requests (${error.status}) and asked to wait ${Math.ceil((error.retryAfterMs ?? 0) / 1000)} s; run again after ${clockTime(error.retryAt, error.retryAt.getTime() - (error.retryAfterMs ?? 0))}`,
    );
  if (error instanceof client.UnexpectedAnswerError)
    return say(
      `${error.operationId}: the service's answer (HTTP ${error.httpStatus}) is not as documented: ${serviceText(error.field)} is ${error.found}, expected ${error.expected}. A proxy may have changed it, or the service changed: nothing more was sent`,
    );
  if (error instanceof client.DownloadContentError)
    return say(
      `the report file's link answered with ${serviceText(error.contentType)}, not a CSV or TSV file (a proxy's or the storage's page?); it starts: ${serviceLine(error.excerpt)}. Run again; behind a proxy, let the storage host through`,
    );
  if (error instanceof client.ApiError) {
    const said = error.serviceMessage ? ` ("${serviceText(error.serviceMessage)}")` : "";
    if (error.status === 401 || error.status === 403)
      return say(
        `the service refused the token (${error.status}${said}). Get a new one, for example \`az account get-access-token --resource https://api.partnercenter.microsoft.com\`, and pass it with --token or ${TOKEN_VARIABLE}`,
      );
    if (error.status === 429)
      return say(
        `the service is still throttling requests (429${said}) after retries; wait a few minutes and run again`,
      );
    if (error.status >= 500)
      return say(`the service failed (${error.status}${said}) after retries; run again later`);
    // The documented quotas (100 queries, 50 active reports, 5 ExecuteNow reports an hour).
    if (/quota/i.test(error.serviceMessage ?? ""))
      return say(
        `the service refused ${error.operationId}: a quota is used up (${error.status}${said}). Delete queries or reports you no longer need (\`reportql push --prune\` deletes those a folder does not declare), or wait an hour for the ExecuteNow quota, then run again`,
        1,
      );
    return say(`the service refused ${error.operationId} (${error.status}${said})`, 1);
  }
  if (error instanceof client.RequestRejectedError)
    return say(`not sent: ${error.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`, 1);
  if (error instanceof client.ExecutionFailedError)
    return say(
      `the run of report ${serviceText(error.reportId)} failed: it ended ${serviceText(error.status)}${error.detail === undefined ? "" : ` ${error.detail}`}. Check the query and run again (with \`reportql serve\`, GET /_emulator/journal says why the run failed)`,
    );
  if (error instanceof client.DamagedFileError) return say(damagedFileText(error.problem));
  if (error instanceof client.RedirectError)
    return say(
      error.operationId === "download"
        ? `the report file's link redirected (HTTP ${error.httpStatus}) to ${serviceText(error.location)}, which is not followed: ${error.reason}. Run again; if it persists, the link the service gave is not to be trusted`
        : `${error.operationId}: the answer (HTTP ${error.httpStatus}) is a redirect to ${serviceText(error.location)}, which is not followed: the report API does not redirect. ${elsewhere}`,
    );
  if (error instanceof client.ClientError) return say(serviceText(error.message));
  return undefined;
}

/** A URL's origin, or the text itself when it is no URL. */
function origin(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : url;
}

/** A time limit in seconds as `--timeout` takes it: `60 s`, `1.5 s` (a tenth at most, not rounded away). */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** A time of day as HH:MM:SS UTC, and the date when it is not the day of `nowMs` (when the service answered). */
function clockTime(at: Date, nowMs: number): string {
  const iso = at.toISOString();
  const today = new Date(nowMs).toISOString().slice(0, 10);
  const time = `${iso.slice(11, 19)} UTC`;
  return iso.startsWith(today) ? time : `${iso.slice(0, 10)} ${time}`;
}

/** Text the service sent, safe for a terminal (`terminalSafe` escapes colour sequences too). */
export function serviceText(text: string): string {
  return terminalSafe(text);
}

/** Service text shown within one line of output: a name's line breaks would start a false line. */
export function serviceLine(text: string): string {
  return serviceText(text.replace(/[\r\n]/g, "\ufffd"));
}

/** Shows a wait: one updated line on a terminal, a plain line per change of status elsewhere (CI logs). */
export function waitProgress(command: string, environment: CliEnvironment) {
  const out = environment.progress ?? environment.stderr;
  const live = out.isTTY === true && !inCi(environment.env) && environment.env.TERM !== "dumb";
  let last = "";
  let shown = false;
  return {
    update(progress: WaitProgress): void {
      // The progress writer is not filtered: what the service sent is made safe here.
      const status = serviceText(
        progress.status === "NotStarted" ? "waiting for the first run" : progress.status,
      );
      const report = serviceText(progress.reportId);
      if (live) {
        shown = true;
        out.write(
          `\r\u001b[KWaiting for report ${report}: ${status} (${Math.round(progress.elapsedMs / 1000)} s)`,
        );
      } else if (status !== last)
        environment.stderr.write(`reportql: ${command}: report ${report}: ${status}\n`);
      last = status;
    },
    done(): void {
      if (shown) out.write("\r\u001b[K");
    },
  };
}

/**
 * `reportql check` on the files a command is about to send, with its output (stylish) and exit
 * code: nothing is sent unless this gives 0.
 */
export function checkBeforeSending(
  paths: readonly string[],
  options: { readonly catalog?: string; readonly project: ProjectOptions },
  environment: CliEnvironment,
): Promise<number> {
  return checkCommand(
    {
      paths,
      ...(options.catalog !== undefined && { catalog: options.catalog }),
      format: "stylish",
      fix: false,
      fixDryRun: false,
      unsafeFixes: false,
      quiet: false,
      stdin: false,
      project: options.project,
    },
    environment,
  );
}

/** What `run` says of a report file whose gzip data does not decompress; `target` is where it was going. */
export function damagedFileText(problem: string, target?: string): string {
  const where = target === undefined ? "" : ` to ${target}`;
  return `the report file the service gave is damaged (its gzip data does not decompress: ${serviceText(problem)}); nothing was written${where}. Running the report again makes a new file`;
}
