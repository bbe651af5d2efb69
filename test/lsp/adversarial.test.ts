/**
 * Requests as an editor may send them at the wrong moment or with odd positions: on a document just
 * closed or never opened, at positions past the text, inside a surrogate pair or before a line's CRLF.
 * Each is answered (empty for a document the server does not have), never with an internal error; a
 * snippet completion in a CRLF document keeps its line endings.
 */
import { afterEach, expect, it } from "vitest";
import type { CompletionList, TextEdit } from "vscode-languageserver/node";
import { type Pair, PULL_CLIENT, startPair } from "./harness.js";

let pair: Pair | undefined;
afterEach(() => {
  pair?.dispose();
  pair = undefined;
});

const TEXT = "SELECT OrderId, 'a\ud83d\ude00b' FROM ISVOrder\r\nWHERE OrderId = 'x' TIMESPAN LAST_MONTH\r\n";

/** Every request the server answers on a document, with the answer for a document it does not have. */
function requests(uri: string, position: { line: number; character: number }): [string, unknown, unknown][] {
  const textDocument = { uri };
  const range = { start: position, end: { line: position.line + 1, character: 0 } };
  const options = { tabSize: 2, insertSpaces: true };
  return [
    ["textDocument/completion", { textDocument, position }, null],
    ["textDocument/hover", { textDocument, position }, null],
    ["textDocument/codeAction", { textDocument, range, context: { diagnostics: [] } }, []],
    ["textDocument/formatting", { textDocument, options }, []],
    ["textDocument/rangeFormatting", { textDocument, range, options }, []],
    ["textDocument/semanticTokens/full", { textDocument }, { data: [] }],
    ["textDocument/semanticTokens/full/delta", { textDocument, previousResultId: "1" }, { data: [] }],
    ["textDocument/documentSymbol", { textDocument }, []],
    ["textDocument/foldingRange", { textDocument }, []],
  ];
}

const POSITIONS = [
  { line: 0, character: 0 },
  { line: 0, character: 19 }, // between the halves of the emoji
  { line: 0, character: 37 }, // between CR and LF
  { line: 0, character: 10_000 },
  { line: 99, character: 3 },
  { line: -1, character: -5 },
];

it("answers every request at odd positions, and empty on a document closed or never opened", async () => {
  pair = await startPair();
  const uri = "file:///proj/q.rql";
  await pair.open(uri, TEXT);
  await pair.diagnostics(uri, 1);
  for (const position of POSITIONS)
    for (const [method, params] of requests(uri, position)) await pair.request(method, params);
  await pair.client.sendNotification("textDocument/didClose", { textDocument: { uri } });
  for (const target of [uri, "file:///proj/never.rql", "untitled:Untitled-1", "not a uri"])
    for (const [method, params, empty] of requests(target, { line: 0, character: 3 }))
      expect([target, method, await pair.request(method, params)]).toEqual([target, method, empty]);
  expect(pair.messages.filter((m) => m.includes("internal error"))).toEqual([]);
});

it("writes a snippet's line breaks as the document does", async () => {
  pair = await startPair();
  for (const [uri, newline] of [
    ["file:///proj/crlf.rql", "\r\n"],
    ["file:///proj/lf.rql", "\n"],
  ] as const) {
    await pair.open(uri, `SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH;${newline}${newline}`);
    const list = await pair.request<CompletionList>("textDocument/completion", {
      textDocument: { uri },
      position: { line: 2, character: 0 },
    });
    const snippet = list.items.find((i) => i.label.startsWith("SELECT …"));
    const inserted = (snippet?.textEdit as TextEdit | undefined)?.newText ?? "";
    expect(inserted.split(/\r\n|\n/).length).toBeGreaterThan(1);
    expect(inserted.replaceAll(newline, "")).not.toMatch(/[\r\n]/);
  }
});

it("answers a pulled diagnostic request for a closed document with none", async () => {
  pair = await startPair({ capabilities: PULL_CLIENT });
  const uri = "file:///proj/q.rql";
  await pair.open(uri, TEXT);
  await pair.client.sendNotification("textDocument/didClose", { textDocument: { uri } });
  const answer = await pair.request("textDocument/diagnostic", { textDocument: { uri } });
  expect(answer).toEqual({ kind: "full", items: [] });
});

it("analyses a document opened again without being closed, at the same version, anew", async () => {
  pair = await startPair();
  const uri = "file:///proj/q.rql";
  await pair.open(uri, "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH");
  expect((await pair.diagnostics(uri, 1)).map((d) => d.code)).toEqual(["RQ2002"]);
  const before = pair.published.length;
  await pair.open(uri, "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH");
  await expect.poll(() => pair?.published.slice(before).find((p) => p.uri === uri)?.diagnostics).toEqual([]);
  const hover = await pair.request<{ contents: { value: string } } | null>("textDocument/hover", {
    textDocument: { uri },
    position: { line: 0, character: 9 },
  });
  expect(hover?.contents.value).toContain("OrderId");
});

it("applies a workspace folder's .reportqlignore once the folder is added, and not after it is removed", async () => {
  pair = await startPair({
    capabilities: { ...PULL_CLIENT, workspace: { ...PULL_CLIENT.workspace, workspaceFolders: true } },
    files: new Map([["/added/.reportqlignore", "sub/*.gen.rql\n"]]),
    workspaceFolders: ["file:///first"],
  });
  const uri = "file:///added/sub/q.gen.rql";
  await pair.open(uri, "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH");
  const p = pair;
  const pull = async () =>
    (
      await p.request<{ items: { code: string }[] }>("textDocument/diagnostic", { textDocument: { uri } })
    ).items.map((d) => d.code);
  expect(await pull()).toEqual(["RQ2002"]);
  const folders = (added: string[], removed: string[]) =>
    p.client.sendNotification("workspace/didChangeWorkspaceFolders", {
      event: {
        added: added.map((u) => ({ uri: u, name: u })),
        removed: removed.map((u) => ({ uri: u, name: u })),
      },
    });
  await folders(["file:///added"], []);
  await expect.poll(pull).toEqual([]);
  await folders([], ["file:///added"]);
  await expect.poll(pull).toEqual(["RQ2002"]);
});

it("reads no configuration relative to its own folder for a file URI with no path here", async () => {
  const reads: string[] = [];
  class Recording extends Map<string, string> {
    override get(key: string) {
      reads.push(key);
      return super.get(key);
    }
  }
  pair = await startPair({ files: new Recording() });
  for (const uri of ["file://server/share/q.rql", "file:///c%3A/proj/q.rql", "untitled:Untitled-1"]) {
    await pair.open(uri, "SELECT Foo FROM ISVOrder", "reportql");
    expect((await pair.diagnostics(uri, 1)).map((d) => d.code)).toContain("RQ2002");
  }
  expect(reads.length).toBeGreaterThan(0);
  expect(reads.filter((path) => !path.startsWith("/"))).toEqual([]);
});
