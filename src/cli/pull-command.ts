/**
 * `reportql pull DIR`: the account's user queries as `.rql` files in DIR (created when missing), each
 * with its name, description and id in a header comment, written whole (never through a link planted
 * in DIR). A file already holding the same text is left alone; one holding other text (local edits)
 * is kept unless `--force`.
 */
import { promises as fs } from "node:fs";
import { join, resolve } from "node:path";
import type { Query } from "../client/index.js";
import { toSubmissionText } from "../format/format.js";
import { parse } from "../syntax/parse.js";
import { writeTextAtomically } from "./atomic-file.js";
import type { CliEnvironment } from "./environment.js";
import { display, errorCode } from "./files.js";
import { fileNames, queryFileText } from "./queries-as-code.js";
import { connect, describeFailure, type ServiceFlags, serviceLine } from "./service.js";

export interface PullCommandOptions extends ServiceFlags {
  readonly dir: string;
  /** Overwrite files whose text differs (local edits) too. */
  readonly force: boolean;
}

export async function pullCommand(options: PullCommandOptions, environment: CliEnvironment): Promise<number> {
  const client = await connect("pull", options, environment);
  const queries: Query[] = [];
  try {
    for await (const q of client.paginate("getQueries")) if (q.type === "userDefined") queries.push(q);
  } catch (error) {
    const failure = await describeFailure("pull", error, client.endpoint);
    if (failure === undefined) throw error;
    environment.stderr.write(failure.message);
    return failure.code;
  }
  const dir = resolve(environment.cwd, options.dir);
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    environment.stderr.write(`reportql: pull: cannot create ${options.dir} (${errorCode(error)})\n`);
    return 2;
  }
  const names = fileNames(queries);
  let written = 0;
  let failed = 0;
  let kept = 0;
  for (const q of queries) {
    const file = join(dir, names.get(q.queryId) as string);
    const text = queryFileText(q);
    const shown = display(environment.cwd, file);
    const current = await currentText(file);
    if (current === text) continue;
    // The service cannot change a query, so a file whose query differs holds local edits: kept unless
    // --force. One that differs only in comments or layout gets the service's text and header.
    if (current !== undefined && !options.force && !sameQuery(current, q.query)) {
      kept++;
      environment.stderr.write(
        `reportql: pull: kept ${shown}: it differs from the service's query (local edits?); --force overwrites it\n`,
      );
      continue;
    }
    const failure = await writeTextAtomically(file, text);
    if (failure === undefined) {
      written++;
      environment.stdout.write(`${serviceLine(`wrote ${shown} (${q.name})`)}\n`);
    } else {
      failed++;
      environment.stderr.write(`reportql: pull: not written: ${shown}: ${failure}\n`);
    }
  }
  environment.stdout.write(
    `${queries.length} ${queries.length === 1 ? "query" : "queries"} in ${display(environment.cwd, dir)}: ${written} written, ${queries.length - written - failed - kept} unchanged${kept > 0 ? `, ${kept} kept` : ""}${failed > 0 ? `, ${failed} not written` : ""}\n`,
  );
  return failed > 0 ? 2 : kept > 0 ? 1 : 0;
}

/** Whether a file holds the query as the service holds it (comments and layout aside). */
function sameQuery(fileText: string, serviceQuery: string): boolean {
  const parsed = parse(fileText);
  const [query, ...more] = parsed.document.queries;
  return query !== undefined && more.length === 0 && toSubmissionText(query, parsed) === serviceQuery.trim();
}

/** The file's text when it is a regular file (not a link), else undefined. */
async function currentText(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.lstat(file);
    return stat.isFile() ? await fs.readFile(file, "utf8") : undefined;
  } catch {
    return undefined;
  }
}
