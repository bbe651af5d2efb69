#!/usr/bin/env node
/**
 * The `reportql` executable: binds `run` to the process. The build bundles this file alone as
 * `dist/cli/main.cjs`, a CommonJS script (Node starts one faster than an ES module), which loads the
 * CLI from V8's code cache when that fits this Node, or else its ES modules (`code-cache.ts`).
 */
import { enableNodeCompileCache, loadCachedCore } from "./code-cache.js";

async function main(): Promise<void> {
  const cached = loadCachedCore(import.meta.dirname);
  const { run, readStreamLimited } = cached.core ?? (await importCore());

  // Node ends a process whose event loop empties while `run` still waits (a bug: a promise nothing will
  // settle) with the exit code set so far, 0. The ES module this replaced had Node's exit code 13 for
  // that (its top-level await never settled); say so, and fail.
  const unfinished = () => {
    process.stderr.write(
      "reportql: internal error: the command stopped before it finished; please report it\n",
    );
    process.exitCode = 2;
  };
  process.once("beforeExit", unfinished);
  process.exitCode = await run(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: untilClosed(process.stdout),
    stderr: untilClosed(process.stderr),
    // Standard input, read no further than the limit (a pipe that never ends cannot exhaust memory).
    readStdin: (limit: number) => readStreamLimited(process.stdin, limit),
  });
  process.off("beforeExit", unfinished);
}

/**
 * A standard stream as `run` writes to it. A reader that stops early (`reportql check | head`) closes
 * the pipe: what is written after that is dropped without a word, and the command still finishes, so
 * that its exit code says what it found (under `set -o pipefail`, `check | head` fails when there were
 * problems). The language server writes to standard output itself and ends when its input closes.
 */
function untilClosed(stream: NodeJS.WriteStream) {
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    closed = true;
  });
  return {
    write(text: string): void {
      if (!closed) stream.write(text);
    },
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  };
}

async function importCore() {
  enableNodeCompileCache();
  return import("./core.js");
}

// `run` reports every problem itself; what reaches here is a bug, and Node prints it with its stack.
void main();
