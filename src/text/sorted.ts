/** Binary search over arrays kept sorted by a numeric key (offsets, mostly). */

/** The index of the first element whose key is at least `key`, in an array sorted by key. */
export function firstAtOrAfter<E>(sorted: readonly E[], key: number, keyOf: (e: E) => number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (keyOf(sorted[mid] as E) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}
