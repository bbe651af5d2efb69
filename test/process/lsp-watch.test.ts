/**
 * The language server re-reads `.reportqlignore` and the configuration when they change on disk, and
 * republishes the open documents' diagnostics: a real `reportql lsp --stdio` process, a real folder,
 * and a client either watching files for the server (dynamic registration, as VS Code) or not (the
 * server then watches them itself).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, expect, it } from "vitest";
import {
  type ClientCapabilities,
  createProtocolConnection,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver/node";
import { CLI } from "../helpers/cli.js";

const BROKEN = "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH";

interface Client {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcessWithoutNullStreams;
  readonly registrations: { method: string; registerOptions?: unknown }[];
  /** The message boxes shown (`window/showMessage`). */
  readonly messages: string[];
  /** Waits for the next publication for `uri` that satisfies `test` (or one already received). */
  published(uri: string, test: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
}

let dir = "";
let client: Client | undefined;

afterEach(async () => {
  if (client !== undefined) {
    await client.connection.sendRequest("shutdown");
    await client.connection.sendNotification("exit");
    client.connection.dispose();
    client = undefined;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function start(capabilities: ClientCapabilities): Promise<Client> {
  const child = spawn(process.execPath, [CLI, "lsp", "--stdio"], {
    cwd: dir,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const all: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  const registrations: Client["registrations"] = [];
  const messages: string[] = [];
  connection.onNotification("window/showMessage", (params: { message: string }) => {
    messages.push(params.message);
  });
  connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
    all.push(params);
    for (const wake of waiters.splice(0)) wake();
  });
  connection.onRequest("client/registerCapability", (params: { registrations: Client["registrations"] }) => {
    registrations.push(...params.registrations);
    return null;
  });
  connection.onRequest("workspace/configuration", (params: { items: unknown[] }) =>
    params.items.map(() => null),
  );
  connection.listen();
  const folder = pathToFileURL(dir).href;
  await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: "proj" }],
    capabilities,
  });
  await connection.sendNotification("initialized", {});
  return {
    connection,
    child,
    registrations,
    messages,
    async published(uri, test) {
      let seen = 0;
      for (;;) {
        const found = all.slice(seen).find((p) => p.uri === uri && test(p));
        if (found !== undefined) return found;
        seen = all.length;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

async function open(c: Client, name: string): Promise<string> {
  const uri = pathToFileURL(join(dir, name)).href;
  await c.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "reportql", version: 1, text: BROKEN },
  });
  return uri;
}

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);

it("watches .reportqlignore and the configuration itself when the client cannot", async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "reportql-lsp-watch-")));
  writeFileSync(join(dir, "reportql.config.json"), "{}\n");
  client = await start({});
  const generated = await open(client, "q.gen.rql");
  const own = await open(client, "q.rql");
  await client.published(generated, (p) => codes(p).includes("RQ2002"));
  await client.published(own, (p) => codes(p).includes("RQ2002"));
  expect(client.registrations.map((r) => r.method)).not.toContain("workspace/didChangeWatchedFiles");

  writeFileSync(join(dir, ".reportqlignore"), "*.gen.rql\n");
  await client.published(generated, (p) => p.diagnostics.length === 0);

  writeFileSync(join(dir, "reportql.config.json"), '{"rules": {"RQ2002": "off"}}\n');
  await client.published(own, (p) => p.diagnostics.length === 0);
});

it("asks a client that can to watch .reportqlignore, and re-reads it when told", async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "reportql-lsp-watch-")));
  client = await start({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  const generated = await open(client, "q.gen.rql");
  await client.published(generated, (p) => codes(p).includes("RQ2002"));
  const watched = client.registrations.find((r) => r.method === "workspace/didChangeWatchedFiles");
  expect(watched?.registerOptions).toEqual({
    watchers: [
      { globPattern: "**/reportql.config.json" },
      { globPattern: "**/package.json" },
      { globPattern: "**/.reportqlignore" },
    ],
  });
  // Without a configuration file, the workspace folder's .reportqlignore applies, as for `reportql check`.
  writeFileSync(join(dir, ".reportqlignore"), "*.gen.rql\n");
  await client.connection.sendNotification("workspace/didChangeWatchedFiles", {
    changes: [{ uri: pathToFileURL(join(dir, ".reportqlignore")).href, type: 1 }],
  });
  await client.published(generated, (p) => p.diagnostics.length === 0);
});

it("shows an open configuration's problems on it instead of in message boxes, until it is saved fixed", async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "reportql-lsp-config-")));
  const typo = '{\n  "rules": {"RQ2O02": "off"}\n}\n';
  writeFileSync(join(dir, "reportql.config.json"), typo);
  client = await start({});
  const config = pathToFileURL(join(dir, "reportql.config.json")).href;
  await client.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: config, languageId: "json", version: 1, text: typo },
  });
  const shown = await client.published(config, (p) => p.diagnostics.length > 0);
  expect(shown.diagnostics.map((d) => [d.code, d.range.start, d.message])).toEqual([
    ["RQ9203", { line: 1, character: 12 }, "`RQ2O02` is not a reportql code or name; did you mean `RQ2002`?"],
  ]);
  const own = await open(client, "q.rql");
  await client.published(own, (p) => codes(p).includes("RQ2002"));
  expect(client.messages).toEqual([]);

  const fixed = typo.replace("RQ2O02", "RQ2002");
  await client.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: config, version: 2 },
    contentChanges: [{ text: fixed }],
  });
  await client.published(config, (p) => p.version === 2 && p.diagnostics.length === 0);
  writeFileSync(join(dir, "reportql.config.json"), fixed);
  await client.published(own, (p) => p.diagnostics.length === 0);
});
