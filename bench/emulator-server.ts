/**
 * `npm run build && npx tsx bench/emulator-server.ts [--rows N] [--creates N] [--clients N] [--rounds N]
 * [--data] [--cpu-prof DIR]`: the
 * emulator as users run it (`node dist/cli/main.cjs serve`, its own process) over real HTTP on
 * 127.0.0.1, driven from this process. (1) N query creations (default 1,000) from C concurrent
 * clients (default 50) on the mpn root (the cmp root has the documented quota of 100 active
 * queries): errors and latency percentiles (target: no error, p99 under 50 ms); `--rounds N` repeats
 * them on the same server, which V8 has optimised by then. The clients use node:http with a keep-alive
 * agent: on two cores the load generator shares the machine with the server, and `fetch` cost the
 * clients 1.5 ms per creation, more than the server. (2) A try query over
 * a dataset of R rows (default 1,000,000): first run (builds the columns it touches) and warm median
 * (target under a second). `--data` runs the server with `--data <temporary folder>` (every
 * creation is on disk before it is answered). The server's CPU time per creation is read from
 * /proc (Linux): on a shared machine it is steadier than latency. `--cpu-prof DIR` writes the server's
 * V8 CPU profile there (read it with `npx tsx bench/profile-summary.ts DIR/*.cpuprofile`).
 * `--baseline` first runs the same creations against a bare node:http server (it parses the JSON
 * body and answers a small JSON object: no checks, no state), the floor that this machine and this
 * load generator allow, measured the same way just before the emulator.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    rows: { type: "string" },
    creates: { type: "string" },
    clients: { type: "string" },
    rounds: { type: "string" },
    data: { type: "boolean" },
    baseline: { type: "boolean" },
    "cpu-prof": { type: "string" },
  },
});
const rows = Number(values.rows ?? 1_000_000);
const creates = Number(values.creates ?? 1_000);
const clients = Number(values.clients ?? 50);
const rounds = Number(values.rounds ?? 1);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

const cli = join(import.meta.dirname, "..", "dist", "cli", "main.cjs");
const dataDir = values.data === true ? mkdtempSync(join(tmpdir(), "reportql-bench-")) : undefined;
const storage = dataDir === undefined ? [] : ["--data", dataDir];
const profile =
  values["cpu-prof"] === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${values["cpu-prof"]}`];

/** A server process, its URL once it listens, and its CPU time so far. */
interface Server {
  readonly child: ChildProcessByStdio<null, Readable, null>;
  readonly url: string;
  /** CPU time so far in ms (user + system, and the system part), or NaN off Linux. */
  readonly cpu: () => { total: number; system: number };
}

async function startServer(args: readonly string[]): Promise<Server> {
  const child = spawn(process.execPath, [...args], { stdio: ["ignore", "pipe", "inherit"] });
  const cpu = () => {
    try {
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      // Clock ticks at USER_HZ = 100.
      const [user, system] = [Number(fields[11]) * 10, Number(fields[12]) * 10];
      return { total: user + system, system };
    } catch {
      return { total: Number.NaN, system: Number.NaN };
    }
  };
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening on (\S+)/.exec(out)?.[1];
      if (found !== undefined) resolve(found);
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, url, cpu };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.on("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
}

/** The baseline server: reads the body, parses it, answers a small JSON object. */
const BARE_SERVER = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString());
    const out = JSON.stringify({ value: [{ queryId: crypto.randomUUID(), name: body.Name, query: body.Query }], totalCount: 1, message: "Query created successfully", statusCode: 200 });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(out) });
    res.end(out);
  });
});
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
process.on("SIGTERM", () => process.exit(0));
`;
const headers = { authorization: "Bearer bench", "content-type": "application/json" };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * One POST over a keep-alive agent of node:http: the load generator shares the machine's two cores
 * with the server, and node:http costs the client about half of what `fetch` does per request, so
 * more of the machine measures the server.
 */
function post(agent: Agent, server: Server, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
      (response) => {
        response.on("data", () => {});
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

// (1) Query creations: round 1 on the fresh server (its code not yet optimised by V8), then warm rounds.
async function creations(server: Server, round: number, name: string): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const wall = performance.now();
  const cpuBefore = server.cpu();
  const clientCpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < creates) {
        const i = next++;
        const body = JSON.stringify({
          Name: `bench ${round} ${i}`,
          Query: `SELECT PartnerName, CustomerName, CustomerSegment FROM CustomersAndTenants WHERE CustomerSegment = 'SMB' ORDER BY CustomerName LIMIT ${i + 1} TIMESPAN LAST_6_MONTHS`,
        });
        const start = performance.now();
        try {
          const status = await post(agent, server, "/insights/v1/mpn/ScheduledQueries", body);
          if (status !== 200) failures.push(`#${i}: ${status}`);
        } catch (error) {
          failures.push(`#${i}: ${String(error)}`);
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  const elapsed = performance.now() - wall;
  agent.destroy();
  const cpuAfter = server.cpu();
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const clientPerRequest = (clientCpu.user + clientCpu.system) / 1000 / creates;
  const cpuPerRequest = (cpuAfter.total - cpuBefore.total) / creates;
  const systemPerRequest = (cpuAfter.system - cpuBefore.system) / creates;
  latencies.sort((a, b) => a - b);
  const errors = failures.length > 0 ? ` (${failures.slice(0, 3).join(", ")})` : "";
  const which = `${name}, ${round === 1 ? "fresh" : `warm, round ${round}`}`;
  console.log(
    `\n${creates} query creations, ${clients} concurrent clients, ${which}${dataDir === undefined ? "" : " (--data)"}: ${failures.length} errors${errors}`,
  );
  console.log(
    `  p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (target < 50 ms), max ${(latencies.at(-1) ?? 0).toFixed(1)} ms; ${((creates / elapsed) * 1000).toFixed(0)} requests/s; server CPU ${cpuPerRequest.toFixed(2)} ms per creation (${systemPerRequest.toFixed(2)} ms of it in the kernel); the clients' CPU ${clientPerRequest.toFixed(2)} ms per creation`,
  );
}
if (values.baseline === true) {
  const bare = await startServer(["-e", BARE_SERVER]);
  for (let round = 1; round <= rounds; round++) await creations(bare, round, "bare node:http server");
  await stopServer(bare);
}
const opened = performance.now();
const server = await startServer([
  ...profile,
  cli,
  "serve",
  "--port",
  "0",
  "--rows",
  String(rows),
  ...storage,
]);
const { url } = server;
console.log(
  `\nemulator up in ${(performance.now() - opened).toFixed(0)} ms at ${url}; ${rows.toLocaleString("en-US")} rows per dataset; load average ${load()}`,
);
for (let round = 1; round <= rounds; round++) await creations(server, round, "emulator");

// (2) Try query over the full dataset.
const query = encodeURIComponent(
  "SELECT CustomerId, OfferName, NormalizedUsage FROM ISVUsage WHERE SKUBillingType = 'Paid' AND OfferName LIKE '%contoso%' ORDER BY NormalizedUsage TIMESPAN LAST_6_MONTHS",
);
const times: number[] = [];
for (let run = 0; run <= 5; run++) {
  const start = performance.now();
  const response = await fetch(
    `${url}/insights/v1/cmp/ScheduledQueries/testQueryResult?exportQuery=${query}`,
    {
      headers,
    },
  );
  const body = (await response.json()) as { value: unknown[]; message: string | null };
  times.push(performance.now() - start);
  if (response.status !== 200) throw new Error(`try query: ${response.status} ${body.message}`);
}
const [cold, ...warm] = times;
warm.sort((a, b) => a - b);
console.log(`\ntry query over ${rows.toLocaleString("en-US")} rows (ISVUsage, grouped, LIKE, cap 10):`);
console.log(
  `  first run (builds its columns): ${cold?.toFixed(0)} ms; warm median of ${warm.length}: ${percentile(warm, 50).toFixed(0)} ms (target < 1000 ms)`,
);
console.log(`\nload average after: ${load()}`);
await stopServer(server);
if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
