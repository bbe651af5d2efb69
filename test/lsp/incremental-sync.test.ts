/**
 * Property: a document edited incrementally, as an editor sends it (ranges anywhere, past a line's end,
 * inside a CRLF or a surrogate pair, texts with CRLF, lone CR and astral characters), is the document
 * opened whole with the client's final text: the same diagnostics, the same formatting edits, at the
 * places the client sees them. Found: a change starting past the last line corrupted the server's text
 * (`src/lsp/sync.ts`).
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { TextEdit } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { lintFile } from "../../src/lint/lint.js";
import { validDocument } from "../helpers/arbitraries.js";
import { type Pair, startPair } from "./harness.js";

const piece = fc.constantFrom(
  "\r\n",
  "\r",
  "\n",
  "\ud83d\ude00",
  "\ud83d",
  "\ude00",
  "é",
  " ",
  "'",
  "--",
  "SELECT",
  " FROM ISVOrder",
  " WHERE ",
  "OrderId",
  ",",
  ";",
  "TIMESPAN LAST_MONTH",
);
const inserted = fc.array(piece, { maxLength: 4 }).map((parts) => parts.join(""));
const position = fc.record({ line: fc.nat(8), character: fc.nat(40) });
const change = fc.record({ start: position, end: position, text: inserted });

let pair: Pair;
let count = 0;
beforeAll(async () => {
  pair = await startPair({ debounceMs: 0 });
});
afterAll(() => pair.dispose());

it("keeps the server's text the client's, whatever the edits", async () => {
  await fc.assert(
    fc.asyncProperty(
      validDocument.map((t) => t.replace(/\n/g, "\r\n")),
      fc.array(change, { minLength: 1, maxLength: 12 }),
      async (initial, changes) => {
        const uri = `file:///proj/sync-${count}.rql`;
        const whole = `file:///proj/whole-${count++}.rql`;
        let client = TextDocument.create(uri, "reportql", 1, initial);
        await pair.open(uri, initial);
        let version = 1;
        for (const c of changes) {
          // Ranges as an editor sends them: start before end.
          const [start, end] =
            c.start.line < c.end.line || (c.start.line === c.end.line && c.start.character <= c.end.character)
              ? [c.start, c.end]
              : [c.end, c.start];
          const event = { range: { start, end }, text: c.text };
          version = await pair.change(uri, [event]);
          // A fresh document per change: the library's own incremental update is what is under test.
          const text = client.getText();
          const [from, to] = [client.offsetAt(start), client.offsetAt(end)];
          client = TextDocument.create(
            uri,
            "reportql",
            version,
            text.slice(0, from) + c.text + text.slice(to),
          );
        }
        const text = client.getText();
        await pair.open(whole, text);
        const incremental = await pair.diagnostics(uri, version);
        const fresh = await pair.diagnostics(whole, 1);
        // Related spans name their document: the same text under two names.
        const strip = (ds: typeof fresh, name: string) =>
          JSON.parse(JSON.stringify(ds).replaceAll(name, "U"));
        expect(strip(incremental, uri)).toEqual(strip(fresh, whole));
        // And the ranges are where the client sees the problems (line breaks and UTF-16 counted alike).
        const key = (d: { code: string; start: number; text: string }) => `${d.start} ${d.code} ${d.text}`;
        const seen = incremental.map((d) =>
          key({ code: String(d.code), start: client.offsetAt(d.range.start), text: client.getText(d.range) }),
        );
        const expected = lintFile("/proj/q.rql", text).diagnostics.map((d) =>
          key({ code: d.code, start: d.span.start, text: text.slice(d.span.start, d.span.end) }),
        );
        expect(seen.sort()).toEqual(expected.sort());
        const options = { tabSize: 2, insertSpaces: true };
        const formatted = await pair.request<TextEdit[] | null>("textDocument/formatting", {
          textDocument: { uri },
          options,
        });
        const formattedWhole = await pair.request<TextEdit[] | null>("textDocument/formatting", {
          textDocument: { uri: whole },
          options,
        });
        expect(formatted).toEqual(formattedWhole);
        for (const u of [uri, whole])
          await pair.client.sendNotification("textDocument/didClose", { textDocument: { uri: u } });
      },
    ),
    { numRuns: 80 },
  );
  expect(pair.messages.filter((m) => m.includes("internal error"))).toEqual([]);
});

it("reads a change that starts past the last line as at the end, and keeps the text whole after it", async () => {
  const uri = "file:///proj/past-end.rql";
  await pair.open(uri, "SELECT OrderId FROM -- note\r\nISVOrder");
  await pair.change(uri, [
    { range: { start: { line: 6, character: 0 }, end: { line: 7, character: 0 } }, text: "\r\n" },
  ]);
  // The table of line starts had holes after that: this change then cut the text to "x".
  const version = await pair.change(uri, [
    {
      range: { start: { line: 1, character: 8 }, end: { line: 1, character: 8 } },
      text: " TIMESPAN LAST_MONTH",
    },
  ]);
  expect(await pair.diagnostics(uri, version)).toEqual([]);
});
