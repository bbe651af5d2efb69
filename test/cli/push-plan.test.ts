/**
 * `planQueries` pairs a pushed folder's files with the service's queries. Its cost must grow with the
 * number of queries, not with its square: a folder of thousands of files without `queryId` headers
 * (written by hand) is matched by name. Counted, not timed: how often a query's name is read.
 */
import { describe, expect, it } from "vitest";
import { type LocalQuery, planQueries } from "../../src/cli/push-plan.js";
import type { Query } from "../../src/client/index.js";

/** `n` queries of the service, with a counter of the reads of their names. */
function counted(n: number): { remote: Query[]; reads: () => number } {
  let reads = 0;
  const remote = Array.from({ length: n }, (_, i) => {
    const query = { queryId: `id-${i}`, query: `SELECT OrderId FROM ISVOrder${i}` } as Query;
    Object.defineProperty(query, "name", {
      get: () => {
        reads++;
        return `q${i % (n - 2)}`;
      },
    });
    return query;
  });
  return { remote, reads: () => reads };
}

describe("planQueries", () => {
  it("reads each query's name a bounded number of times, however many files are matched by name", () => {
    const n = 2000;
    const { remote, reads } = counted(n);
    const local: LocalQuery[] = Array.from({ length: n }, (_, i) => ({
      file: `q${i}.rql`,
      name: `q${i}`,
      text: `SELECT OrderId FROM ISVOrder${i}`,
    }));
    const plan = planQueries(local, remote, (file) => file);
    // q0 and q1 are each the name of two queries; the file's text picks one.
    expect(plan.unchanged).toHaveLength(n - 2);
    expect(plan.drifted).toHaveLength(0);
    expect(plan.missing.map((q) => q.name)).toEqual([`q${n - 2}`, `q${n - 1}`]);
    expect(plan.extra.map((q) => q.queryId)).toEqual([`id-${n - 2}`, `id-${n - 1}`]);
    expect(plan.problems).toEqual([]);
    expect(reads()).toBeLessThan(10 * n);
  });
});
