/**
 * What reaches a terminal. Text from queries, catalogs and file names can hold escape sequences (which
 * move the cursor, retitle the window or hide text) and bidirectional overrides (which reorder what a
 * reader sees: "Trojan Source"). `terminalSafe` is applied where output is written for a terminal, not
 * at each call site: every control character and bidi control becomes `�`, one for one, except line
 * breaks and tabs. Only the stylish format writes colours; it escapes what it did not write itself.
 */

/** Control characters and bidi controls: what no text from outside may write to a terminal. */
const UNSAFE_CHARACTER = "[\\p{Cc}\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]";
const UNSAFE = new RegExp(UNSAFE_CHARACTER, "gu");

/**
 * Text safe to write to a terminal: no escape sequence survives, colours included (a file name or a
 * string value can hold `ESC[8m`, which hides what follows). A lone `\r` could overwrite the line it
 * ends, so only `\n` and tabs are kept.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (match) => (match === "\n" || match === "\t" ? match : "\ufffd"));
}

/** `terminalSafe` for text shown on one line (a file name, a message): line breaks and tabs too. */
export function terminalSafeLine(text: string): string {
  return text.replace(UNSAFE, "\ufffd");
}

/** Colour (SGR) sequences, the only escapes reportql writes. */
const COLOUR_OR_UNSAFE = new RegExp(`\\u001b\\[[0-9;]*m|${UNSAFE_CHARACTER}`, "gu");

/**
 * `terminalSafe` that keeps colour sequences, for output that adds its own colours; that output must
 * pass every text it did not write itself through `terminalSafe` first, or its colours would be kept too.
 */
export function terminalSafeKeepingColour(text: string): string {
  return text.replace(COLOUR_OR_UNSAFE, (match) =>
    match.length > 1 ? match : match === "\n" || match === "\t" ? match : "\ufffd",
  );
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
