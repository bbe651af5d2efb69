/**
 * "Did you mean" suggestions. Distance is the optimal string alignment distance (Levenshtein plus
 * transposition of two adjacent letters, the most common typing slip), ignoring case and computed
 * with a cut-off so that far-away candidates cost little. A candidate that contains what was typed
 * (or the reverse), such as `Revenue` for `BilledRevenueUSD`, is offered after the close ones.
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

/** Up to `limit` candidates closest to `typed`, best first; an exact (case-insensitive) match is excluded. */
export function closestNames(typed: string, candidates: Iterable<string>, limit = 3): string[] {
  const target = typed.toLowerCase();
  const max = maxDistance(target.length);
  const scored: { name: string; distance: number; prefix: number; contains: boolean }[] = [];
  for (const name of candidates) {
    const lower = name.toLowerCase();
    if (lower === target) continue;
    const distance = boundedDistance(target, lower, max);
    const contains = target.length >= 4 && (lower.includes(target) || target.includes(lower));
    if (distance <= max || contains)
      scored.push({ name, distance, prefix: commonPrefix(target, lower), contains });
  }
  scored.sort(
    (a, b) =>
      a.distance - b.distance ||
      b.prefix - a.prefix ||
      Math.abs(a.name.length - typed.length) - Math.abs(b.name.length - typed.length) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return scored.slice(0, limit).map((s) => s.name);
}
