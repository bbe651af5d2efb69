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
  constructor(
    readonly elements: Iterable<T>,
    /**
     * For a producer whose elements are all small (one diagnostic each: no lazy array, well under
     * `SMALL` values): the characters of an element's strings that can be long (messages, quoted
     * text), which spares counting every value of every element. Without it, each is counted.
     */
    readonly weight?: (element: T) => number,
  ) {}
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
    if (value instanceof LazyArray) yield* arrayChunks(value.elements, depth, indent, value.weight);
    else yield* arrayChunks(value as unknown[], depth, indent);
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

/**
 * Small elements of an array serialised together (one `JSON.stringify` call for many diagnostics), up
 * to this many, and while their strings hold under `BATCH` characters (a few elements quoting a
 * megabyte-long line must not make one huge string).
 */
const ELEMENTS_AT_ONCE = 256;

/**
 * An array's elements in pieces. Runs of small elements are serialised together, as an array whose
 * brackets are then cut off (`JSON.stringify([a, b], null, 2)` is `[`, then `a` and `b` each on
 * lines indented by two, then `]`), which is the same text as each element written on its own: one
 * native call for hundreds of GitLab issues instead of a generator step each.
 */
function* arrayChunks(
  elements: Iterable<unknown>,
  depth: number,
  indent: string,
  weight: (element: unknown) => number = textWeight,
): Generator<string> {
  const inner = `${indent}  `;
  let first = true;
  let run: unknown[] = [];
  let runCharacters = 0;
  const opening = () => {
    const text = first ? `[\n${inner}` : `,\n${inner}`;
    first = false;
    return text;
  };
  const flush = () => {
    const text = stringifiedElements(run, indent);
    run = [];
    runCharacters = 0;
    return opening() + text;
  };
  for (const element of elements) {
    const characters = weight(element);
    if (characters >= 0) {
      if (run.length > 0 && runCharacters + characters > BATCH) yield flush();
      run.push(element);
      runCharacters += characters;
      if (run.length >= ELEMENTS_AT_ONCE) yield flush();
      continue;
    }
    if (run.length > 0) yield flush();
    yield opening();
    yield* jsonChunks(element, depth + 1, inner);
  }
  if (run.length > 0) yield flush();
  yield first ? "[]" : `\n${indent}]`;
}

/**
 * The elements of `run` as `JSON.stringify(run, null, 2)` writes them, between the brackets, for an
 * array at `indent`: the run is nested in as many one-element arrays as `indent` has levels, so that
 * the native call indents every line itself (what JSON cannot hold, such as undefined or a function,
 * becomes `null` there as in any array), and the wrappers' lines are cut off.
 */
function stringifiedElements(run: unknown[], indent: string): string {
  const levels = indent.length / 2;
  let wrapped: unknown = run;
  let prefix = 0;
  let suffix = 0;
  for (let level = 0; level <= levels; level++) {
    if (level < levels) wrapped = [wrapped];
    prefix += 2 + 2 * (level + 1); // "[\n" and the next line's indentation
    suffix += 2 + 2 * level; // "\n", the indentation and "]"
  }
  const text = JSON.stringify(wrapped, null, 2);
  return text.slice(prefix, text.length - suffix);
}

/** Values a container may hold and still be written whole (a GitLab issue holds about 10). */
const SMALL = 256;

/** Whether `value` holds no lazy array and fewer than `SMALL` values in all (stops counting there). */
function isSmall(value: unknown): boolean {
  return textWeight(value) >= 0;
}

/**
 * The characters of the strings `value` holds, or -1 when it holds a lazy array or `SMALL` values or
 * more (counting stops there). Not the length of its JSON (keys, punctuation and escapes add to it,
 * up to six times for control characters): a measure that keeps a run of elements from growing
 * with the strings it quotes.
 */
function textWeight(value: unknown): number {
  const counted = { budget: SMALL, characters: 0 };
  return weigh(value, counted) ? counted.characters : -1;
}

/** Counts `member` and what it holds into `counted`; false once it is not small. */
function weigh(member: unknown, counted: { budget: number; characters: number }): boolean {
  if (--counted.budget < 0 || member instanceof LazyArray) return false;
  if (typeof member === "string") counted.characters += member.length;
  if (typeof member !== "object" || member === null) return true;
  if (Array.isArray(member)) {
    for (const element of member) if (!weigh(element, counted)) return false;
    return true;
  }
  for (const key in member)
    if (Object.hasOwn(member, key) && !weigh((member as Record<string, unknown>)[key], counted)) return false;
  return true;
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
