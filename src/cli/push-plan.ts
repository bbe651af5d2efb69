/**
 * Which of the service's queries each file of a pushed folder is. A file whose `-- queryId:` header
 * names a query the service holds is that query; the others are matched by name among the queries
 * no file claimed. Names need not be unique on the service, so where a name leaves the choice open
 * the plan says so (naming the file) instead of guessing.
 */
import type { Query } from "../client/index.js";
import { nameKey } from "./queries-as-code.js";

/** A query of the pushed folder. */
export interface LocalQuery {
  readonly file: string;
  readonly name: string;
  readonly description?: string;
  /** The header's `queryId` (lower case): which of the service's queries the file is, when pulled. */
  readonly queryId?: string;
  readonly text: string;
}

export interface Pair {
  readonly local: LocalQuery;
  readonly remote: Query;
}

export interface QueryPlan {
  /** Files no query of the service is: to create. */
  readonly missing: LocalQuery[];
  readonly unchanged: Pair[];
  /** Pairs whose text or name differ (the service cannot update a query). */
  readonly drifted: Pair[];
  /** The service's queries no file is. */
  readonly extra: Query[];
  /** Files the plan cannot pair, said with `shown(file)`: nothing may be sent. */
  readonly problems: string[];
}

export function planQueries(
  queries: readonly LocalQuery[],
  remote: readonly Query[],
  shown: (file: string) => string,
): QueryPlan {
  const plan: QueryPlan = { missing: [], unchanged: [], drifted: [], extra: [], problems: [] };
  const byId = new Map(remote.map((r) => [r.queryId.toLowerCase(), r]));
  const paired = new Set<Query>();
  const pair = (local: LocalQuery, r: Query) => {
    paired.add(r);
    const same = r.query.trim() === local.text && nameKey(r.name) === nameKey(local.name);
    (same ? plan.unchanged : plan.drifted).push({ local, remote: r });
  };
  // Grouped once: a folder of thousands of new files must not scan every query of the service each.
  const remoteByName = new Map<string, Query[]>();
  for (const r of remote) {
    const group = remoteByName.get(nameKey(r.name));
    if (group === undefined) remoteByName.set(nameKey(r.name), [r]);
    else group.push(r);
  }
  const byName: LocalQuery[] = [];
  for (const local of queries) {
    const held = local.queryId === undefined ? undefined : byId.get(local.queryId);
    if (held !== undefined) pair(local, held);
    else byName.push(local);
  }
  // A file without a held id: the unclaimed query of its name, the one with its text if several.
  for (const local of byName) {
    const named = (remoteByName.get(nameKey(local.name)) ?? []).filter((r) => !paired.has(r));
    const same = named.filter((r) => r.query.trim() === local.text);
    const [only] = same.length > 0 ? same : named;
    if (only === undefined) plan.missing.push(local);
    else if (same.length > 0 || named.length === 1) pair(local, only);
    else
      plan.problems.push(
        `${shown(local.file)}: the service holds ${named.length} queries named ${JSON.stringify(local.name)} (${named.map((r) => r.queryId).join(", ")}) and the file's text is none of theirs; say which it is with a -- queryId: header (pull writes it)`,
      );
  }
  for (const r of remote) if (!paired.has(r)) plan.extra.push(r);
  return plan;
}

/**
 * The query a report of `reports.json` names with `QueryName`: the folder's file of that name, else
 * the service's query of that name; a problem when the name is several queries'.
 */
export function reportQuery(
  queryName: string,
  plan: QueryPlan,
  queries: readonly LocalQuery[],
  remote: readonly Query[],
  shown: (file: string) => string,
): { local?: LocalQuery; held?: Query; problem?: string } {
  const locals = queries.filter((q) => nameKey(q.name) === nameKey(queryName));
  const ambiguous = (what: string) => ({
    problem: `QueryName ${JSON.stringify(queryName)} is the name of ${what}; a report's query needs a name only it has, so rename the query it runs`,
  });
  if (locals.length > 1)
    return ambiguous(`${locals.length} files (${locals.map((q) => shown(q.file)).join(", ")})`);
  const [local] = locals;
  if (local !== undefined) {
    const held = [...plan.unchanged, ...plan.drifted].find((p) => p.local === local)?.remote;
    return { local, ...(held !== undefined && { held }) };
  }
  const named = remote.filter((r) => nameKey(r.name) === nameKey(queryName));
  if (named.length > 1) return ambiguous(`${named.length} of the service's queries`);
  return named[0] === undefined ? {} : { held: named[0] };
}
