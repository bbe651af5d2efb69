/**
 * What reaches a terminal. Text from queries, catalogs and file names can hold escape sequences (which
 * move the cursor, retitle the window or hide text) and bidirectional overrides (which reorder what a
 * reader sees: "Trojan Source"). `terminalSafe` is applied where output is written for a terminal, not
 * at each call site: every control character and bidi control becomes `�`, one for one, except line
 * breaks, tabs and the colour sequences reportql writes itself.
 */

/** Colour (SGR) sequences, the only escapes reportql writes; everything else escaped is neutralised. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE = /\u001b\[[0-9;]*m|[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** Text safe to write to a terminal. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (match) =>
    match.length > 1 || match === "\n" || match === "\t" || match === "\r" ? keepColour(match) : "\ufffd",
  );
}

function keepColour(match: string): string {
  // A lone `\r` could overwrite the line it ends; only CRLF's is kept (reportql writes `\n` only).
  return match === "\r" ? "\ufffd" : match;
}

/** A stream the CLI writes to. */
export interface Writer {
  write(text: string): void;
  readonly isTTY?: boolean;
  /** The terminal's width, when it is one. */
  readonly columns?: number;
}

/** A writer that makes everything it is given terminal-safe. */
export function safeWriter(writer: Writer): Writer {
  return {
    write: (text) => writer.write(terminalSafe(text)),
    get isTTY() {
      return writer.isTTY;
    },
    get columns() {
      return writer.columns;
    },
  };
}
