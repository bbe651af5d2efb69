/**
 * One benchmark scenario, run in a fresh process by `run.ts` (one parser instance per process, no
 * other parser shapes loaded before it): `tsx bench/scenario.ts NAME [--quick]`. Prints one JSON line.
 * reportql is loaded compiled from `dist/` (run `npm run build` first): TypeScript run through tsx is
 * several times slower and would measure the loader, not the library.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Lib from "../src/index.js";
import type * as LintLib from "../src/lint/lint.js";
import { asSql, scanTokens } from "./baselines.js";
import { documentOfSize, generateQueries, publishedQueries } from "./corpus.js";

const ROOT = join(import.meta.dirname, "..");
const lib = (await import(new URL("../dist/index.js", import.meta.url).href)) as typeof Lib;
const lintLib = (await import(new URL("../dist/lint/lint.js", import.meta.url).href)) as typeof LintLib;
const [name = "", ...flags] = process.argv.slice(2);
const quick = flags.includes("--quick");

/** What a scenario reports. */
export interface Result {
  name: string;
  /** Bytes processed per run, for MB/s. */
  bytes?: number;
  mbPerSecond?: number;
  itemsPerSecond?: number;
  /** Latency of one item (query, completion, file), in microseconds. */
  p50?: number;
  p99?: number;
  seconds?: number;
  peakRssMb: number;
  /** For the large documents: how much the peak RSS grew per byte of input. */
  bytesPerInputByte?: number;
  /** For whole-process scenarios: the p50 of the baseline process run interleaved with it (µs). */
  baselineP50?: number;
  /** The baseline's time when it ran as a whole process (s). */
  baselineSeconds?: number;
  /** A scenario's own ratio to its target (see its note). */
  ratio?: number;
  note?: string;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Runs `fn` over a whole input repeatedly for about `budget` ms, after a warm-up of about `budget / 2`
 * ms (as `perItem`); returns runs per second.
 */
function throughput(fn: () => void, budget: number): number {
  const warmUpStart = performance.now();
  do fn();
  while (performance.now() - warmUpStart < budget / 2);
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < budget) {
    fn();
    runs++;
  }
  return runs / ((performance.now() - start) / 1000);
}

/**
 * Times `fn` once per item; returns p50, p99 (µs) and items per second. Passes over the items are
 * repeated for a warm-up of about `budget / 2` ms (V8 optimises hot code only after many calls, so a
 * single warm-up pass measured tiers that were still compiling), then measured for about `budget` ms,
 * with at least one full pass each. Every per-item scenario, baselines included, runs the same way.
 */
function perItem<T>(items: readonly T[], fn: (item: T) => void, budget: number) {
  const warmUpStart = performance.now();
  do for (const item of items) fn(item);
  while (performance.now() - warmUpStart < budget / 2);
  const samples: number[] = [];
  const start = performance.now();
  do {
    for (const item of items) {
      const t = performance.now();
      fn(item);
      samples.push((performance.now() - t) * 1000);
    }
  } while (performance.now() - start < budget);
  const seconds = (performance.now() - start) / 1000;
  samples.sort((a, b) => a - b);
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    itemsPerSecond: samples.length / seconds,
  };
}

const queries = [...generateQueries(lib, quick ? 200 : 2000), ...publishedQueries()];
const queryBytes = queries.reduce((n, q) => n + q.length, 0);
const document = documentOfSize(queries, quick ? 64 * 1024 : 1024 * 1024);
const budget = quick ? 200 : 2000;

function result(partial: Omit<Result, "name" | "peakRssMb">): Result {
  return { name, ...partial, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

function mbps(bytes: number, perSecond: number): number {
  return (bytes * perSecond) / 1e6;
}

function run(): Result {
  switch (name) {
    case "lex": {
      const perSecond = throughput(() => lib.lex(document), budget);
      return result({ bytes: document.length, mbPerSecond: mbps(document.length, perSecond) });
    }
    case "scanner": {
      const perSecond = throughput(() => scanTokens(document), budget);
      return result({
        bytes: document.length,
        mbPerSecond: mbps(document.length, perSecond),
        note: "hand-written charCodeAt scanner",
      });
    }
    case "json-parse": {
      const json = JSON.stringify(documentOfSize(queries, document.length).split(";\n"));
      const perSecond = throughput(() => JSON.parse(json), budget);
      return result({
        bytes: json.length,
        mbPerSecond: mbps(json.length, perSecond),
        note: "JSON.parse of as many bytes",
      });
    }
    case "parse":
    case "check":
    case "format": {
      const fn =
        name === "parse"
          ? lib.parse
          : name === "check"
            ? (q: string) => lib.check(q)
            : (q: string) => lib.format(q);
      const stats = perItem(queries, fn, budget);
      return result({
        ...stats,
        bytes: queryBytes,
        mbPerSecond: mbps(queryBytes / queries.length, stats.itemsPerSecond),
      });
    }
    case "check-150": {
      const query =
        "SELECT OrderId, OfferName, OrderStatus FROM ISVOrder WHERE OrderStatus = 'Active' AND OfferName LIKE '%Contoso%' TIMESPAN LAST_MONTH";
      const stats = perItem(
        Array.from({ length: 2000 }, () => query),
        (q) => lib.check(q),
        budget,
      );
      return result({ ...stats, bytes: query.length, note: `one ${query.length}-byte query` });
    }
    case "node-sql-parser": {
      return nodeSqlParser();
    }
    case "complete": {
      const sample = quick ? queries.slice(0, 20) : queries;
      // Every token boundary: where each token starts and where it ends (often the same offset as the
      // next token's start when nothing separates them, counted once).
      const positions = sample.flatMap((q) => {
        const offsets = new Set(
          lib.lex(q).tokens.flatMap((t) => [t.startOffset, t.startOffset + t.image.length]),
        );
        return [...offsets].sort((a, b) => a - b).map((offset) => [q, offset] as const);
      });
      const stats = perItem(positions, ([q, offset]) => lib.complete(q, offset), budget);
      return result({ ...stats, note: `${positions.length} token boundaries` });
    }
    case "check-1mb":
    case "check-10mb": {
      // Two sizes, each in its own process: the growth of the peak between them shows whether memory
      // grows linearly with the input.
      const megabytes = (name === "check-1mb" ? 1 : 10) / (quick ? 10 : 1);
      return largeFile(megabytes * 1024 * 1024, (big) => lib.check(big).diagnostics.length);
    }
    case "cli-10k":
      return cliFiles(quick ? 500 : 10_000);
    case "cli-cold":
      return cliCold(quick ? 3 : 15);
    case "doc-vs-queries":
      return documentVsQueries(quick ? 64 * 1024 : 1024 * 1024);
    case "lint-file-1mb":
    case "lint-file-10mb":
    case "lint-file-32mb":
      return lintLargeFile(Number(/\d+/.exec(name)?.[0]) * (quick ? 1024 * 16 : 1024 * 1024));
    case "cli-1mb":
      return cliLargeFile(quick ? 64 * 1024 : 1024 * 1024);
    case "cli-report-15k":
      return cliReport(quick ? 1500 : 15_000);
    default:
      throw new Error(`unknown scenario ${name}`);
  }
}

function nodeSqlParser(): Result {
  // The MySQL build, as a user would pick; the TIMESPAN clause is removed (SQL has none).
  const { Parser } = spawnlessRequire();
  const parser = new Parser();
  const sample = queries.map(asSql);
  let failures = 0;
  let runs = 0;
  const stats = perItem(
    sample,
    (q) => {
      runs++;
      try {
        parser.astify(q);
      } catch {
        failures++;
      }
    },
    budget,
  );
  const bytes = sample.reduce((n, q) => n + q.length, 0);
  return result({
    ...stats,
    mbPerSecond: mbps(bytes / sample.length, stats.itemsPerSecond),
    note: `astify, MySQL build; ${failures} of ${runs} runs threw`,
  });
}

function spawnlessRequire(): { Parser: new () => { astify(sql: string): unknown } } {
  return lib_require("node-sql-parser/build/mysql.js");
}

function cliFiles(count: number): Result {
  const dir = mkdtempSync(join(tmpdir(), "reportql-bench-"));
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(folder);
    writeFileSync(join(folder, `q${i}.rql`), `${queries[i % queries.length]}\n`);
  }
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, "dist", "cli", "main.cjs"),
      "check",
      "--no-config",
      "--format",
      "json",
      "-o",
      join(dir, "report.json"),
    ],
    { cwd: dir },
  );
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0 && run.status !== 1) throw new Error(`the CLI failed: ${run.stderr}`);
  return result({ seconds, itemsPerSecond: count / seconds, note: `${count} files` });
}

/**
 * Cold start: `reportql check q.rql` as a whole process, interleaved with a bare `node -e 0` (the floor
 * any Node CLI pays), so the ratio of their medians is measured under the same load.
 */
function cliCold(times: number): Result {
  const dir = mkdtempSync(join(tmpdir(), "reportql-cold-"));
  writeFileSync(join(dir, "q.rql"), `${queries[0]}\n`);
  const cli: number[] = [];
  const bare: number[] = [];
  const timed = (args: string[]) => {
    const start = performance.now();
    spawnSync(process.execPath, args, { cwd: dir });
    return (performance.now() - start) * 1000;
  };
  for (let i = 0; i < times; i++) {
    bare.push(timed(["-e", "0"]));
    cli.push(timed([join(ROOT, "dist", "cli", "main.cjs"), "check", "q.rql", "--no-config"]));
  }
  cli.sort((a, b) => a - b);
  bare.sort((a, b) => a - b);
  const nodeP50 = percentile(bare, 50);
  return result({
    p50: percentile(cli, 50),
    p99: percentile(cli, 99),
    baselineP50: nodeP50,
    note: `whole process, one file; node -e 0 p50 ${(nodeP50 / 1000).toFixed(0)} ms`,
  });
}

/**
 * A document of N queries against its N queries one by one, as the CLI lints them (`lintQueryFile`,
 * `lintText`, diagnostics kept in both), in interleaved rounds within this process.
 */
function documentVsQueries(bytes: number): Result {
  const big = documentOfSize(queries, bytes);
  const parts = big.split(";\n");
  const timed = (fn: () => void) => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };
  const ratios: number[] = [];
  let documentMs = 0;
  for (let round = 0; round < 7; round++) {
    const whole = timed(() => lintLib.lintQueryFile(big));
    const kept: unknown[] = [];
    const each = timed(() => {
      for (const q of parts) kept.push(lintLib.lintText(q));
    });
    if (round >= 2) {
      ratios.push(each / whole);
      documentMs += whole;
    }
  }
  ratios.sort((a, b) => a - b);
  const ratio = ratios[Math.floor(ratios.length / 2)] as number;
  return result({
    bytes: big.length,
    mbPerSecond: big.length / 1e6 / (documentMs / ratios.length / 1000),
    ratio,
    note: `document vs its ${parts.length} queries one by one: ${ratio.toFixed(2)}x the throughput (target 0.8x)`,
  });
}

/** `lintQueryFile` (the CLI's pipeline) on one large file, in its own process: peak RSS per input byte. */
function lintLargeFile(bytes: number): Result {
  return largeFile(bytes, (big) => lintLib.lintQueryFile(big).diagnostics.length);
}

/** One run of `diagnose` (giving its count of diagnostics) on a document of `bytes`: speed and peak RSS. */
function largeFile(bytes: number, diagnose: (text: string) => number): Result {
  const big = documentOfSize(queries, bytes);
  const before = process.memoryUsage().rss;
  const start = performance.now();
  const diagnostics = diagnose(big);
  const seconds = (performance.now() - start) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  return result({
    bytes: big.length,
    seconds,
    mbPerSecond: big.length / 1e6 / seconds,
    bytesPerInputByte: (peak - before) / big.length,
    note: `${diagnostics} diagnostics; peak RSS grew ${((peak - before) / big.length).toFixed(0)} bytes per input byte`,
  });
}

/** Runs `node ARGS` in `cwd`; returns its wall time in seconds. */
function processSeconds(args: readonly string[], cwd: string): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [...args], { cwd, maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`${args.join(" ")} failed: ${run.stderr}`);
  return (performance.now() - start) / 1000;
}

/**
 * The CLI on one large file, end to end, against node-sql-parser parsing the same queries in a process
 * of its own (read the file, split it, \`astify\` each), interleaved 3 times; the ratio of the medians.
 */
function cliLargeFile(bytes: number): Result {
  const dir = mkdtempSync(join(tmpdir(), "reportql-large-"));
  const big = documentOfSize(queries, bytes);
  writeFileSync(join(dir, "big.rql"), big);
  writeFileSync(join(dir, "big.sql"), big.split(";\n").map(asSql).join(";\n"));
  writeFileSync(
    join(dir, "nsp.cjs"),
    `const { Parser } = require(${JSON.stringify(lib_require.resolve("node-sql-parser/build/mysql.js"))});
const parser = new Parser();
for (const q of require("node:fs").readFileSync("big.sql", "utf8").split(";\\n")) { try { parser.astify(q); } catch {} }
`,
  );
  const cli: number[] = [];
  const nsp: number[] = [];
  for (let i = 0; i < 3; i++) {
    nsp.push(processSeconds([join(dir, "nsp.cjs")], dir));
    cli.push(
      processSeconds(
        [
          join(ROOT, "dist", "cli", "main.cjs"),
          "check",
          "big.rql",
          "--no-config",
          "--format",
          "json",
          "-o",
          "r.json",
        ],
        dir,
      ),
    );
  }
  const mid = (values: number[]) => values.sort((a, b) => a - b)[1] as number;
  const ratio = mid(nsp) / mid(cli);
  return result({
    bytes: big.length,
    seconds: mid(cli),
    baselineSeconds: mid(nsp),
    ratio,
    note: `CLI ${mid(cli).toFixed(2)} s, node-sql-parser ${mid(nsp).toFixed(2)} s: ${ratio.toFixed(1)}x (target 5x)`,
  });
}

/**
 * What reporting adds: the CLI on a file with about `count` diagnostics (unknown columns, RQ2002, as
 * warnings), in each format, against the same run with \`--quiet\` (the same check finds and locates
 * every warning, and reports none), interleaved; the report's share is (run - quiet run) / (quiet run
 * - node -e 0). The baseline was \`--rule RQ2002:off\` until the check got cheaper: a rule turned off
 * drops its diagnostics before severities, suppressions, sorting and locating, so that baseline
 * counted part of finding 15,000 problems as reporting them. Both are printed.
 */
function cliReport(count: number): Result {
  const dir = mkdtempSync(join(tmpdir(), "reportql-report-"));
  const query = `SELECT ${Array.from({ length: 15 }, (_, i) => `Colum${i}`).join(", ")} FROM ISVOrder TIMESPAN LAST_MONTH`;
  const text = Array.from({ length: Math.ceil(count / 15) }, () => query).join(";\n");
  writeFileSync(join(dir, "dense.rql"), text);
  const cli = (...extra: string[]) =>
    processSeconds(
      [
        join(ROOT, "dist", "cli", "main.cjs"),
        "check",
        "dense.rql",
        "--no-config",
        "-o",
        "out",
        "--rule",
        "RQ2002:warn",
        ...extra,
      ],
      dir,
    );
  const formats = ["stylish", "compact", "json", "sarif", "github", "junit", "gitlab"];
  const shares: Record<string, number[]> = Object.fromEntries(formats.map((f) => [f, []]));
  const offShares: Record<string, number[]> = Object.fromEntries(formats.map((f) => [f, []]));
  const checks: number[] = [];
  const silents: number[] = [];
  for (let round = 0; round < 3; round++) {
    const bare = processSeconds(["-e", "0"], dir);
    const silent = cli("--quiet");
    const off = cli("--rule", "RQ2002:off");
    silents.push(silent);
    checks.push(silent - bare);
    for (const format of formats) {
      const run = cli("--format", format);
      shares[format]?.push((run - silent) / (silent - bare));
      offShares[format]?.push((run - off) / (off - bare));
    }
  }
  const mid = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const medians = formats.map((f) => [f, mid(shares[f] ?? [])] as const);
  const offMedians = formats.map((f) => [f, mid(offShares[f] ?? [])] as const);
  const worst = Math.max(...medians.map(([, v]) => v));
  const list = (pairs: (readonly [string, number])[]) =>
    pairs.map(([f, v]) => `${f} ${v.toFixed(2)}`).join(", ");
  return result({
    seconds: mid(silents),
    ratio: worst,
    note: `${Math.ceil(count / 15) * 15} diagnostics, check ${mid(checks).toFixed(2)} s; report time / check time: ${list(medians)} (target at most 0.5); against --rule RQ2002:off: ${list(offMedians)}`,
  });
}

import { createRequire } from "node:module";

const lib_require = createRequire(import.meta.url);

console.log(JSON.stringify(run()));
