/**
 * The report query language server: `startServer(connection)` wires the protocol to the lint pipeline
 * and the editor services. Every request works on the latest version of its document (changes are
 * applied in order before a request is read), answers a cancelled request with `RequestCancelled`, and
 * catches anything thrown so that no text a user types can take the server down.
 */
import { basename, isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type CancellationToken,
  type ClientCapabilities,
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  type InitializeParams,
  type InitializeResult,
  LogMessageNotification,
  LSPErrorCodes,
  MessageType,
  PublishDiagnosticsNotification,
  ResponseError,
  SemanticTokensRegistrationType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { capDiagnostics } from "../lint/cap.js";
import { AnalysisCache } from "../services/analysis.js";
import { FIX_ALL_KIND } from "./actions.js";
import { analyzeConfig, configKeyOf } from "./config-document.js";
import { toLspDiagnostic } from "./convert.js";
import { SEMANTIC_TOKENS_LEGEND } from "./features.js";
import { analyzeFile, type FileAnalysis, kindOf, type QueryFileKind } from "./kinds.js";
import { registerRequests } from "./requests.js";
import { type EditorSettings, OptionsResolver, type ResolvedOptions, readText } from "./settings.js";
import { SYNCED_DOCUMENTS } from "./sync.js";
import { FolderWatcher } from "./watch.js";

/** Options of `startServer`, for tests and embedders. */
export interface ServerOptions {
  /** Reads a file (configuration, catalog); `undefined` when it cannot be read. */
  readonly readFile?: (path: string) => string | undefined;
  /** The least time between two diagnostic runs of one document while it is being edited. */
  readonly debounceMs?: number;
  /**
   * Whether to watch the files options are read from on disk when the client cannot watch them for
   * the server. Default: when files are read from disk (no `readFile`).
   */
  readonly watchFiles?: boolean;
}

/** The files a client is asked to watch: what options are read from (catalog files are added by name). */
const WATCHED_FILES = ["**/reportql.config.json", "**/package.json", "**/.reportqlignore"];

/** What request handlers need from the server's state. */
export interface ServerState {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  /** The analysis of a document's current version; `undefined` for a document that is not ours. */
  analysis(uri: string): FileAnalysis | undefined;
  /** The options a document is linted with. */
  options(uri: string): ResolvedOptions;
  /** The file path of a document (its URI when it is not a file). */
  path(uri: string): string;
  readonly client: ClientFeatures;
  /** Identifies a document's diagnostics: its version and the configuration's generation. */
  resultId(uri: string): string | undefined;
}

/** What the client said it supports, as far as the server cares. */
export interface ClientFeatures {
  readonly pullDiagnostics: boolean;
  readonly diagnosticRefresh: boolean;
  readonly configuration: boolean;
  readonly configurationRegistration: boolean;
  readonly watchedFilesRegistration: boolean;
  /** Sends `workspace/didChangeWorkspaceFolders` (folders added to or removed from the workspace). */
  readonly workspaceFolders: boolean;
  readonly snippets: boolean;
  /** Resolves a code action's edit later (`codeAction/resolve`): the fix-all edit is computed then. */
  readonly codeActionResolve: boolean;
  /** The `.rql`-only features the client lets the server register for `.rql` documents alone. */
  readonly dynamic: RqlOnlyFeatures;
}

/** Whether each feature that only `.rql` documents have can be registered dynamically. */
interface RqlOnlyFeatures {
  readonly formatting: boolean;
  readonly rangeFormatting: boolean;
  readonly symbols: boolean;
  readonly folding: boolean;
  readonly semanticTokens: boolean;
}

/**
 * The documents the `.rql`-only features are registered for. Registered for every served document
 * (JSON included), they would make VS Code see a second JSON formatter, outline and folding provider.
 */
const RQL_SELECTOR = [{ language: "reportql" }, { pattern: "**/*.rql" }];

function clientFeatures(capabilities: ClientCapabilities): ClientFeatures {
  return {
    pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined,
    diagnosticRefresh: capabilities.workspace?.diagnostics?.refreshSupport === true,
    configuration: capabilities.workspace?.configuration === true,
    configurationRegistration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesRegistration: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    workspaceFolders: capabilities.workspace?.workspaceFolders === true,
    snippets: capabilities.textDocument?.completion?.completionItem?.snippetSupport === true,
    codeActionResolve:
      capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes("edit") === true,
    dynamic: {
      formatting: capabilities.textDocument?.formatting?.dynamicRegistration === true,
      rangeFormatting: capabilities.textDocument?.rangeFormatting?.dynamicRegistration === true,
      symbols: capabilities.textDocument?.documentSymbol?.dynamicRegistration === true,
      folding: capabilities.textDocument?.foldingRange?.dynamicRegistration === true,
      semanticTokens: capabilities.textDocument?.semanticTokens?.dynamicRegistration === true,
    },
  };
}

/** Registers the `.rql`-only features for `.rql` documents, where the client allows it. */
function registerRqlOnly(connection: Connection, dynamic: RqlOnlyFeatures): void {
  const documentSelector = RQL_SELECTOR;
  const register = (enabled: boolean, registration: () => Promise<unknown>) => {
    if (enabled) registration().catch(() => undefined);
  };
  const remote = connection.client;
  register(dynamic.formatting, () => remote.register(DocumentFormattingRequest.type, { documentSelector }));
  register(dynamic.rangeFormatting, () =>
    remote.register(DocumentRangeFormattingRequest.type, { documentSelector }),
  );
  register(dynamic.symbols, () => remote.register(DocumentSymbolRequest.type, { documentSelector }));
  register(dynamic.folding, () => remote.register(FoldingRangeRequest.type, { documentSelector }));
  register(dynamic.semanticTokens, () =>
    remote.register(SemanticTokensRegistrationType.type, {
      documentSelector,
      legend: SEMANTIC_TOKENS_LEGEND,
      full: { delta: true },
    }),
  );
}

/** The answer to a request whose client gave up on it. */
export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, "request cancelled");
}

/** Sends a notification; a connection closed meanwhile has nobody left to tell, so that is no error. */
export function notify(connection: Connection, method: string, params: object): void {
  try {
    connection.sendNotification(method, params).catch(() => undefined);
  } catch {
    // Disposed: the client is gone.
  }
}

/** Runs a handler; a cancelled request is answered as such, and an exception becomes `fallback`. */
export function guard<R>(
  connection: Connection,
  name: string,
  token: CancellationToken | undefined,
  fallback: R,
  run: () => R,
): R | ResponseError<void> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    return run();
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const message = `reportql: internal error in ${name}; please report it\n${detail}`;
    notify(connection, LogMessageNotification.method, { type: MessageType.Error, message });
    return fallback;
  }
}

/** At most this many diagnostics per file go to the editor (the CLI reports up to 20,000). */
export const MAX_EDITOR_DIAGNOSTICS = 2_000;

function pathOf(uri: string): string {
  if (!uri.startsWith("file:")) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

function folderOf(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  const path = pathOf(uri);
  // A file URI this platform has no path for (`file://host/share/q.rql` off Windows): no folder, or the
  // configuration would be looked for relative to the server's own working folder.
  if (!isAbsolute(path)) return undefined;
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return slash === -1 ? undefined : path.slice(0, slash) || "/";
}

/** Settings sent in `initializationOptions` or `didChangeConfiguration`: `{reportql: {...}}` or bare. */
function settingsFrom(value: unknown): EditorSettings | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const nested = (value as { reportql?: unknown }).reportql;
  if (typeof nested === "object" && nested !== null) return nested as EditorSettings;
  const bare = value as EditorSettings;
  return bare.catalog !== undefined || bare.rules !== undefined ? bare : undefined;
}

/** The paths of workspace folders' URIs (folders that are not files have none). */
function folderPaths(uris: readonly string[]): string[] {
  return uris.filter((uri) => uri.startsWith("file:")).map(pathOf);
}

/** Starts serving on a connection (call `connection.listen()` after). */
export function startServer(connection: Connection, serverOptions: ServerOptions = {}): void {
  const documents = new TextDocuments(SYNCED_DOCUMENTS);
  const read = serverOptions.readFile ?? readText;
  // Without a client watching files, the server watches what it read: configuration, ignores, catalogs.
  let watcher: FolderWatcher | undefined;
  const readPaths = new Set<string>();
  const readWatched = (path: string) => {
    if (watcher !== undefined || client.watchedFilesRegistration) readPaths.add(path);
    return read(path);
  };
  const resolver = new OptionsResolver(readWatched);
  const debounceMs = serverOptions.debounceMs ?? 50;
  const caches = new Map<string, AnalysisCache>();
  const analyses = new Map<string, FileAnalysis>();
  const shownProblems = new Set<string>();
  let client = clientFeatures({});
  let generation = 0;
  let folders: string[] = [];

  const options = (uri: string): ResolvedOptions => {
    const resolved = resolver.forFolder(folderOf(uri));
    watchRead();
    // A configuration open in the editor shows its problems as diagnostics, where they are: a message
    // box as well would repeat them (and stay on screen while the user corrects them).
    // Asked only when there are problems to hide: this runs on every analysis.
    const configOpen =
      resolved.configProblems.length > 0 && resolved.configFile !== undefined && isOpen(resolved.configFile);
    for (const problem of configOpen
      ? resolved.problems
      : [...resolved.configProblems, ...resolved.problems]) {
      if (shownProblems.has(problem)) continue;
      shownProblems.add(problem);
      notify(connection, ShowMessageNotification.method, {
        type: MessageType.Warning,
        message: `reportql: ${problem}`,
      });
    }
    return resolved;
  };

  /** Watches the files read since last time (configuration, ignores, catalogs). */
  const watchRead = () => {
    if (readPaths.size === 0) return;
    watcher?.watch(readPaths);
    if (client.watchedFilesRegistration) watchNames(readPaths);
    readPaths.clear();
  };

  const isOpen = (path: string) => documents.all().some((document) => pathOf(document.uri) === path);

  // Catalog files have names of their own: the client is asked to watch each name once it is read.
  const watchedNames = new Set(WATCHED_FILES.map((glob) => glob.slice("**/".length)));
  const watchNames = (paths: Iterable<string>) => {
    const names = [...new Set([...paths].map((path) => basename(path)))].filter((n) => !watchedNames.has(n));
    if (names.length === 0) return;
    for (const name of names) watchedNames.add(name);
    const watchers = names.map((name) => ({ globPattern: `**/${name.replace(/[[\]{}*?,!]/g, "[$&]")}` }));
    connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
  };

  const cacheFor = (resolved: ResolvedOptions): AnalysisCache => {
    let cache = caches.get(resolved.key);
    if (cache === undefined) {
      cache = new AnalysisCache(() => resolved.options);
      caches.set(resolved.key, cache);
    }
    return cache;
  };

  const analysis = (uri: string): FileAnalysis | undefined => {
    const document = documents.get(uri);
    if (document === undefined) return undefined;
    const kind = kindOf(uri, document.languageId);
    if (kind === undefined) return undefined;
    const cached = analyses.get(uri);
    // The text too: a client opening a document again without closing it may start at the same version.
    const current = document.getText();
    if (cached !== undefined && cached.version === document.version && cached.text === current) return cached;
    const path = pathOf(uri);
    const analysed = analyzeVersion(uri, path, kind, document.version, current);
    // Every edit sends all of a file's diagnostics to the editor: a pasted export with 100,000
    // problems would freeze it. The most severe are kept, and RQ9130 says how many more there are.
    const result =
      analysed.diagnostics.length > MAX_EDITOR_DIAGNOSTICS
        ? {
            ...analysed,
            diagnostics: capDiagnostics(analysed.diagnostics, basename(path), MAX_EDITOR_DIAGNOSTICS),
          }
        : analysed;
    analyses.set(uri, result);
    return result;
  };

  /** One version of a document analysed: as a configuration file, or as a file of queries. */
  const analyzeVersion = (uri: string, path: string, kind: QueryFileKind, version: number, text: string) => {
    const key = configKeyOf(uri, text);
    if (key !== undefined) {
      const config = analyzeConfig({ path, version, text, key, read: readWatched });
      watchRead();
      return config;
    }
    const resolved = options(uri);
    const context = { id: uri, path, version, text, options: resolved.options, cache: cacheFor(resolved) };
    const analysed = analyzeFile(kind, context);
    // A file the configuration ignores is reported on by `reportql check` with nothing: so here.
    return resolved.ignored?.(path) === true ? { ...analysed, diagnostics: [] } : analysed;
  };

  const state: ServerState = {
    connection,
    documents,
    analysis,
    options,
    path: pathOf,
    resultId: (uri) => {
      const version = documents.get(uri)?.version;
      return version === undefined ? undefined : `${generation}:${version}`;
    },
    get client() {
      return client;
    },
  };

  const publisher = diagnosticPublisher(state, debounceMs);

  /** The configuration or the settings changed: everything is analysed again. */
  const refresh = () => {
    generation++;
    resolver.clear();
    caches.clear();
    analyses.clear();
    shownProblems.clear();
    if (client.pullDiagnostics) {
      if (client.diagnosticRefresh) connection.languages.diagnostics.refresh().catch(() => undefined);
    } else for (const document of documents.all()) publisher.schedule(document.uri);
  };

  const fetchSettings = async () => {
    if (!client.configuration) return;
    try {
      const settings = settingsFrom({ reportql: await connection.workspace.getConfiguration("reportql") });
      resolver.setSettings(settings ?? {});
    } catch {
      // A client that fails the request keeps the settings it had.
    }
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    client = clientFeatures(params.capabilities);
    // The client's workspace folders (or its root, from clients before folders).
    folders = folderPaths(params.workspaceFolders?.map((f) => f.uri) ?? [params.rootUri ?? ""]);
    resolver.setWorkspaceFolders(folders);
    const initial = settingsFrom(params.initializationOptions);
    if (initial !== undefined) resolver.setSettings(initial);
    return { capabilities: capabilities(client), serverInfo: { name: "reportql" } };
  });

  connection.onInitialized(() => initialized().catch(() => undefined));

  const initialized = async () => {
    registerRqlOnly(connection, client.dynamic);
    if (client.configurationRegistration)
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: "reportql" })
        .catch(() => undefined);
    if (client.watchedFilesRegistration)
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })),
        })
        .catch(() => undefined);
    else if (serverOptions.watchFiles ?? serverOptions.readFile === undefined)
      watcher = new FolderWatcher(refresh);
    if (client.workspaceFolders)
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        const gone = new Set(folderPaths(removed.map((f) => f.uri)));
        folders = [...folders.filter((f) => !gone.has(f)), ...folderPaths(added.map((f) => f.uri))];
        resolver.setWorkspaceFolders(folders);
        refresh();
      });
    await fetchSettings();
    refresh();
  };

  connection.onDidChangeConfiguration((params) => {
    const pushed = settingsFrom(params.settings);
    if (!client.configuration && pushed !== undefined) resolver.setSettings(pushed);
    const settled = client.configuration ? fetchSettings() : Promise.resolve();
    settled.then(refresh, () => undefined);
  });

  connection.onDidChangeWatchedFiles(() => refresh());
  connection.onShutdown(() => watcher?.close());

  documents.onDidChangeContent((event) => publisher.schedule(event.document.uri));
  documents.onDidClose((event) => {
    publisher.forget(event.document.uri);
    analyses.delete(event.document.uri);
    for (const cache of caches.values()) cache.delete(event.document.uri);
  });

  registerRequests(state);
  documents.listen(connection);
}

function capabilities(client: ClientFeatures): InitializeResult["capabilities"] {
  const { dynamic } = client;
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    ...(client.workspaceFolders && {
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    }),
    completionProvider: { triggerCharacters: [" ", ",", "("] },
    hoverProvider: true,
    codeActionProvider: {
      codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
      ...(client.codeActionResolve && { resolveProvider: true }),
    },
    // Registered later for `.rql` documents alone when the client allows (`registerRqlOnly`).
    ...(!dynamic.formatting && { documentFormattingProvider: true }),
    ...(!dynamic.rangeFormatting && { documentRangeFormattingProvider: true }),
    ...(!dynamic.semanticTokens && {
      semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true } },
    }),
    ...(!dynamic.symbols && { documentSymbolProvider: true }),
    ...(!dynamic.folding && { foldingRangeProvider: true }),
    // Advertised only to clients that pull: others (Neovim before 0.10, vim-lsp) break on it.
    ...(client.pullDiagnostics && {
      diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false },
    }),
  };
}

/** Pushes diagnostics (clients that do not pull): at once when idle, at most every `debounceMs` while typing. */
function diagnosticPublisher(state: ServerState, debounceMs: number) {
  const timers = new Map<string, NodeJS.Timeout>();
  const lastRun = new Map<string, number>();

  const publish = (uri: string) => {
    timers.delete(uri);
    const document = state.documents.get(uri);
    if (document === undefined) return;
    lastRun.set(uri, performance.now());
    guard(state.connection, "diagnostics", undefined, undefined, () => {
      const result = state.analysis(uri);
      if (result === undefined) return;
      const diagnostics = result.diagnostics.map((d, i) => toLspDiagnostic(result.lines, uri, d, i));
      notify(state.connection, PublishDiagnosticsNotification.method, {
        uri,
        version: result.version,
        diagnostics,
      });
    });
  };

  return {
    schedule(uri: string) {
      if (state.client.pullDiagnostics) return;
      clearTimeout(timers.get(uri));
      const since = performance.now() - (lastRun.get(uri) ?? Number.NEGATIVE_INFINITY);
      timers.set(uri, setTimeout(publish, Math.max(0, debounceMs - since), uri));
    },
    forget(uri: string) {
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      lastRun.delete(uri);
      if (!state.client.pullDiagnostics)
        notify(state.connection, PublishDiagnosticsNotification.method, { uri, diagnostics: [] });
    },
  };
}
