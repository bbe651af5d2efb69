/** The bundled server's entry point: `node dist/server.cjs --stdio`, as the client starts it. */
import { runStdioServer } from "../../../src/lsp/stdio.js";

void runStdioServer();
