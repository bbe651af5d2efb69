/**
 * Formatter fixtures: each `.rql` under `fixtures/` is formatted and compared with its reviewed golden
 * (`.formatted.rql`); the golden must itself be a fixed point. `toSubmissionText` is checked on the
 * same fixtures.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { format, submissionTexts } from "../../src/format/format.js";
import { expectGolden } from "../helpers/golden.js";

const root = join(import.meta.dirname, "fixtures");
const files = readdirSync(root)
  .filter((f) => f.endsWith(".rql") && !f.endsWith(".formatted.rql"))
  .sort();

describe("format fixtures", () => {
  for (const file of files) {
    it(file, () => {
      const text = readFileSync(join(root, file), "utf8");
      const formatted = format(text);
      expectGolden(join(root, file.replace(/\.rql$/, ".formatted.rql")), formatted);
      expect(format(formatted)).toBe(formatted);
    });
  }
});

describe("toSubmissionText", () => {
  it("gives one line per query, without comments or semicolons", () => {
    const text = readFileSync(join(root, "0002-comments.rql"), "utf8");
    expect(submissionTexts(text)).toEqual(["SELECT a, b FROM X WHERE c = 1 AND d != 2", "SELECT x FROM Y"]);
  });

  it("keeps string values exactly, spaces and typographic quotes included", () => {
    expect(submissionTexts("SELECT a\nFROM X\nWHERE b = '  two  spaces ' AND c = ‘d’")).toEqual([
      "SELECT a FROM X WHERE b = '  two  spaces ' AND c = ‘d’",
    ]);
  });

  it("writes function calls and lists the way the formatter does", () => {
    expect(submissionTexts("select count ( * ) from X where a in ( 1 ,2 )")).toEqual([
      "SELECT count(*) FROM X WHERE a IN (1, 2)",
    ]);
  });
});
