/**
 * The request contract runs once per version of a request file: diagnostics, completion and hover on
 * one version share one analysis (the server caches it by version), and a new version runs it again.
 */
import { afterEach, expect, it, vi } from "vitest";
import type { CompletionList } from "vscode-languageserver/node";
import { cursor, type Pair, startPair } from "./harness.js";

const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../src/api/check-request-file.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/api/check-request-file.js")>();
  return {
    ...real,
    checkRequestFile: (...args: Parameters<typeof real.checkRequestFile>) => {
      calls.count++;
      return real.checkRequestFile(...args);
    },
  };
});

let pair: Pair | undefined;
afterEach(() => pair?.dispose());

it.each([
  ["body.json", '{"Name": "n", "Query": "SELECT Norm<|> FROM ISVUsage"}'],
  [
    "api.http",
    "POST https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries\nAuthorization: Bearer t\nContent-Type: application/json\n\n" +
      '{"Name": "n", "Query": "SELECT Norm<|> FROM ISVUsage"}',
  ],
])("%s: one contract run per version, shared by diagnostics, completion and hover", async (name, marked) => {
  const uri = `file:///proj/${name}`;
  const { text, position } = cursor(marked);
  pair = await startPair();
  calls.count = 0;
  await pair.open(uri, text, name.endsWith(".json") ? "json" : "http");
  await pair.diagnostics(uri, 1);
  const list = await pair.request<CompletionList>("textDocument/completion", {
    textDocument: { uri },
    position,
  });
  expect(list.items.map((i) => i.label)).toContain("NormalizedUsage");
  await pair.request("textDocument/hover", { textDocument: { uri }, position });
  expect(calls.count).toBe(1);
  const version = await pair.change(uri, [{ text: text.replace("Norm", "Normalized") }]);
  await pair.diagnostics(uri, version);
  await pair.request("textDocument/completion", { textDocument: { uri }, position });
  expect(calls.count).toBe(2);
});
