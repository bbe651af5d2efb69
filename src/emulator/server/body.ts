/**
 * Request bodies: at most the limit (413 past it), read as UTF-8 the way the service's JSON reader
 * does: a leading byte order mark is skipped (Windows tools write one: PowerShell 5's
 * `Out-File -Encoding utf8`, Notepad), and bytes that are not UTF-8 are refused with 400 rather than
 * silently turned into U+FFFD (a Latin-1 `café` would otherwise be stored as `caf\uFFFD`). Both the
 * fetch-style handler and `node.ts` read bodies here, so they agree.
 */
import { type Answer, type EmulatorRequest, fail, MESSAGES } from "./envelope.js";

const UTF8 = new TextDecoder("utf-8", { fatal: true });

export function tooLarge(limit: number): Answer {
  return fail(413, `Request body too large: the limit is ${limit} bytes`);
}

/** The bytes as text, or a 400 that says where the first byte that is not UTF-8 is. */
export function decodeBody(bytes: Uint8Array): string | Answer {
  try {
    return UTF8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const byte = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    return fail(400, MESSAGES.badParameters, {
      detail: `the body is not UTF-8: byte 0x${byte} at offset ${at} is not part of a UTF-8 character; send JSON (and CSV) encoded as UTF-8`,
    });
  }
}

/** The offset of the first byte that starts no valid UTF-8 character (RFC 3629's table). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const at = (i: number) => bytes[i] ?? -1;
  const tail = (i: number) => (at(i) & 0xc0) === 0x80;
  for (let i = 0; i < bytes.length; ) {
    const c = at(i);
    const next = at(i + 1);
    let size = 0;
    if (c < 0x80) size = 1;
    else if (c >= 0xc2 && c <= 0xdf) size = 2;
    else if (c >= 0xe0 && c <= 0xef) size = 3;
    else if (c >= 0xf0 && c <= 0xf4) size = 4;
    // Overlong forms, surrogates and code points past U+10FFFF.
    const range =
      (c === 0xe0 && next < 0xa0) ||
      (c === 0xed && next >= 0xa0) ||
      (c === 0xf0 && next < 0x90) ||
      (c === 0xf4 && next >= 0x90);
    if (size === 0 || range) return i;
    for (let k = 1; k < size; k++) if (!tail(i + k)) return i;
    i += size;
  }
  return 0;
}

/** The body as text, or a 413 when it is larger than the limit, or a 400 when it is not UTF-8. */
export async function bodyText(request: EmulatorRequest, limit: number): Promise<string | Answer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return tooLarge(limit);
  // A fetch `Request` given to `handle()` in process may stream a body of no declared length: read
  // it up to the limit and stop there, as `node.ts` does on the wire, rather than whole.
  const stream = (request as { readonly body?: unknown }).body;
  if (!(stream instanceof ReadableStream)) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    return bytes.length > limit ? tooLarge(limit) : decodeBody(bytes);
  }
  const chunks = (stream as ReadableStream<Uint8Array>)[Symbol.asyncIterator]();
  const read = await readUpTo(chunks, limit);
  if (read === "too-large") {
    // Cancels the stream: nobody reads the rest.
    await chunks.return?.();
    return tooLarge(limit);
  }
  return read === "aborted" ? fail(400, "The request's body could not be read") : decodeBody(read);
}

/**
 * The one reader of request bodies, for `node.ts` (a Node request) and `bodyText` (a fetch body):
 * the chunks' bytes, or "too-large" as soon as they pass `limit` (what was read is dropped, and the
 * rest is left unread: the caller cancels or drains it), or "aborted" when the source fails (the
 * client went away mid-body). Never more than `limit` bytes are held.
 */
export async function readUpTo(
  chunks: AsyncIterator<Uint8Array>,
  limit: number,
): Promise<Uint8Array | "too-large" | "aborted"> {
  const held: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await chunks.next();
      if (done) break;
      length += value.length;
      if (length > limit) return "too-large";
      held.push(value);
    }
  } catch {
    return "aborted";
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of held) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
