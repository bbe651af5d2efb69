/** Cursor markers in test texts: `<|>` marks the cursor; the marker is removed from the text. */
export function withCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf("<|>");
  if (offset === -1 || marked.indexOf("<|>", offset + 1) !== -1)
    throw new Error(`expected exactly one <|> in ${JSON.stringify(marked)}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 3), offset };
}
