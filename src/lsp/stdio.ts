/**
 * `reportql lsp --stdio`: the server on standard input and output. The connection ends the process
 * on `exit` (code 0 after `shutdown`, else 1) and when standard input closes (the editor went away).
 */
import { createConnection } from "vscode-languageserver/node";
import { startServer } from "./server.js";

/** Serves until the client exits; the promise never settles (the process ends with the connection). */
export function runStdioServer(): Promise<number> {
  const connection = createConnection(process.stdin, process.stdout);
  startServer(connection);
  connection.listen();
  return new Promise<number>(() => undefined);
}
