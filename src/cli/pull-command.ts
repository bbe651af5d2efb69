/**
 * `reportql pull DIR`: the account's user queries as `.rql` files in DIR (created when missing), each
 * with its name, description and id in a header comment, written whole (never through a link planted
 * in DIR). A file already holding the same text is left alone; one holding other text (local edits)
 * is kept unless `--force`.
 */
import { promises as fs } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import type { Query } from "../client/index.js";
import { toSubmissionText } from "../format/format.js";
import { parse } from "../syntax/parse.js";
import { writeTextAtomically } from "./atomic-file.js";
import type { CliEnvironment } from "./environment.js";
import { display, errorCode, folderProblem } from "./files.js";
import { caseClashes, nameKey, pullFileNames, queryFileText, readHeader } from "./queries-as-code.js";
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
    const { ApiError } = await import("../client/index.js");
    // The service's 404 in its envelope ("No item found with given filters."): no queries, as push reads it.
    const none = error instanceof ApiError && error.status === 404 && error.serviceMessage !== undefined;
    if (!none) return sayFailure(error, client.endpoint, environment);
  }
  const dir = resolve(environment.cwd, options.dir);
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    environment.stderr.write(
      `reportql: pull: cannot create ${options.dir}: ${folderProblem(errorCode(error))}\n`,
    );
    return 2;
  }
  const declared = await declaredFiles(dir);
  let written = 0;
  let failed = 0;
  let kept = 0;
  // A file already declaring a query (renamed by the user) is the one kept up to date.
  const named = new Map<string, number>();
  for (const q of queries) named.set(nameKey(q.name), (named.get(nameKey(q.name)) ?? 0) + 1);
  const owned = new Map(queries.map((q) => [q.queryId, declaredFile(declared, q, named)]));
  adoptCaseVariants(queries, owned, declared);
  const entries = pullFileNames(queries, owned, await rqlEntries(dir));
  for (const q of queries) {
    const entry = entries.get(q.queryId) as string;
    const file = join(dir, entry);
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
  const clashes = await reportCaseClashes(dir, environment);
  environment.stdout.write(
    `${queries.length} ${queries.length === 1 ? "query" : "queries"} in ${display(environment.cwd, dir)}: ${written} written, ${queries.length - written - failed - kept} unchanged${kept > 0 ? `, ${kept} kept` : ""}${failed > 0 ? `, ${failed} not written` : ""}\n`,
  );
  return failed > 0 ? 2 : kept > 0 || clashes > 0 ? 1 : 0;
}

/**
 * A query no file declares exactly, whose text a file without an id holds under its name in another
 * case (`foo.rql` for the query `Foo`): that file is the query's, as it is on macOS and Windows, where
 * the two names are one file. Writing `Foo-1a2b3c4d.rql` beside it would hold the query twice, and
 * push would create the copy as a new query.
 */
function adoptCaseVariants(
  queries: readonly Query[],
  owned: Map<string, string | undefined>,
  declared: ReadonlyMap<string, Declared>,
): void {
  const claimed = new Set([...owned.values()].filter((e) => e !== undefined).map((e) => e.toLowerCase()));
  for (const q of queries) {
    if (owned.get(q.queryId) !== undefined) continue;
    const name = nameKey(q.name).toLowerCase();
    for (const [key, file] of declared) {
      if (!key.startsWith("name:") || key.slice(5).toLowerCase() !== name) continue;
      if (file.queryId !== undefined || claimed.has(file.entry.toLowerCase())) continue;
      if (!sameQuery(file.text, q.query)) continue;
      owned.set(q.queryId, file.entry);
      claimed.add(file.entry.toLowerCase());
      break;
    }
  }
}

/**
 * Says which of the folder's `.rql` files differ only in case (left by an earlier copy or checkout:
 * pull never writes one beside another): one file on macOS and Windows, refused by push. Their count.
 */
async function reportCaseClashes(dir: string, environment: CliEnvironment): Promise<number> {
  const clashes = caseClashes(await rqlEntries(dir));
  for (const group of clashes)
    environment.stderr.write(
      `reportql: pull: ${group.map((e) => display(environment.cwd, join(dir, e))).join(", ")}: names that differ only in case are one file on macOS and Windows, and push refuses them; keep one\n`,
    );
  return clashes.length;
}

async function sayFailure(error: unknown, endpoint: string, environment: CliEnvironment): Promise<number> {
  const failure = await describeFailure("pull", error, endpoint);
  if (failure === undefined) throw error;
  environment.stderr.write(failure.message);
  return failure.code;
}

/**
 * The folder's `.rql` files by the query they declare, as push reads them: `id:` + the header's
 * queryId, and `name:` + the header's name (or the file name).
 */
async function declaredFiles(dir: string): Promise<Map<string, Declared>> {
  const out = new Map<string, Declared>();
  for (const entry of await rqlEntries(dir)) {
    const text = await currentText(join(dir, entry));
    if (text === undefined) continue;
    const header = readHeader(text);
    const declared = { entry, text, ...(header.queryId && { queryId: header.queryId.toLowerCase() }) };
    if (declared.queryId !== undefined) out.set(`id:${declared.queryId}`, declared);
    const name = `name:${nameKey(header.name || basename(entry, extname(entry)))}`;
    if (!out.has(name)) out.set(name, declared);
  }
  return out;
}

/** The folder's `.rql` file names, sorted (none when it cannot be read). */
async function rqlEntries(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir))
      .filter((n) => extname(n).toLowerCase() === ".rql" && !n.startsWith("."))
      .sort();
  } catch {
    return [];
  }
}

interface Declared {
  readonly entry: string;
  readonly text: string;
  readonly queryId?: string;
}

/**
 * The file declaring a query by its id, or by its name when that file names no other query's id and
 * no other query has that name, or holds this one's text (a name the service holds twice says
 * nothing about which query a file without an id is).
 */
function declaredFile(
  declared: ReadonlyMap<string, Declared>,
  q: Query,
  named: ReadonlyMap<string, number>,
): string | undefined {
  const id = q.queryId.toLowerCase();
  const byName = declared.get(`name:${nameKey(q.name)}`);
  const mine =
    byName !== undefined &&
    (byName.queryId ?? id) === id &&
    (named.get(nameKey(q.name)) === 1 || sameQuery(byName.text, q.query));
  return declared.get(`id:${id}`)?.entry ?? (mine ? byName.entry : undefined);
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
