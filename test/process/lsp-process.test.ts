/**
 * The language server as editors start it: `node dist/cli/main.cjs lsp --stdio`, spoken to over its
 * standard streams with JSON-RPC. Every feature is tested in-process (test/lsp/); this covers what
 * only a process has: the framing on real pipes, the lazy import of the server, and a clean exit.
 */
import { join } from "node:path";
import { expect, it } from "vitest";
import type { CompletionList } from "vscode-languageserver/node";
import { startServerProcess } from "../../bench/lsp-client.js";

const ROOT = join(import.meta.dirname, "..", "..");
const URI = "file:///nowhere/q.rql";

it("serves diagnostics and completion over stdio and exits 0 after shutdown", async () => {
  const server = await startServerProcess(join(ROOT, "dist", "cli", "main.cjs"), ROOT);
  expect(server.initialized.serverInfo?.name).toBe("reportql");
  expect(server.initialized.capabilities.diagnosticProvider).toBeUndefined();
  await server.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: URI, languageId: "reportql", version: 1, text: "SELECT Foo FROM ISVUsage" },
  });
  const published = await server.diagnostics(URI, 1);
  expect(published.diagnostics.map((d) => d.code)).toContain("RQ2002");
  await server.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: URI, version: 2 },
    contentChanges: [
      { range: { start: { line: 0, character: 7 }, end: { line: 0, character: 10 } }, text: "Norm" },
    ],
  });
  const completion: CompletionList = await server.connection.sendRequest("textDocument/completion", {
    textDocument: { uri: URI },
    position: { line: 0, character: 11 },
  });
  expect(completion.items.map((i) => i.label)).toContain("NormalizedUsage");
  expect((await server.diagnostics(URI, 2)).version).toBe(2);
  expect(await server.stop()).toBe(0);
});
