/**
 * Queries as files: a `.rql` file per query, its name and description in a header comment
 * (`-- name: ...`), a file name safe on every system; and the `reports.json` declaring scheduled
 * reports beside them. Shared by `pull` (writing) and `push` (reading).
 */
import type { Query } from "../client/index.js";

/** The header keys, in the order they are written. */
const HEADER_KEYS = ["name", "description", "queryId"] as const;

/** One line of header text: line breaks would end the comment early. Push compares names so too. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
}

/**
 * What tells query names apart: one line, in Unicode's composed form (NFC). `Café` typed with a
 * combining accent (as macOS file names hold it) and with `é` look alike and are one name to a
 * reader; git on macOS commits file names composed, so told apart they made push create the query
 * again from a checkout on Linux.
 */
export function nameKey(name: string): string {
  return oneLine(name).normalize("NFC");
}

/** A pulled query's file text: the header, then the query as the service holds it. */
export function queryFileText(query: Pick<Query, "name" | "description" | "queryId" | "query">): string {
  const header = [`-- name: ${oneLine(query.name)}`];
  if (query.description) header.push(`-- description: ${oneLine(query.description)}`);
  header.push(`-- queryId: ${oneLine(query.queryId)}`);
  return `${header.join("\n")}\n${query.query.trim()}\n`;
}

/** The header's values (keys as in `HEADER_KEYS`) from the file's leading `-- key: value` lines. */
export function readHeader(text: string): Partial<Record<(typeof HEADER_KEYS)[number], string>> {
  const out: Partial<Record<(typeof HEADER_KEYS)[number], string>> = {};
  for (const line of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const match = /^\s*--\s*(name|description|queryId)\s*:\s?(.*)$/i.exec(line);
    if (match === null) {
      if (/^\s*(--.*)?$/.test(line)) continue;
      break;
    }
    const key = HEADER_KEYS.find((k) => k.toLowerCase() === (match[1] as string).toLowerCase());
    if (key !== undefined && out[key] === undefined) out[key] = (match[2] as string).trim();
  }
  return out;
}

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** The most UTF-8 bytes of a file name's base: with `-1a2b3c4d-NN.rql` it stays within 255 (NAME_MAX). */
const MAX_BASE_BYTES = 200;

/**
 * The start of `text`: at most `characters` characters and `MAX_BASE_BYTES` UTF-8 bytes, never half of
 * a character (`slice` cut a character outside the BMP in two, a lone surrogate no file system keeps).
 */
function headOf(text: string, characters: number): string {
  let out = "";
  let bytes = 0;
  let count = 0;
  for (const character of text) {
    bytes += Buffer.byteLength(character);
    if (++count > characters || bytes > MAX_BASE_BYTES) break;
    out += character;
  }
  return out;
}

/**
 * A file name for a query name: letters, digits, `.`, `_` and `-` only (no separators, no `..`, no
 * control characters), at most 80 characters and 200 bytes, never a Windows device name, never empty.
 */
export function safeFileName(name: string): string {
  const cleaned = headOf(
    name
      .normalize("NFKC")
      .replace(/[^\p{L}\p{N}._-]+/gu, "-")
      .replace(/-{2,}/g, "-")
      .replace(/^[-.]+|[-.]+$/g, ""),
    80,
  ).replace(/[-.]+$/, "");
  if (cleaned === "" || RESERVED.test(cleaned)) return `query-${cleaned}`.replace(/-$/, "");
  return cleaned;
}

/**
 * The file name of each query, unique without regard to case (for case-insensitive file systems).
 * Queries sharing a name (nothing says the service forbids it) each get a suffix from their id, so every one of
 * them has a file name that does not depend on which others exist.
 */
export function fileNames(queries: readonly Pick<Query, "name" | "queryId">[]): Map<string, string> {
  const taken = new Set<string>();
  const out = new Map<string, string>();
  const shared = new Map<string, number>();
  for (const q of queries) {
    const key = safeFileName(q.name).toLowerCase();
    shared.set(key, (shared.get(key) ?? 0) + 1);
  }
  for (const q of [...queries].sort(
    (a, b) => a.name.localeCompare(b.name) || a.queryId.localeCompare(b.queryId),
  )) {
    const plain = safeFileName(q.name);
    let base = (shared.get(plain.toLowerCase()) ?? 0) > 1 ? idSuffixed(plain, q.queryId) : plain;
    if (taken.has(base.toLowerCase())) base = idSuffixed(plain, q.queryId);
    for (let n = 2; taken.has(base.toLowerCase()); n++) base = `${plain}-${n}`;
    taken.add(base.toLowerCase());
    out.set(q.queryId, `${base}.rql`);
  }
  return out;
}

/**
 * The file pull writes each query to: the file already declaring it (`owned`, by its id or name),
 * else its name from `fileNames`. No two queries share a file, without regard to case: on macOS
 * and Windows `sales.rql` and `Sales.rql` are one file, so a name that differs from one already
 * taken only in case gets the query's id added, as a name taken outright does.
 */
export function pullFileNames(
  queries: readonly Pick<Query, "name" | "queryId">[],
  owned: ReadonlyMap<string, string | undefined>,
  /** The folder's files: one spelled otherwise than a new name only in case is that name's file too. */
  existing: readonly string[] = [],
): Map<string, string> {
  const names = fileNames(queries);
  const key = (entry: string) => entry.toLowerCase();
  const claimed = new Set([...owned.values()].filter((e) => e !== undefined).map(key));
  const spelled = new Map(existing.map((e) => [key(e), e]));
  const otherCase = (entry: string) => (spelled.get(key(entry)) ?? entry) !== entry;
  const used = new Set<string>();
  const out = new Map<string, string>();
  const taken = (entry: string) => used.has(key(entry)) || claimed.has(key(entry)) || otherCase(entry);
  for (const q of queries) {
    const own = owned.get(q.queryId);
    let entry = own !== undefined && !used.has(key(own)) ? own : (names.get(q.queryId) as string);
    if (entry !== own && taken(entry)) {
      // The same scheme as `fileNames` (and as push's messages say): the id's first 8 characters.
      const base = idSuffixed(safeFileName(q.name), q.queryId);
      entry = `${base}.rql`;
      for (let n = 2; taken(entry); n++) entry = `${base}-${n}.rql`;
    }
    used.add(key(entry));
    out.set(q.queryId, entry);
  }
  return out;
}

/** The files of a folder whose names differ only in case (one file on macOS and Windows), in groups. */
export function caseClashes(entries: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const entry of entries) {
    const group = groups.get(entry.toLowerCase());
    if (group === undefined) groups.set(entry.toLowerCase(), [entry]);
    else group.push(entry);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/** A file name with the first 8 characters of the query id, which tell same-named queries apart. */
export function idSuffixed(base: string, queryId: string): string {
  return `${base}-${safeFileName(queryId).slice(0, 8)}`;
}

/** The file declaring scheduled reports beside the queries. */
export const REPORTS_FILE = "reports.json";

/** A declared report: a Create Report body whose `QueryId` is replaced by `QueryName`. */
export interface DeclaredReport {
  readonly index: number;
  readonly queryName: string;
  /** The Create Report body without `QueryId`. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** The reports of `reports.json` text, or the problems that keep it from being read. */
export function readReports(text: string): { reports: DeclaredReport[]; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { reports: [], problems: [`it is not JSON (${(error as Error).message})`] };
  }
  if (!Array.isArray(json))
    return {
      reports: [],
      problems: ["it must be an array of Create Report bodies with QueryName instead of QueryId"],
    };
  const reports: DeclaredReport[] = [];
  const problems: string[] = [];
  // push finds the service's reports by name: two entries of one name would both be created.
  const named = new Map<string, number>();
  for (const [index, entry] of json.entries()) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      problems.push(`[${index}]: not an object`);
      continue;
    }
    const { QueryName, QueryId, ...body } = entry as Record<string, unknown>;
    if (QueryId !== undefined)
      problems.push(`[${index}]: give QueryName (a query's name in this folder), not QueryId`);
    if (typeof QueryName !== "string" || QueryName === "") {
      problems.push(`[${index}]: QueryName is missing; name the query the report runs`);
      continue;
    }
    const { ReportName } = body;
    const earlier = typeof ReportName === "string" ? named.get(ReportName) : undefined;
    if (earlier !== undefined)
      problems.push(
        `[${index}]: ReportName ${JSON.stringify(ReportName)} is also [${earlier}]'s; push tells reports apart by name, so give each its own`,
      );
    else if (typeof ReportName === "string") named.set(ReportName, index);
    reports.push({ index, queryName: QueryName, body });
  }
  return { reports, problems };
}
