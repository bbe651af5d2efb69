/**
 * The contract and the request checks run in the browser playground: nothing they import, directly
 * or through other modules, may use Node built-ins or packages other than the browser-safe ones.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { expect, it } from "vitest";

const ALLOWED_PACKAGES = new Set(["zod", "jsonc-parser", "chevrotain"]);
const IMPORT = /^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm;

/** Every module reachable from `entry` through relative imports, with the bare imports it makes. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (graph.has(file)) continue;
    const bare: string[] = [];
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(IMPORT)) {
      if (specifier?.startsWith(".")) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else if (specifier) bare.push(specifier);
    }
    graph.set(file, bare);
  }
  return graph;
}

it("src/api imports no Node built-in and only browser-safe packages", () => {
  const graph = importGraph(join(import.meta.dirname, "..", "..", "src", "api", "index.ts"));
  expect(graph.size).toBeGreaterThan(10);
  const offending = [...graph].flatMap(([file, bare]) =>
    bare.filter((s) => !ALLOWED_PACKAGES.has(s)).map((s) => `${file}: ${s}`),
  );
  expect(offending).toEqual([]);
});
