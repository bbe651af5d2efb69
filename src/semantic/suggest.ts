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

/** OSA distance between two lower-case strings, or `limit + 1` as soon as it must exceed `limit`. */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        d = Math.min(d, (previous2[j - 2] ?? 0) + 1);
      }
      current.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  const result = previous[b.length] ?? limit + 1;
  return result > limit ? limit + 1 : result;
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
function sameStructure(typedWords: readonly string[], candidate: string): boolean {
  if (typedWords.length < 3) return false;
  const words = lowerWords(candidate);
  if (words.length !== typedWords.length) return false;
  let differing = 0;
  for (let i = 0; i < words.length; i++) if (words[i] !== typedWords[i]) differing++;
  return differing === 1;
}

/** Up to `limit` candidates closest to `typed`, best first; an exact (case-insensitive) match is excluded. */
export function closestNames(typed: string, candidates: Iterable<string>, limit = 3): string[] {
  const target = typed.toLowerCase();
  const max = maxDistance(target.length);
  const typedWords = lowerWords(typed);
  // Rank: a slip by its distance, then the same word structure, then containment.
  const scored: { name: string; rank: number; prefix: number }[] = [];
  for (const name of candidates) {
    const lower = name.toLowerCase();
    if (lower === target) continue;
    const distance = boundedDistance(target, lower, max);
    let rank: number | undefined;
    if (distance <= max && isSlip(target, name, lower, distance)) rank = distance;
    else if (sameStructure(typedWords, name)) rank = max + 1;
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
