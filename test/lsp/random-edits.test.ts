/**
 * Property: whatever a user types, in whatever order and however fast, the server keeps answering,
 * and the last diagnostics it publishes describe the latest version, with ranges inside its text.
 * Edits are incremental changes (insertions and deletions at random positions) sent without waiting.
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Hover } from "vscode-languageserver/node";
import { LineMap } from "../../src/text/line-map.js";
import { tokenSoup, validDocument } from "../helpers/arbitraries.js";
import { type Pair, startPair } from "./harness.js";

/** Typed text: the language's pieces, quotes, comments, line breaks, surrogate halves. */
const typed = fc.oneof(
  tokenSoup,
  fc.constantFrom(
    "'",
    "\u2018",
    '"',
    "--",
    "/*",
    "*/",
    "\r\n",
    "\n",
    ";",
    "(",
    ")",
    "\ud83d",
    "\u00a0",
    "%20",
  ),
  fc.string({ maxLength: 6, unit: "binary" }),
);

/** An edit: where (a fraction of the current length), how much to delete, what to insert. */
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(12), insert: typed });

let pair: Pair;
let count = 0;
beforeAll(async () => {
  pair = await startPair({ debounceMs: 5 });
});
afterAll(() => pair.dispose());

it("never crashes, and its last diagnostics are the latest version's", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(validDocument, tokenSoup),
      fc.array(edit, { minLength: 1, maxLength: 25 }),
      async (initial, edits) => {
        const uri = `file:///proj/random-${count++}.rql`;
        let text = initial;
        await pair.open(uri, text);
        let version = 1;
        for (const e of edits) {
          const lines = new LineMap(text);
          const start = Math.floor(e.at * text.length);
          const end = Math.min(text.length, start + e.remove);
          const range = { start: lines.zeroBased(start), end: lines.zeroBased(end) };
          text = text.slice(0, start) + e.insert + text.slice(end);
          version = await pair.change(uri, [{ range, text: e.insert }]);
        }
        const position = new LineMap(text).zeroBased(Math.floor(text.length / 2));
        await pair.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position });
        await pair.request("textDocument/completion", { textDocument: { uri }, position });
        await pair.request("textDocument/semanticTokens/full", { textDocument: { uri } });
        const diagnostics = await pair.diagnostics(uri, version);
        const last = pair.published.filter((p) => p.uri === uri).at(-1);
        expect(last?.version).toBe(version);
        const lines = new LineMap(text);
        for (const d of diagnostics) {
          expect(lines.offsetOfZeroBased(d.range.end)).toBeLessThanOrEqual(text.length);
          expect(d.range.start.line).toBeLessThanOrEqual(d.range.end.line);
        }
        await pair.client.sendNotification("textDocument/didClose", { textDocument: { uri } });
      },
    ),
    { numRuns: 60 },
  );
  expect(pair.messages.filter((m) => m.includes("internal error"))).toEqual([]);
});
