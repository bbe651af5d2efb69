/**
 * Measures the editor budgets on the compiled library (`npm run build` first):
 * completion latency on a 200-byte query, diagnostics refresh on a 10 KB document, and the gzip size of
 * reportql's own code in a browser bundle of `reportql/monaco` (Monaco itself left out).
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

// The compiled library: TypeScript run through tsx is several times slower (see ARCHITECTURE.md).
const { check, complete } = (await import(
  new URL("../dist/index.js", import.meta.url).href
)) as typeof import("../src/index.js");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function time(label: string, runs: number, fn: (i: number) => void): void {
  for (let i = 0; i < 200; i++) fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn(i);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${label}: p50 ${(percentile(samples, 50) * 1000).toFixed(0)} µs, p99 ${(percentile(samples, 99) * 1000).toFixed(0)} µs, max ${(samples[samples.length - 1] ?? 0).toFixed(2)} ms`,
  );
}

const query =
  "SELECT OrderId, OfferName, OrderPurchaseDate, OrderStatus FROM ISVOrder WHERE OrderStatus = 'Active' AND OfferName LIKE '%Contoso%' ORDER BY OrderPurchaseDate DESC LIMIT 100 TIMESPAN LAST_6_MONTHS";
console.log(`query: ${query.length} bytes`);
time("completion at every offset", 5000, (i) => complete(query, i % (query.length + 1)));

const doc = `${query};\n`.repeat(Math.ceil(10_240 / (query.length + 2)));
console.log(`document: ${doc.length} bytes, ${doc.split(";").length - 1} queries`);
time("diagnostics refresh (check)", 300, () => check(doc));

const result = await build({
  stdin: {
    contents: 'export * from "./src/index.ts"; export * from "./src/monaco/index.ts";',
    resolveDir: process.cwd(),
    loader: "ts",
  },
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  write: false,
  external: ["monaco-editor", "monaco-editor/*"],
  metafile: true,
});
const code = result.outputFiles[0]?.contents ?? new Uint8Array();
const inputs = Object.entries(result.metafile.inputs);
const ours = inputs.filter(([path]) => path.startsWith("src/")).reduce((n, [, i]) => n + i.bytes, 0);
console.log(
  `bundle of reportql + reportql/monaco (Monaco excluded): ${(code.length / 1024).toFixed(1)} KB minified, ${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1)} KB gzip (reportql sources ${(ours / 1024).toFixed(0)} KB before minifying, chevrotain and the catalogs included in the bundle)`,
);
