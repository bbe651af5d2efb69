/**
 * A local `Object.groupBy` for Node 20. Chevrotain 13 calls it in grammar validation, which Node only
 * ships from version 21, so a validating parser cannot be built on Node 20 without it.
 */

type GroupBy = <T>(
  items: Iterable<T>,
  key: (item: T, index: number) => PropertyKey,
) => Record<PropertyKey, T[]>;

const objectWithGroupBy = Object as unknown as { groupBy?: GroupBy };

/** Whether the running Node has `Object.groupBy` of its own; read before any polyfill is installed. */
export const hasNativeGroupBy = typeof objectWithGroupBy.groupBy === "function";

function groupBy<T>(
  items: Iterable<T>,
  key: (item: T, index: number) => PropertyKey,
): Record<PropertyKey, T[]> {
  // A null prototype, like the native one, so a group called `constructor` cannot collide.
  const groups: Record<PropertyKey, T[]> = Object.create(null);
  let index = 0;
  for (const item of items) {
    const k = key(item, index++);
    const group = groups[k];
    if (group === undefined) groups[k] = [item];
    else group.push(item);
  }
  return groups;
}

/**
 * Runs `fn` with `Object.groupBy` available, then restores the previous state, so a test that needs the
 * polyfill cannot hide the missing function from another test.
 */
export function withGroupByPolyfill<R>(fn: () => R): R {
  if (typeof objectWithGroupBy.groupBy === "function") return fn();
  objectWithGroupBy.groupBy = groupBy;
  try {
    return fn();
  } finally {
    delete objectWithGroupBy.groupBy;
  }
}
