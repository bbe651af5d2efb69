/**
 * A diagnostic message's inline code, read as CommonMark reads it: a run of N backticks opens a span
 * that only a run of exactly N backticks closes, and one space either side of the content is padding
 * (`codeSpan` in src/diagnostics/make.ts writes `` ` `` that way, so a backtick can be shown). The
 * pieces are plain strings; the page puts them in through `textContent` only.
 */

/** A piece of a message: text, or the content of a code span. */
export interface MessagePiece {
  readonly code: boolean;
  readonly text: string;
}

/** Splits a message into text and code spans; a backtick run that no equal run closes is text. */
export function codeSpans(message: string): MessagePiece[] {
  const pieces: MessagePiece[] = [];
  let text = "";
  let i = 0;
  while (i < message.length) {
    if (message[i] !== "`") {
      text += message[i];
      i++;
      continue;
    }
    const fence = backtickRun(message, i);
    const close = closingRun(message, i + fence, fence);
    if (close === -1) {
      text += "`".repeat(fence);
      i += fence;
      continue;
    }
    if (text !== "") pieces.push({ code: false, text });
    text = "";
    pieces.push({ code: true, text: unpad(message.slice(i + fence, close)) });
    i = close + fence;
  }
  if (text !== "") pieces.push({ code: false, text });
  return pieces;
}

/** Whether a message holds any code span. */
export function hasCodeSpan(message: string): boolean {
  return codeSpans(message).some((piece) => piece.code);
}

function backtickRun(text: string, start: number): number {
  let end = start;
  while (text[end] === "`") end++;
  return end - start;
}

/** Where the next run of exactly `length` backticks starts (`-1`: none). Spans stay on one line here. */
function closingRun(text: string, from: number, length: number): number {
  for (let i = from; i < text.length; ) {
    if (text[i] === "\n") return -1;
    if (text[i] !== "`") {
      i++;
      continue;
    }
    const run = backtickRun(text, i);
    if (run === length) return i;
    i += run;
  }
  return -1;
}

/** CommonMark strips one space either side when both are there and the content is not all spaces. */
function unpad(content: string): string {
  return content.length >= 2 && content.startsWith(" ") && content.endsWith(" ") && content.trim() !== ""
    ? content.slice(1, -1)
    : content;
}
