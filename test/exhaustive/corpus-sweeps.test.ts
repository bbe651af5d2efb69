/**
 * Exhaustive sweeps over the published queries: every prefix parses and formats, and completion and
 * hover answer at every offset. Quadratic in a query's length by design, so they run in `npm test`
 * (the `exhaustive` tier), not in the inner loop's `npm run test:unit`.
 */
import { describe, expect, it } from "vitest";
import { format } from "../../src/format/format.js";
import { complete } from "../../src/services/complete.js";
import { hover } from "../../src/services/hover.js";
import { parse } from "../../src/syntax/parse.js";
import { CORPUS } from "../helpers/corpus.js";
import { spansOutOfBounds } from "../helpers/spans.js";

describe("sweeps over the published queries", () => {
  it("parses every prefix of every CORPUS query without throwing", () => {
    expect(CORPUS.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const { id, query } of CORPUS) {
      for (let end = 0; end <= query.length; end++) {
        const prefix = query.slice(0, end);
        if (spansOutOfBounds(parse(prefix)).length > 0) failures.push(`${id}[0, ${end})`);
        format(prefix);
      }
    }
    expect(failures).toEqual([]);
  });

  it("never throws at any offset of the published queries", () => {
    for (const { query } of CORPUS) {
      for (let offset = 0; offset <= query.length; offset++) {
        complete(query, offset);
        hover(query, offset);
      }
    }
  });
});
