/**
 * A minimal Language Server Protocol client for a server in another process (`reportql lsp --stdio`):
 * initialize, open and change documents, wait for the diagnostics of a version, shut down. Used by the
 * process test and the LSP benchmark.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import {
  createProtocolConnection,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver/node";

export interface ServerProcess {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcessWithoutNullStreams;
  readonly initialized: InitializeResult;
  /** Resolves with the diagnostics published for a document version. */
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  /** `shutdown` then `exit`; resolves with the process's exit code. */
  stop(): Promise<number | null>;
}

/** Starts `node <main> lsp --stdio` and initializes it as a push-diagnostics client. */
export async function startServerProcess(main: string, cwd: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [main, "lsp", "--stdio"], { cwd, stdio: ["pipe", "pipe", "pipe"] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiting = new Map<string, (params: PublishDiagnosticsParams) => void>();
  const arrived = new Map<string, PublishDiagnosticsParams>();
  connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
    const key = `${params.uri}@${params.version}`;
    const wake = waiting.get(key);
    if (wake === undefined) arrived.set(key, params);
    else {
      waiting.delete(key);
      wake(params);
    }
  });
  connection.onRequest("client/registerCapability", () => null);
  connection.listen();
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const died = exited.then((code) => Promise.reject(new Error(`the server exited with ${code}`)));
  died.catch(() => undefined);
  const initialized: InitializeResult = await Promise.race([
    connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } },
    }) as Promise<InitializeResult>,
    died,
  ]);
  await connection.sendNotification("initialized", {});
  return {
    connection,
    child,
    initialized,
    diagnostics(uri, version) {
      const key = `${uri}@${version}`;
      const already = arrived.get(key);
      if (already !== undefined) {
        arrived.delete(key);
        return Promise.resolve(already);
      }
      return new Promise((resolve) => waiting.set(key, resolve));
    },
    async stop() {
      await connection.sendRequest("shutdown");
      await connection.sendNotification("exit");
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
