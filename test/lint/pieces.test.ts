/**
 * `lintQueryFile` lints a large file in pieces (`src/lint/pieces.ts`) when that changes nothing: the
 * pieces must give exactly the diagnostics of the whole file, whatever the file holds at a piece's
 * edge (comments and strings across lines, unclosed ones, suppression comments, CRLF, wrapped queries).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lintFile, lintQueryFile } from "../../src/lint/lint.js";
import { PIECE_SIZE } from "../../src/lint/pieces.js";

const TEST_ROOT = join(import.meta.dirname, "..");

/** Every fixture query and published query: the building blocks of the large files. */
const BLOCKS: readonly string[] = [
  ...readFileSync(join(TEST_ROOT, "corpus", "queries.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => (JSON.parse(line) as { query: string }).query),
  ...["syntax/fixtures", "semantic/fixtures", "format/fixtures"].flatMap((folder) =>
    readdirSync(join(TEST_ROOT, folder), { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".rql"))
      .map((name) => readFileSync(join(TEST_ROOT, folder, name), "utf8")),
  ),
];

/** What may stand between two blocks, including what must stop a split there. */
const HAZARDS = [
  ";\n",
  ";\r\n",
  "\n",
  ";\n/* a comment that goes on;\nover a line end */\n",
  ";\n-- reportql-ignore RQ2002\n",
  ";\nSELECT 'unclosed;\n",
  ';\n"SELECT OrderId FROM ISVOrder";\n',
  ";\nWHERE OrderStatus = Active';\n",
  ";\n/* unclosed;\n",
  ";\n;\n;\n",
];

function largeFile(order: readonly number[], hazards: readonly number[]): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 12 * PIECE_SIZE; i++) {
    const block = BLOCKS[(order[i % order.length] as number) % BLOCKS.length] as string;
    const between = HAZARDS[(hazards[i % hazards.length] as number) % HAZARDS.length] as string;
    parts.push(block, between);
    size += block.length + between.length;
  }
  return parts.join("");
}

const whole = (text: string) => lintFile("large.rql", text).diagnostics;

describe("lintQueryFile in pieces", () => {
  it("gives the whole file's diagnostics for a large file of every fixture", () => {
    const text = largeFile(
      BLOCKS.map((_, i) => i),
      [0],
    );
    expect(text.length).toBeGreaterThan(2 * PIECE_SIZE);
    const pieces = lintQueryFile(text).diagnostics;
    expect(pieces.length).toBeGreaterThan(1000);
    expect(pieces).toEqual(whole(text));
  });

  it("gives the whole file's diagnostics whatever stands at the edges of the pieces", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        (order, hazards) => {
          const text = largeFile(order, hazards);
          expect(lintQueryFile(text).diagnostics).toEqual(whole(text));
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 8), endOnFailure: true },
    );
  });

  it("does not split before an empty query, whose fix reaches back to the previous `;`", () => {
    const line = "SELECT OrderId FROM ISVOrder;\n";
    const lines = (size: number) => line.repeat(Math.ceil(size / line.length));
    // The first line to end past PIECE_SIZE is followed by empty queries.
    const text = `${lines(PIECE_SIZE)};\n;\n${lines(3 * PIECE_SIZE)}`;
    expect(lintQueryFile(text).diagnostics).toEqual(whole(text));
  });

  it("reads a file with a file-wide suppression, or a wrapped one, whole", () => {
    const body = largeFile([0, 1, 2, 3], [0]);
    for (const text of [`-- reportql-ignore-file RQ2002\n${body}`, `"${body}"`])
      expect(lintQueryFile(text).diagnostics).toEqual(whole(text));
  });
});
