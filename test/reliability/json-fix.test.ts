/**
 * Issue 18, item 11: `--fix` in a JSON body rewrote the whole `Query` string from its decoded value,
 * so an invalid escape elsewhere in it (`\q`) was dropped and valid ones (`\u2018`, `\/`) were
 * rewritten. A fix now edits the file itself: every byte it does not touch stays as written.
 */

import fc from "fast-check";
import { type ParseError, parseTree } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { extractDocuments } from "../../src/api/documents.js";
import { lintFile } from "../../src/lint/lint.js";
import { cli } from "../helpers/cli.js";
import { runs } from "../helpers/runs.js";

/** jsonc-parser's `ParseErrorCode.UnexpectedEndOfString` (a `const enum`). */
const UNEXPECTED_END_OF_STRING = 12;

const body = (query: string) => `{"Name":"n","Description":"d","Query":"${query}"}\n`;
const fixed = (text: string) => lintFile("q.json", text, { fix: "safe" }).text;

/** Pieces of a JSON string literal's contents: plain text, valid escapes and invalid ones. */
const piece = fc.constantFrom(
  "a",
  " ",
  "é",
  "\\u2018",
  "\\u00e9",
  "\\/",
  "\\n",
  "\\t",
  '\\"',
  "\\\\",
  "\\q",
  "\\u12",
  "\\x41",
  "\\",
  "‘",
  "'",
);

/** Pieces that stay inside a query's string value (no quote or line break of any kind once decoded). */
const valuePiece = fc.constantFrom("a", " ", "é", "\\u00e9", "\\/", "\\t", "\\\\", "\\q", "\\u12", "\\x41");

describe("issue 18, item 11: a fix in a JSON body keeps every other byte of the string", () => {
  it("keeps an invalid escape and valid escapes elsewhere in the string", () => {
    const before =
      "SELECT OrderId FROM ISVOrder WHERE OrderStatus <> 'Active\\q' AND OfferName = '\\u2018x\\/'";
    const after =
      "SELECT OrderId FROM ISVOrder WHERE OrderStatus != 'Active\\q' AND OfferName = '\\u2018x\\/'";
    expect(fixed(body(`${before} TIMESPAN LAST_MONTH`))).toBe(body(`${after} TIMESPAN LAST_MONTH`));
  });

  it("keeps them through the CLI's --fix-dry-run", async () => {
    const input = body("SELECT OrderId FROM ISVOrder WHERE OrderStatus <> '\\q' TIMESPAN LAST_MONTH");
    const run = await cli(
      ["check", "--no-config", "--stdin", "--stdin-filename", "q.json", "--fix-dry-run", "--format", "json"],
      {
        cwd: "/",
        input,
      },
    );
    const output = JSON.parse(run.stdout).files[0].output as string;
    expect(output).toBe(input.replace("<>", "!="));
  });

  it("changes only the bytes of the fixed operator, whatever the string holds around it", () => {
    fc.assert(
      fc.property(
        fc.array(valuePiece, { maxLength: 8 }),
        fc.array(valuePiece, { maxLength: 8 }),
        (left, right) => {
          const [head, tail] = [left.join(""), right.join("")];
          const query = `SELECT OrderId FROM ISVOrder WHERE OfferName = 'x${head}' AND OrderStatus <> 'Active' AND OrderId = 'y${tail}' TIMESPAN LAST_MONTH`;
          const text = body(query);
          const out = fixed(text);
          // Only the operator may change (other fixes would be fixes of the pieces, which are values).
          expect(out).toBe(text.replace("Status <> 'Active'", "Status != 'Active'"));
        },
      ),
      { numRuns: runs(500) },
    );
  });

  it("decodes a Query string as the JSON parser does, escapes valid or not", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = body(pieces.join("").replace(/\\$/, ""));
        const document = extractDocuments("q.json", text);
        const errors: ParseError[] = [];
        const node = parseTree(text, errors)?.children?.[2]?.children?.[1];
        // A string left open (its closing quote escaped) holds part of a query at most: not read as one.
        const open = errors.some((e) => e.error === UNEXPECTED_END_OF_STRING && e.offset === node?.offset);
        expect(document.kind === "documents" && document.documents[0]?.text).toBe(
          open ? undefined : node?.value,
        );
      }),
      { numRuns: runs(1000) },
    );
  });
});
