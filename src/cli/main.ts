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

  // A reader that stops early (`reportql check | head`) closes the pipe: stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }

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
    stdout: process.stdout,
    stderr: process.stderr,
    // Standard input, read no further than the limit (a pipe that never ends cannot exhaust memory).
    readStdin: (limit: number) => readStreamLimited(process.stdin, limit),
  });
  process.off("beforeExit", unfinished);
}

async function importCore() {
  enableNodeCompileCache();
  return import("./core.js");
}

// `run` reports every problem itself; what reaches here is a bug, and Node prints it with its stack.
void main();
