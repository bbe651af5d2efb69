/**
 * The benchmark corpus: deterministic queries generated over the built-in catalogs (1 to 60 columns,
 * 0 to 5 conditions, IN lists, ORDER BY, LIMIT, TIMESPAN) mixed with the published corpus, and
 * documents of a given size made of them. A seeded generator makes every run measure the same text.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as Lib from "../src/index.js";

/** A small, fast, seeded PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  "'Active'",
  "'United States'",
  "'%Contoso%'",
  "'2a31c234-1f4e-4c60-909e-76d234f93161'",
  "'Pay as You Go'",
];
const OPERATORS = ["=", "!=", ">", "<", ">=", "<="];

/** `count` generated queries over the catalog's datasets. */
export function generateQueries(lib: typeof Lib, count: number, seed = 42): string[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const datasets = lib.builtinCatalog("all").datasets.filter((d) => d.columns.length >= 3);
  const queries: string[] = [];
  for (let i = 0; i < count; i++) {
    const dataset = pick(datasets);
    const names = dataset.columns.map((c) => c.name);
    const selected = [
      ...new Set(
        Array.from({ length: 1 + Math.floor(next() * Math.min(60, names.length)) }, () => pick(names)),
      ),
    ];
    const conditions = Array.from({ length: Math.floor(next() * 6) }, () => {
      const column = pick(names);
      const kind = next();
      if (kind < 0.2)
        return `${column} IN (${Array.from({ length: 2 + Math.floor(next() * 4) }, () => pick(STRINGS)).join(", ")})`;
      if (kind < 0.3) return `${column} LIKE '%${pick(["Contoso", "Fabrikam", "x"])}%'`;
      return `${column} ${pick(OPERATORS)} ${next() < 0.5 ? pick(STRINGS) : String(Math.floor(next() * 100000))}`;
    });
    let text = `SELECT ${selected.join(", ")} FROM ${dataset.name}`;
    if (conditions.length > 0) text += ` WHERE ${conditions.join(" AND ")}`;
    if (next() < 0.5) text += ` ORDER BY ${pick(selected)} ${pick(["ASC", "DESC"])}`;
    if (next() < 0.3) text += ` LIMIT ${1 + Math.floor(next() * 1000)}`;
    if (next() < 0.8) text += ` TIMESPAN ${pick(dataset.dateRanges ?? lib.TIMESPAN_VALUES)}`;
    queries.push(text);
  }
  return queries;
}

/** The published queries that are whole queries (not specification fragments). */
export function publishedQueries(): string[] {
  return readFileSync(join(import.meta.dirname, "..", "test", "corpus", "queries.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { query: string; fragment?: boolean })
    .filter((entry) => entry.fragment !== true)
    .map((entry) => entry.query);
}

/** A document of about `bytes` bytes: queries separated by `;` and a line break. */
export function documentOfSize(queries: readonly string[], bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const query = queries[i % queries.length] as string;
    parts.push(query);
    size += query.length + 2;
  }
  return `${parts.join(";\n")}\n`;
}
