/**
 * Appends `items` to `out` one by one. `out.push(...items)` passes every item as an argument, and a
 * list of 100k+ items (one problem per value of a huge `IN` list, per key of a huge body, per
 * parameter of a huge URL) exceeds V8's argument limit: a `RangeError` on user input.
 */
export function append<T>(out: T[], items: Iterable<T>): void {
  for (const item of items) out.push(item);
}
