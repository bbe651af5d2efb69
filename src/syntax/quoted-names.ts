/**
 * SQL's quoted names whose quotes are no token of the language: SQL Server's `[Name]` and MySQL's
 * `` `Name` ``, merged by the lexer into one quoted-name token.
 */
import { createTokenInstance, type IToken } from "chevrotain";
import type { Span } from "../text/span.js";
import { tokenSpan } from "./token.js";
import { DoubleQuotedString, Identifier, NumberWord } from "./tokens.js";

const NAME_QUOTES: ReadonlyMap<string, string> = new Map([
  ["[", "]"],
  ["`", "`"],
]);

/**
 * `[OrderId]` and `` `OrderId` `` are SQL Server's and MySQL's quoted names. Their quotes are no token of
 * the language; rather than an unexpected character at each end, the word and its quotes become one
 * quoted name (a `DoubleQuotedString` token, as `"OrderId"` is), which the validator reports once, with
 * a fix (RQ1219). Only words spaced on one line between the quotes, glued to both. Linear: each token
 * is looked at a bounded number of times (the walk back from the last word stops at the first).
 */
export function mergeBracketedNames(
  tokens: IToken[],
  unknown: Span[],
  view: string,
  isKeyword: (word: string) => boolean,
): { tokens: IToken[]; unknown: Span[] } {
  const openers = new Map<number, Span>();
  for (const run of unknown)
    if (run.end - run.start === 1 && NAME_QUOTES.has(view.charAt(run.start))) openers.set(run.end, run);
  if (openers.size === 0) return { tokens, unknown };
  const closers = new Map<number, Span>();
  for (const run of unknown) if (run.end - run.start === 1) closers.set(run.start, run);
  const isWord = (t: IToken | undefined): t is IToken =>
    t !== undefined && (t.tokenType === Identifier || t.tokenType === NumberWord);
  const used = new Set<Span>();
  const out: IToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as IToken;
    const opener = openers.get(token.startOffset);
    if (opener === undefined || !isWord(token)) {
      out.push(token);
      continue;
    }
    // The words up to the closer, spaced on one line (`[Order Id]` is one quoted name too).
    let last = i;
    // A keyword ends the walk: `[Order Id FROM ...` is no quoted name.
    while (
      isWord(tokens[last + 1]) &&
      !isKeyword((tokens[last + 1] as IToken).image) &&
      /^[ \t]+$/.test(
        view.slice(tokenSpan(tokens[last] as IToken).end, (tokens[last + 1] as IToken).startOffset),
      )
    )
      last++;
    let closed = last;
    while (closed >= i && closers.get(tokenSpan(tokens[closed] as IToken).end) === undefined) closed--;
    const closer = closed >= i ? closers.get(tokenSpan(tokens[closed] as IToken).end) : undefined;
    if (closer === undefined || view.charAt(closer.start) !== NAME_QUOTES.get(view.charAt(opener.start))) {
      out.push(token);
      continue;
    }
    used.add(opener).add(closer);
    out.push(
      createTokenInstance(
        DoubleQuotedString,
        view.slice(opener.start, closer.end),
        opener.start,
        closer.end - 1,
        Number.NaN,
        Number.NaN,
        Number.NaN,
        Number.NaN,
      ),
    );
    i = closed;
  }
  if (used.size === 0) return { tokens, unknown };
  return { tokens: out, unknown: unknown.filter((run) => !used.has(run)) };
}
