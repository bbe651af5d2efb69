/**
 * The VS Code extension: starts the bundled language server (`dist/server.cjs`, no global install
 * needed) for `.rql` documents and JSON request bodies. Everything a user sees comes from the server.
 */
import type { ExtensionContext } from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The documents the server is started for: `.rql` files, and JSON files that may hold request bodies. */
export const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "reportql" },
  { scheme: "untitled", language: "reportql" },
  { scheme: "file", language: "json" },
  // Request files (REST Client, JetBrains HTTP Client): whatever language another extension gives them.
  { scheme: "file", pattern: "**/*.{http,rest}" },
];

/** How the client starts the server: the bundled module, run by VS Code's own Node over stdio. */
export function serverOptions(context: Pick<ExtensionContext, "asAbsolutePath">): ServerOptions {
  const module = context.asAbsolutePath("dist/server.cjs");
  return {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
}

export function clientOptions(): LanguageClientOptions {
  return { documentSelector: DOCUMENT_SELECTOR };
}

export async function activate(context: ExtensionContext): Promise<void> {
  client = new LanguageClient("reportql", "ReportQL", serverOptions(context), clientOptions());
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}
