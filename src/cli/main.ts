#!/usr/bin/env node
/** The `reportql` executable: binds `run` to the process. */
import { readStreamLimited } from "./limited-read.js";
import { run } from "./run.js";

/** Standard input, read no further than the limit (a pipe that never ends cannot exhaust memory). */
const readStdin = (limit: number) => readStreamLimited(process.stdin, limit);

// A reader that stops early (`reportql check | head`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const code = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
});
process.exitCode = code;
