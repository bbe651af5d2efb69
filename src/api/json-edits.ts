/** Edits of JSON text for fixes: replacing a value, removing a property with its comma. */
import type { Node as JsonNode } from "jsonc-parser";
import type { Fix } from "../diagnostics/diagnostic.js";
import { singleEditFix } from "../diagnostics/make.js";
import { span } from "../text/span.js";

/** A fix replacing a JSON value (quotes included) with another JSON value. */
export function replaceValueFix(
  title: string,
  applicability: Fix["applicability"],
  node: JsonNode,
  value: unknown,
): Fix {
  return singleEditFix(
    title,
    applicability,
    span(node.offset, node.offset + node.length),
    JSON.stringify(value),
  );
}

/**
 * A fix removing the property whose key is `key`, with the comma that separates it from a neighbour,
 * so the object stays valid JSON.
 */
export function removePropertyFix(text: string, key: JsonNode, applicability: Fix["applicability"]): Fix {
  const property = key.parent;
  const start = property?.offset ?? key.offset;
  const end = property ? property.offset + property.length : key.offset + key.length;
  const siblings = property?.parent?.children ?? [];
  const index = property ? siblings.indexOf(property) : -1;
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  // Remove up to the next property (its comma and the space before it), or back to the previous one.
  const removal = next
    ? span(start, next.offset)
    : previous
      ? span(previous.offset + previous.length, end)
      : span(start, end);
  const title = `Remove \`${text.slice(key.offset + 1, key.offset + key.length - 1)}\``;
  return singleEditFix(title, applicability, removal, "");
}
