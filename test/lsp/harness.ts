/**
 * An in-process client/server pair over streams, for protocol tests. The server is the real one
 * (`startServer`), on `vscode-languageserver/node`'s connection over in-memory streams; the client is a
 * bare protocol connection that records what the server publishes. Files the server reads
 * (configuration, catalogs) come from an in-memory map.
 */
import { PassThrough } from "node:stream";
import {
  type ClientCapabilities,
  createConnection,
  createProtocolConnection,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from "vscode-languageserver/node";
import { startServer } from "../../src/lsp/server.js";
import { LineMap } from "../../src/text/line-map.js";

/** A client that pushes only (no pull diagnostics), with snippets. */
export const PUSH_CLIENT: ClientCapabilities = {
  textDocument: { completion: { completionItem: { snippetSupport: true } } },
  workspace: { configuration: true },
};

/** A client that pulls diagnostics (as VS Code does). */
export const PULL_CLIENT: ClientCapabilities = {
  ...PUSH_CLIENT,
  textDocument: { ...PUSH_CLIENT.textDocument, diagnostic: { dynamicRegistration: false } },
  workspace: { configuration: true, diagnostics: { refreshSupport: true } },
};

export interface PairOptions {
  readonly capabilities?: ClientCapabilities;
  /** Files the server may read, by absolute path. */
  readonly files?: Map<string, string>;
  /** What the client answers to `workspace/configuration`. */
  readonly settings?: () => unknown;
  readonly initializationOptions?: unknown;
  readonly debounceMs?: number;
  /** The workspace folders' URIs sent in `initialize`. */
  readonly workspaceFolders?: readonly string[];
}

/** `SELECT <|> FROM x`: the text without the marker, and the marker's protocol position. */
export function cursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf("<|>");
  if (offset === -1) throw new Error(`no <|> in ${marked}`);
  const text = marked.slice(0, offset) + marked.slice(offset + 3);
  return { text, position: new LineMap(text).zeroBased(offset) };
}

/** Applies text edits (non-overlapping) to a text, as a client would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineMap(text);
  const spans = edits
    .map((e) => ({
      start: lines.offsetOfZeroBased(e.range.start),
      end: lines.offsetOfZeroBased(e.range.end),
      text: e.newText,
    }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const s of spans) result = result.slice(0, s.start) + s.text + result.slice(s.end);
  return result;
}

export type Pair = Awaited<ReturnType<typeof startPair>>;

/** Starts a server and a client talking to it, initialized. */
export async function startPair(options: PairOptions = {}) {
  const up = new PassThrough();
  const down = new PassThrough();
  const files = options.files ?? new Map<string, string>();
  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startServer(server, { readFile: (path) => files.get(path), debounceMs: options.debounceMs ?? 0 });
  server.listen();
  const client: ProtocolConnection = createProtocolConnection(
    new StreamMessageReader(down),
    new StreamMessageWriter(up),
  );
  const published: PublishDiagnosticsParams[] = [];
  const messages: string[] = [];
  const waiters: (() => void)[] = [];
  client.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
    published.push(params);
    for (const wake of waiters.splice(0)) wake();
  });
  client.onNotification("window/showMessage", (params: { message: string }) => {
    messages.push(params.message);
  });
  client.onNotification("window/logMessage", (params: { message: string }) => {
    messages.push(params.message);
  });
  let configured: () => void = () => undefined;
  const settingsAsked = new Promise<void>((resolve) => {
    configured = resolve;
  });
  client.onRequest("workspace/configuration", (params: { items: unknown[] }) => {
    configured();
    return params.items.map(() => options.settings?.() ?? null);
  });
  const registrations: { method: string; registerOptions?: { documentSelector?: unknown } }[] = [];
  client.onRequest("client/registerCapability", (params: { registrations: typeof registrations }) => {
    registrations.push(...params.registrations);
    return null;
  });
  client.onRequest("workspace/diagnostic/refresh", () => null);
  client.onRequest("window/showMessageRequest", () => null);
  client.listen();
  const initialized: InitializeResult = await client.sendRequest("initialize", {
    processId: null,
    rootUri: null,
    capabilities: options.capabilities ?? PUSH_CLIENT,
    initializationOptions: options.initializationOptions,
    workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: uri })) ?? null,
  });
  await client.sendNotification("initialized", {});
  // The server asks for settings once initialized, then starts over with them: let it settle.
  if (options.capabilities?.workspace?.configuration ?? PUSH_CLIENT.workspace?.configuration)
    await Promise.race([settingsAsked, new Promise((resolve) => setTimeout(resolve, 1000))]);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const versions = new Map<string, number>();

  /** The diagnostics published for a document's version, waiting for them. */
  const diagnostics = async (uri: string, version = versions.get(uri)): Promise<Diagnostic[]> => {
    for (let i = 0; i < 200; i++) {
      const found = published.findLast(
        (p) => p.uri === uri && (version === undefined || p.version === version),
      );
      if (found !== undefined) return found.diagnostics;
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
    throw new Error(`no diagnostics for ${uri} version ${version}`);
  };

  return {
    client,
    initialized,
    published,
    messages,
    registrations,
    files,
    diagnostics,
    async open(uri: string, text: string, languageId = uri.endsWith(".json") ? "json" : "reportql") {
      versions.set(uri, 1);
      await client.sendNotification("textDocument/didOpen", {
        textDocument: { uri, languageId, version: 1, text },
      });
    },
    async change(uri: string, changes: TextDocumentContentChangeEvent[]) {
      const version = (versions.get(uri) ?? 0) + 1;
      versions.set(uri, version);
      await client.sendNotification("textDocument/didChange", {
        textDocument: { uri, version },
        contentChanges: changes,
      });
      return version;
    },
    request<R>(method: string, params: unknown): Promise<R> {
      return client.sendRequest(method, params) as Promise<R>;
    },
    dispose() {
      server.dispose();
      client.dispose();
    },
  };
}
