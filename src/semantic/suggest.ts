/**
 * "Did you mean" suggestions. Distance is the optimal string alignment distance (Levenshtein plus
 * transposition of two adjacent letters, the most common typing slip), ignoring case and computed
 * with a cut-off so that far-away candidates cost little. Names are also read as words (`PGAMpnId` is
 * `PGA` `Mpn` `Id`), for two reasons:
 * - a candidate whose only link is spelling across unrelated words is no slip: `MeterName` is three
 *   letters from `OfferName`, but those letters rewrite the word `Meter` into `Offer`, so it is not
 *   offered;
 * - a candidate with the same words but one, sharing at least two (`PGAPartnerID` for `PGAMpnId`), is
 *   offered after the close ones, however far its spelling: the same structure is the same kind of name.
 * A candidate that contains what was typed (or the reverse), such as `Revenue` for `BilledRevenueUSD`,
 * is offered last. Everything is linear in the names' lengths but the bounded distance itself.
 */

/** Rows of the distance's table, reused across calls (grown on demand): no allocation per call. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * OSA distance between two lower-case strings, or `limit + 1` as soon as it must exceed `limit`. Only
 * the band of cells within `limit` of the diagonal is computed (a cell further off is at least its
 * distance from the diagonal), so the cost is the shorter length times `2 * limit + 1`.
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  const n = a.length;
  const m = b.length;
  const over = limit + 1;
  if (Math.abs(n - m) > limit) return over;
  if ((rows[0] as Int32Array).length < m + 2) rows = rows.map(() => new Int32Array(2 * (m + 2)));
  let before = rows[0] as Int32Array; // row i - 2
  let previous = rows[1] as Int32Array; // row i - 1
  let current = rows[2] as Int32Array; // row i
  for (let j = 0; j <= m; j++) previous[j] = j <= limit ? j : over;
  previous[m + 1] = over;
  for (let i = 1; i <= n; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(m, i + limit);
    // Cells left and right of the band read as "too far".
    current[from - 1] = from === 1 ? (i <= limit ? i : over) : over;
    current[to + 1] = over;
    const ai = a.charCodeAt(i - 1);
    const aBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    let rowMin = current[from - 1] as number;
    for (let j = from; j <= to; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = (previous[j - 1] as number) + (ai === bj ? 0 : 1);
      const deletion = (previous[j] as number) + 1;
      if (deletion < d) d = deletion;
      const insertion = (current[j - 1] as number) + 1;
      if (insertion < d) d = insertion;
      if (j > 1 && ai === b.charCodeAt(j - 2) && aBefore === bj) {
        const transposition = (before[j - 2] as number) + 1;
        if (transposition < d) d = transposition;
      }
      current[j] = Math.min(d, over);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return over;
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  const result = previous[m] as number;
  return result > limit ? over : result;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The largest distance still worth suggesting for a name of this length. */
function maxDistance(length: number): number {
  return length <= 3 ? 1 : length <= 6 ? 2 : 3;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Where each word of a camel, Pascal or snake case name starts and ends: `PGAPartnerID` is `PGA`,
 * `Partner`, `ID`; `LAST_6_MONTHS` is `LAST`, `6`, `MONTHS`. One pass over the name.
 */
export function nameWords(name: string): { start: number; end: number }[] {
  const words: { start: number; end: number }[] = [];
  let start = -1;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const letterOrDigit = isUpper(c) || isLower(c) || isDigit(c);
    if (!letterOrDigit) {
      if (start !== -1) words.push({ start, end: i });
      start = -1;
      continue;
    }
    if (start === -1) {
      start = i;
      continue;
    }
    const p = name.charCodeAt(i - 1);
    const next = i + 1 < name.length ? name.charCodeAt(i + 1) : 0;
    const boundary =
      (isLower(p) && isUpper(c)) ||
      isDigit(p) !== isDigit(c) ||
      // The last capital of an acronym starts the next word: `PGAPartner`.
      (isUpper(p) && isUpper(c) && isLower(next));
    if (boundary) {
      words.push({ start, end: i });
      start = i;
    }
  }
  if (start !== -1) words.push({ start, end: name.length });
  return words;
}

function lowerWords(name: string): string[] {
  return nameWords(name).map((w) => name.slice(w.start, w.end).toLowerCase());
}

/**
 * Whether a close spelling is a slip rather than a different word: more than one edit that rewrites
 * half or more of the words it falls in (`Meter` into `Offer`) is a different word. The edits lie
 * between the common prefix and the common suffix of the two names.
 */
function isSlip(target: string, candidate: string, lower: string, distance: number): boolean {
  if (distance <= 1) return true;
  const prefix = commonPrefix(target, lower);
  let suffix = 0;
  const room = Math.min(target.length, lower.length) - prefix;
  while (
    suffix < room &&
    target.charCodeAt(target.length - 1 - suffix) === lower.charCodeAt(lower.length - 1 - suffix)
  )
    suffix++;
  const changedEnd = lower.length - suffix;
  // Two letters only added or only dropped (`OrderIdxx`, `CustmrName`) are slips: no word was
  // rewritten. More is a word added or dropped (`PGAMpnId` is not `MPNId`).
  if (distance <= 2 && (changedEnd === prefix || target.length - suffix === prefix)) return true;
  let touched = 0;
  for (const word of nameWords(candidate))
    if (word.end > prefix && word.start < changedEnd) touched += word.end - word.start;
  return distance * 2 < touched;
}

/** Same number of words, all equal but one, and at least two equal: `PGAMpnId` and `PGAPartnerID`. */
function sameStructure(typedWords: readonly string[], words: readonly string[]): boolean {
  if (typedWords.length < 3 || words.length !== typedWords.length) return false;
  let differing = 0;
  for (let i = 0; i < words.length; i++) if (words[i] !== typedWords[i]) differing++;
  return differing === 1;
}

/** A candidate name read once: lower-cased, and its words on first need. */
interface Candidate {
  readonly name: string;
  readonly lower: string;
  words?: readonly string[];
}

/** Answers an index keeps: enough for every distinct unknown name of a large file, bounded all the same. */
const REMEMBERED = 4096;

/**
 * Names prepared once for many `closestNames` calls (a dataset's columns are asked about for every
 * unknown name in a file): each is lower-cased and split into words once, not on every call, and the
 * answers are remembered, since the same unknown name tends to recur (a renamed column, in every query
 * of a folder that still uses the old name).
 */
export class SuggestionIndex {
  readonly candidates: readonly Candidate[];
  private readonly answers = new Map<string, readonly string[]>();
  constructor(names: Iterable<string>) {
    this.candidates = Array.from(names, (name) => ({ name, lower: name.toLowerCase() }));
  }

  /** The remembered answer for `typed` and `limit`, or it computed and remembered. */
  answer(typed: string, limit: number, compute: () => string[]): string[] {
    const key = `${limit}\0${typed}`;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      if (this.answers.size >= REMEMBERED) this.answers.clear();
      answer = compute();
      this.answers.set(key, answer);
    }
    return [...answer];
  }
}

function wordsOf(candidate: Candidate): readonly string[] {
  candidate.words ??= lowerWords(candidate.name);
  return candidate.words;
}

/** Up to `limit` candidates closest to `typed`, best first; an exact (case-insensitive) match is excluded. */
export function closestNames(
  typed: string,
  candidates: Iterable<string> | SuggestionIndex,
  limit = 3,
): string[] {
  if (candidates instanceof SuggestionIndex)
    return candidates.answer(typed, limit, () => ranked(typed, candidates, limit));
  return ranked(typed, new SuggestionIndex(candidates), limit);
}

function ranked(typed: string, index: SuggestionIndex, limit: number): string[] {
  const target = typed.toLowerCase();
  const max = maxDistance(target.length);
  const typedWords = lowerWords(typed);
  // Rank: a slip by its distance, then the same word structure, then containment.
  const scored: { name: string; rank: number; prefix: number }[] = [];
  for (const candidate of index.candidates) {
    const { name, lower } = candidate;
    if (lower === target) continue;
    const distance = boundedDistance(target, lower, max);
    let rank: number | undefined;
    if (distance <= max && isSlip(target, name, lower, distance)) rank = distance;
    else if (typedWords.length >= 3 && sameStructure(typedWords, wordsOf(candidate))) rank = max + 1;
    else if (target.length >= 4 && (lower.includes(target) || target.includes(lower))) rank = max + 2;
    if (rank !== undefined) scored.push({ name, rank, prefix: commonPrefix(target, lower) });
  }
  scored.sort(
    (a, b) =>
      a.rank - b.rank ||
      b.prefix - a.prefix ||
      Math.abs(a.name.length - typed.length) - Math.abs(b.name.length - typed.length) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return scored.slice(0, typeof limit === "number" ? limit : 3).map((s) => s.name);
}
