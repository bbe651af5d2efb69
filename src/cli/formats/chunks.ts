/**
 * Reports written in pieces. A report can be larger than the longest string V8 holds (about 512 M
 * characters): an 8 MB file with 930,000 diagnostics gives a JSON report of over 600 M. So every format
 * yields its output in pieces, JSON is serialised piece by piece (`jsonChunks`, byte for byte what
 * `JSON.stringify(value, null, 2)` writes), and the pieces are written in batches of bounded size.
 */
import type { Writer } from "../terminal.js";

/** A report as pieces of text, in order. */
export type Chunks = Iterable<string>;

/** An array whose elements are made as they are written (none of them is kept afterwards). */
export class LazyArray<T> {
  constructor(readonly elements: Iterable<T>) {}
}

/** Containers nested deeper than this are serialised whole (they are one diagnostic, small). */
const STREAMED_DEPTH = 4;

/**
 * `JSON.stringify(value, null, 2)` as pieces: arrays and objects down to `STREAMED_DEPTH` levels are
 * written one member at a time, deeper values whole (re-indented, as the whole-text call indents them).
 * A `LazyArray` is written as an array. Plain data only: no `toJSON`, no cycles.
 */
export function* jsonChunks(value: unknown, depth = 0, indent = ""): Generator<string> {
  const streamed = Array.isArray(value) || value instanceof LazyArray;
  // A small container (one diagnostic, one GitLab issue) is written whole: a generator per member made
  // the GitLab report of 15,000 problems cost half as much as checking them.
  const whole = (depth >= STREAMED_DEPTH || isSmall(value)) && !(value instanceof LazyArray);
  if (whole || (!streamed && (typeof value !== "object" || value === null))) {
    const text = JSON.stringify(value, null, 2) ?? "null";
    yield indent === "" ? text : text.replaceAll("\n", `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (streamed) {
    const elements = value instanceof LazyArray ? value.elements : (value as unknown[]);
    let first = true;
    for (const element of elements) {
      yield first ? `[\n${inner}` : `,\n${inner}`;
      first = false;
      // As JSON.stringify does: what JSON cannot hold is `null` in an array.
      yield* jsonChunks(isOmitted(element) ? null : element, depth + 1, inner);
    }
    yield first ? "[]" : `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (isOmitted(member)) continue; // and is left out of an object
    yield `${first ? "{" : ","}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonChunks(member, depth + 1, inner);
  }
  yield first ? "{}" : `\n${indent}}`;
}

/** Values a container may hold and still be written whole (a GitLab issue holds about 10). */
const SMALL = 256;

/** Whether `value` holds no lazy array and fewer than `SMALL` values in all (stops counting there). */
function isSmall(value: unknown): boolean {
  let budget = SMALL;
  const visit = (member: unknown): boolean => {
    if (--budget < 0 || member instanceof LazyArray) return false;
    if (typeof member !== "object" || member === null) return true;
    return (Array.isArray(member) ? member : Object.values(member)).every(visit);
  };
  return visit(value);
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** Characters written at once: large enough to be fast, far below the string limit. */
const BATCH = 1 << 16;

/** The pieces joined into batches of about `BATCH` characters. */
export function* batched(chunks: Chunks): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= BATCH) {
      yield parts.join("");
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join("");
}

/** A Node stream's side of a writer: `write` returns false when its buffer is full, then "drain". */
interface Drainable {
  once(event: "drain", listener: () => void): unknown;
}

/**
 * Writes pieces to a writer, in batches, waiting for a full stream buffer to drain (a pipe to a slow
 * reader): without the wait, a report of hundreds of megabytes piles up in memory, and a pipe fails
 * with ENOBUFS.
 */
export async function writeChunks(writer: Writer, chunks: Chunks): Promise<void> {
  const drainable = "once" in writer ? (writer as Writer & Drainable) : undefined;
  for (const batch of batched(chunks)) {
    const accepted: unknown = writer.write(batch);
    if (accepted === false && drainable !== undefined)
      await new Promise<void>((resolve) => drainable.once("drain", resolve));
  }
}

/** The pieces, each passed through `f` (a filter that keeps lines whole). */
export function* mapChunks(chunks: Chunks, f: (text: string) => string): Generator<string> {
  for (const chunk of chunks) yield f(chunk);
}

/** Pieces joined: for small reports and tests. */
export function joinChunks(chunks: Chunks): string {
  return [...batched(chunks)].join("");
}
