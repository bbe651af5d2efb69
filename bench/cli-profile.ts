/**
 * `npm run build && tsx bench/cli-profile.ts [MB]`: where the CLI's process spends its time on the
 * `cli-1mb` scenario's file (the same generated queries, 1 MB unless told). Runs
 * `dist/cli/main.cjs check FILE --format json` once under `--cpu-prof` and prints the functions by self
 * time and by total time (a function counted once per sample, however deep it recurses). A profile,
 * not a measurement: the profiler slows the process; `npm run bench` measures.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Lib from "../src/index.js";
import { documentOfSize, generateQueries, publishedQueries } from "./corpus.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = join(import.meta.dirname, "..");
const lib = (await import(new URL("../dist/index.js", import.meta.url).href)) as typeof Lib;
const megabytes = Number(process.argv[2] ?? 1);
const dir = mkdtempSync(join(tmpdir(), "reportql-profile-"));
const queries = [...generateQueries(lib, 2000), ...publishedQueries()];
writeFileSync(join(dir, "big.rql"), documentOfSize(queries, megabytes * 1024 * 1024));
const cli = join(ROOT, "dist", "cli", "main.cjs");
const args = ["--cpu-prof", `--cpu-prof-dir=${dir}`, cli, "check", "big.rql", "--no-config"];
spawnSync(process.execPath, [...args, "--format", "json", "-o", "report.json"], { cwd: dir });
const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
if (file === undefined) throw new Error(`no profile written in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;

const label = (n: ProfileNode) =>
  `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber + 1}`;
const sampled = new Map<number, number>();
profile.samples.forEach((id, i) => {
  sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const parent = new Map<number, ProfileNode>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
const total = new Map<string, number>();
for (const [id, micros] of sampled) {
  const node = byId.get(id) as ProfileNode;
  self.set(label(node), (self.get(label(node)) ?? 0) + micros);
  const seen = new Set<string>();
  for (let n: ProfileNode | undefined = node; n !== undefined; n = parent.get(n.id)) seen.add(label(n));
  for (const l of seen) total.set(l, (total.get(l) ?? 0) + micros);
}
const top = (m: Map<string, number>, count: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([l, micros]) => `${(micros / 1000).toFixed(1).padStart(8)} ms  ${l}`)
    .join("\n");
console.log(`profile: ${join(dir, file)}\n\nself time:\n${top(self, 25)}\n\ntotal time:\n${top(total, 40)}`);
