/**
 * Renders an AST as an indented text tree for goldens: one node per line as `Kind@start..end`, its
 * scalar fields after it, child nodes and lists indented below under their field name. Each node is
 * printed once: where the tree holds it a second time (the query's `select`, `from`, ... fields are the
 * first clause of each kind in `clauses`), one line names it instead, as `select: -> SelectClause@0..8`.
 */
import type { Span } from "../../src/text/span.js";

type Json = unknown;

function isSpan(value: Json): value is Span {
  return (
    typeof value === "object" &&
    value !== null &&
    "start" in value &&
    "end" in value &&
    Object.keys(value).length === 2
  );
}

function isNode(value: Json): value is { kind: string; span: Span } {
  return typeof value === "object" && value !== null && "kind" in value && "span" in value;
}

function scalar(value: Json): string | undefined {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isSpan(value)) return `${value.start}..${value.end}`;
  return undefined;
}

/** Renders a node (or any value holding nodes) as text lines. */
export function printTree(value: Json, indent = "", label = "", printed = new Set<object>()): string[] {
  const prefix = `${indent}${label ? `${label}: ` : ""}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${prefix}[]`];
    return [`${prefix}[`, ...value.flatMap((v) => printTree(v, `${indent}  `, "", printed)), `${indent}]`];
  }
  const simple = scalar(value);
  if (simple !== undefined) return [`${prefix}${simple}`];
  if (typeof value !== "object" || value === null) return [`${prefix}${String(value)}`];
  const head = isNode(value) ? `${value.kind}@${value.span.start}..${value.span.end}` : "{}";
  if (isNode(value)) {
    if (printed.has(value)) return [`${prefix}-> ${head}`];
    printed.add(value);
  }
  const entries = Object.entries(value).filter(([k]) => k !== "kind" && k !== "span");
  const scalars = entries.filter(([, v]) => scalar(v) !== undefined).map(([k, v]) => `${k}=${scalar(v)}`);
  const lines = [`${prefix}${head}${scalars.length > 0 ? ` ${scalars.join(" ")}` : ""}`];
  for (const [k, v] of entries)
    if (scalar(v) === undefined) lines.push(...printTree(v, `${indent}  `, k, printed));
  return lines;
}
