/**
 * `textDocument/semanticTokens/full/delta`: after an edit, the edits against the client's previous
 * result rebuild exactly the full tokens of the new version; a result id the server does not hold
 * gets the full tokens.
 */
import { afterEach, expect, it } from "vitest";
import type { SemanticTokens, SemanticTokensDelta } from "vscode-languageserver/node";
import { type Pair, startPair } from "./harness.js";

const URI = "file:///proj/q.rql";
let pair: Pair | undefined;
afterEach(() => pair?.dispose());

const TEXT =
  "SELECT OrderId, 'x'\nFROM ISVOrder\nWHERE Quantity > 1\nTIMESPAN LAST_MONTH;\nSELECT a FROM ISVUsage";

/** The client's side: a delta's edits applied to its copy of the data. */
function applyDelta(data: readonly number[], delta: SemanticTokensDelta): number[] {
  const result = [...data];
  for (const edit of [...delta.edits].sort((a, b) => b.start - a.start))
    result.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  return result;
}

it("advertises full/delta and answers a delta that rebuilds the new version's tokens", async () => {
  pair = await startPair();
  expect(pair.initialized.capabilities.semanticTokensProvider).toMatchObject({ full: { delta: true } });
  await pair.open(URI, TEXT);
  const first = await pair.request<SemanticTokens>("textDocument/semanticTokens/full", {
    textDocument: { uri: URI },
  });
  expect(first.resultId).toBeDefined();
  // Insert a line with a comment and a keyword in the middle: tokens after it move.
  await pair.change(URI, [
    { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: "-- note\n" },
  ]);
  const delta = await pair.request<SemanticTokensDelta | SemanticTokens>(
    "textDocument/semanticTokens/full/delta",
    { textDocument: { uri: URI }, previousResultId: first.resultId },
  );
  expect("edits" in delta).toBe(true);
  const edited = applyDelta(first.data, delta as SemanticTokensDelta);
  // A fresh full request on the same version is the truth the delta must match.
  const full = await pair.request<SemanticTokens>("textDocument/semanticTokens/full", {
    textDocument: { uri: URI },
  });
  expect(edited).toEqual(full.data);
  expect(edited).not.toEqual(first.data);
  // The delta is smaller than the whole: the tokens before the edit are not sent again.
  const sent = (delta as SemanticTokensDelta).edits.reduce((n, e) => n + (e.data?.length ?? 0), 0);
  expect(sent).toBeLessThan(full.data.length);
});

it("answers a delta against a result it does not hold with the full tokens", async () => {
  pair = await startPair();
  await pair.open(URI, TEXT);
  const answer = await pair.request<SemanticTokens>("textDocument/semanticTokens/full/delta", {
    textDocument: { uri: URI },
    previousResultId: "not-a-result",
  });
  const full = await pair.request<SemanticTokens>("textDocument/semanticTokens/full", {
    textDocument: { uri: URI },
  });
  expect(answer.data).toEqual(full.data);
});
