/**
 * Whole-file writes of files the service gives (report downloads, pulled queries): written to a new
 * temporary file beside the target (created exclusively under a random name), flushed, then renamed
 * over it. Unlike `writeFileWhole` (which fixes the user's own files and keeps their links), a target
 * that is a symbolic link is refused: a link planted in an output folder must not redirect a write,
 * and `rename` replaces a link that appears meanwhile instead of writing through it.
 */
import { type FileHandle, lstat, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { errorCode, randomHex } from "./files.js";

/** Why a target cannot be written, or undefined when it can (it is absent or a regular file). */
export async function refusal(target: string): Promise<string | undefined> {
  try {
    const stat = await lstat(target);
    if (stat.isSymbolicLink()) return "it is a symbolic link, which reportql does not write through";
    if (!stat.isFile()) return "it exists and is not a regular file";
    return undefined;
  } catch (error) {
    return errorCode(error) === "ENOENT" ? undefined : `it cannot be examined (${errorCode(error)})`;
  }
}

/** Writes `target` whole through `write`; the reason it failed (the target then untouched), or undefined. */
export async function writeAtomically(
  target: string,
  write: (file: FileHandle) => Promise<void>,
): Promise<string | undefined> {
  const refused = await refusal(target);
  if (refused !== undefined) return refused;
  const temporary = join(dirname(target), `.${basename(target)}.reportql-${randomHex(8)}.tmp`);
  let file: FileHandle | undefined;
  try {
    file = await open(temporary, "wx", 0o644);
    await write(file);
    await file.sync();
    await file.close();
    file = undefined;
    await rename(temporary, target);
    return undefined;
  } catch (error) {
    const created = file !== undefined || errorCode(error) !== "EEXIST";
    await file?.close().catch(() => undefined);
    if (created) await unlink(temporary).catch(() => undefined);
    return `it could not be written (${errorCode(error)})`;
  }
}

/** Writes text whole (see `writeAtomically`). */
export function writeTextAtomically(target: string, text: string): Promise<string | undefined> {
  return writeAtomically(target, async (file) => {
    await file.writeFile(text);
  });
}

/**
 * Writes a stream's bytes whole (see `writeAtomically`); the byte count on success. A stream that
 * fails (a download cut off) is told apart from a write that fails: `readFailure` is the stream's error.
 */
export async function writeStreamAtomically(
  target: string,
  stream: ReadableStream<Uint8Array>,
): Promise<{ bytes: number } | { failure: string; readFailure?: unknown }> {
  let bytes = 0;
  let readFailure: { error: unknown } | undefined;
  const failure = await writeAtomically(target, async (file) => {
    const reader = stream.getReader();
    for (;;) {
      const next = await reader.read().catch((error: unknown) => {
        readFailure = { error };
        throw error;
      });
      if (next.done) break;
      bytes += next.value.length;
      await file.write(next.value);
    }
  });
  if (failure === undefined) return { bytes };
  return readFailure === undefined ? { failure } : { failure, readFailure: readFailure.error };
}
