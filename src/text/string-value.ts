/**
 * The string a value from a plain JavaScript caller is, read without running any of its code: a
 * string, or a `String` object's own string (a subclass's `valueOf` is not called); `undefined` for
 * anything else, including an object that only inherits from `String.prototype` and a proxy of a
 * `String` (`instanceof String` holds for both, and their `valueOf` throws).
 */
export function stringValue(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null) return undefined;
  try {
    // Reads the object's internal string, and throws for an object that has none.
    return String.prototype.valueOf.call(value);
  } catch {
    return undefined;
  }
}
