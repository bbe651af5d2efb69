/**
 * `npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]`: a V8 CPU profile (`node --cpu-prof`)
 * summarised: self time and total (inclusive) time by function, the largest first.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}
interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string" } },
});
const top = Number(values.top ?? 40);
for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => {
    const f = n.callFrame;
    const where =
      f.url === "" ? "" : ` ${f.url.replace(/^.*\/(node_modules|dist|src)\//, "$1/")}:${f.lineNumber + 1}`;
    return `${f.functionName || "(anonymous)"}${where}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    all += dt;
    const node = byId.get(id);
    if (node === undefined) return;
    self.set(name(node), (self.get(name(node)) ?? 0) + dt);
    // Each function counts once per sample, however deep its recursion.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at);
      if (n === undefined) break;
      seen.add(name(n));
    }
    for (const k of seen) total.set(k, (total.get(k) ?? 0) + dt);
  });
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (of ${all.toFixed(0)} ms sampled):`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${v.toFixed(1).padStart(9)} ms ${((v / all) * 100).toFixed(1).padStart(5)}%  ${k}`);
  };
  console.log(file);
  show("self time", self);
  show("total time", total);
}
