/**
 * Reads bounded by size. The CLI reads files, standard input and catalogs no further than a limit, so
 * that a pipe that never ends or a device (`/dev/zero`) cannot exhaust memory. Kept apart from
 * `files.ts` (globbing, ignores) so that the executable's entry point loads little.
 */
import { promises as fs } from "node:fs";

/** What a bounded read gives: the bytes, or that there were more than the limit. */
export type LimitedRead =
  | { readonly kind: "bytes"; readonly bytes: Buffer }
  | { readonly kind: "too-large"; readonly limit: number };

/**
 * Reads a file of any kind (a regular file, a pipe, a device) up to `limit` bytes: a FIFO or
 * `/dev/zero` given as a catalog is read no further than the limit, instead of until memory runs out.
 * Errors opening or reading the file are thrown, as by `fs.readFile`.
 */
export async function readLimited(path: string, limit: number): Promise<LimitedRead> {
  const file = await fs.open(path, "r");
  try {
    return await readAllLimited(file, limit);
  } finally {
    await file.close();
  }
}

async function readAllLimited(file: fs.FileHandle, limit: number): Promise<LimitedRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const buffer = Buffer.alloc(Math.min(1 << 20, limit + 1 - size));
    const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) return { kind: "bytes", bytes: Buffer.concat(chunks, size) };
    chunks.push(buffer.subarray(0, bytesRead));
    size += bytesRead;
    if (size > limit) return { kind: "too-large", limit };
  }
}

/**
 * Reads a stream (standard input) up to `limit` bytes and one chunk more: past the limit it stops
 * reading, so a pipe that never ends cannot exhaust memory. More than `limit` bytes returned means
 * the stream held more.
 */
export async function readStreamLimited(stream: AsyncIterable<unknown>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(bytes);
    size += bytes.length;
    if (size > limit) break; // leaving the loop destroys the stream
  }
  return Buffer.concat(chunks, size);
}
