/**
 * `reportql run`, `pull` and `push` in process, against the emulator over HTTP on 127.0.0.1: what is
 * written, what the journal shows was sent (nothing, when a check fails), and what users read when
 * the service or the network fails.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeFailure } from "../../src/cli/service.js";
import { ApiError, NetworkError } from "../../src/client/index.js";
import { cli } from "../helpers/cli.js";
import { serviceEmulator } from "../helpers/service-emulator.js";

const ORDERS = `-- Active orders of the last six months, newest first.
SELECT OrderId, OfferName, OrderPurchaseDate, OrderStatus
FROM ISVOrder
WHERE OrderStatus = 'Active'
ORDER BY OrderPurchaseDate DESC
TIMESPAN LAST_6_MONTHS
`;

const emulator = serviceEmulator("reportql-service-");

const service = () => ["--endpoint", emulator.endpoint, "--token", "t"];
const run = (args: string[], env: Record<string, string> = {}) => cli(args, { cwd: emulator.dir, env });

describe("reportql run", () => {
  it("runs the query and writes a CSV whose header is the selected columns; a second run reuses the query", async () => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    const first = await run(["run", "orders.rql", ...service(), "--poll-interval", "0.1"]);
    expect(first.stderr).toMatch(/created query orders/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Wrote orders\.csv \(\d+ bytes\)$/m);
    const csv = readFileSync(join(emulator.dir, "orders.csv"), "utf8");
    expect(csv.split("\r\n")[0]).toBe("OrderId,OfferName,OrderPurchaseDate,OrderStatus");
    const second = await run([
      "run",
      "orders.rql",
      "--format",
      "tsv",
      "-o",
      "out/o.tsv",
      ...service(),
      "--poll-interval",
      "0.1",
    ]);
    expect(second.code).toBe(2); // the folder out/ does not exist
    expect(second.stderr).toMatch(/cannot write out\/o\.tsv/);
    const third = await run(
      ["run", "orders.rql", "--format", "tsv", "-o", "o.tsv", "--poll-interval", "0.1"],
      { PARTNER_CENTER_TOKEN: "t", PARTNER_CENTER_ENDPOINT: emulator.endpoint },
    );
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/reusing query orders/);
    expect(readFileSync(join(emulator.dir, "o.tsv"), "utf8").split("\r\n")[0]).toBe(
      "OrderId\tOfferName\tOrderPurchaseDate\tOrderStatus",
    );
    expect((await emulator.requests()).filter((e) => e.startsWith("createQuery"))).toEqual([
      "createQuery 200",
    ]);
  });

  it("refuses an invalid query with check's output and exit code, sending nothing", async () => {
    writeFileSync(join(emulator.dir, "typo.rql"), "SELECT OrderId, OfferNmae FROM ISVOrder");
    const ran = await run(["run", "typo.rql", ...service()]);
    const checked = await run(["check", "typo.rql"]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe(checked.stdout);
    expect(ran.stdout).toMatch(/RQ2002/);
    expect(await emulator.requests()).toEqual([]);
  });

  it("refuses a query of the other family before sending (the client's check)", async () => {
    writeFileSync(
      join(emulator.dir, "mpn.rql"),
      "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH",
    );
    const ran = await run(["run", "mpn.rql", ...service()]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(
      /not sent: RQ2001 Dataset `CustomersAndTenants` belongs to the `insights` catalog/,
    );
    expect(ran.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect((await emulator.requests()).filter((e) => !e.startsWith("getQueries"))).toEqual([]);
  });

  it("says what to do without a token, with a bad emulator.endpoint, and with an unreachable one", async () => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    const noToken = await run(["run", "orders.rql", "--endpoint", emulator.endpoint]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/no token; pass --token TOKEN or set PARTNER_CENTER_TOKEN/);
    const badRoot = await run(["run", "orders.rql", "--endpoint", emulator.server.url, "--token", "t"]);
    expect(badRoot.code).toBe(2);
    expect(badRoot.stderr).toMatch(/is not a report API root/);
    const failure = await describeFailure(
      "run",
      new NetworkError("http://127.0.0.1:9/x", "ECONNREFUSED"),
      "http://127.0.0.1:9/insights/v1/cmp",
    );
    expect(failure?.message).toMatch(/cannot reach .* \(ECONNREFUSED\).*start `reportql serve`/);
  });

  it("says what a 401 and a 429 mean", async () => {
    const unauthorised = await describeFailure(
      "run",
      new ApiError("getQueries", 401, 401, "Unauthorized"),
      emulator.endpoint,
    );
    expect(unauthorised).toMatchObject({ code: 2 });
    expect(unauthorised?.message).toMatch(/refused the token .*--token or PARTNER_CENTER_TOKEN/);
    const throttled = await describeFailure(
      "run",
      new ApiError("createReport", 429, 429, undefined),
      emulator.endpoint,
    );
    expect(throttled?.message).toMatch(/throttling .* wait a few minutes/);
  });

  it("retries a throttled create and says so", async () => {
    writeFileSync(join(emulator.dir, "orders.rql"), ORDERS);
    await fetch(`${emulator.server.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ route: "createReport", status: 429, count: 1 }),
    });
    const ran = await run(["run", "orders.rql", ...service(), "--poll-interval", "0.1"]);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toMatch(/throttling requests \(429\); retrying createReport/);
    expect((await emulator.requests()).filter((e) => e.startsWith("createReport"))).toEqual([
      "createReport 429",
      "createReport 200",
    ]);
  });
});

describe("reportql pull and push", () => {
  it("pushes a folder, shows it in step, shows drift, and prunes only when asked", async () => {
    const queries = join(emulator.dir, "queries");
    const pushed = join(emulator.dir, "q");
    await run(["pull", "q", ...service()]); // creates the folder, writes nothing
    writeFileSync(join(pushed, "orders.rql"), ORDERS);
    writeFileSync(
      join(pushed, "countries.rql"),
      "-- name: By country\nSELECT OrderId, CustomerCountry FROM ISVOrder TIMESPAN LAST_MONTH\n",
    );
    const dry = await run(["push", "q", "--dry-run", ...service()]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/\+ query By country: would create/);
    expect((await emulator.requests()).filter((e) => !e.startsWith("get"))).toEqual([]);
    const first = await run(["push", "q", ...service()]);
    expect(first.stdout).toMatch(/\+ query orders: created/);
    const again = await run(["push", "q", ...service()]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/= query orders: unchanged/);
    expect(again.stdout).toMatch(/= query By country: unchanged/);

    writeFileSync(join(pushed, "orders.rql"), ORDERS.replace("LAST_6_MONTHS", "LAST_3_MONTHS"));
    rmSync(join(pushed, "countries.rql"));
    const drift = await run(["push", "q", ...service()]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/~ query orders: .*cannot update a query/);
    expect(drift.stdout).toMatch(/\? query By country: not in the folder; kept \(--prune deletes it\)/);
    const pruned = await run(["push", "q", "--prune", ...service()]);
    expect(pruned.stdout).toMatch(/- query By country: deleted/);

    const pulled = await run(["pull", "queries", ...service()]);
    expect(pulled.code).toBe(0);
    expect(readdirSync(queries)).toEqual(["orders.rql"]);
    expect(readFileSync(join(queries, "orders.rql"), "utf8")).toMatch(
      /^-- name: orders\n-- queryId: [0-9a-f-]{36}\nSELECT OrderId/,
    );
  });

  it("creates the reports of reports.json, checked against the contract before anything is changed", async () => {
    const q = join(emulator.dir, "q");
    await run(["pull", "q", ...service()]);
    writeFileSync(join(q, "orders.rql"), ORDERS);
    writeFileSync(
      join(q, "reports.json"),
      JSON.stringify([{ QueryName: "orders", ReportName: "daily", RecurrenceInterval: 1 }]),
    );
    const refused = await run(["push", "q", ...service()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/reports\.json\[0\]: RQ3009/);
    expect(refused.stderr).toMatch(/nothing was sent/);
    expect((await emulator.requests()).filter((e) => !e.startsWith("get"))).toEqual([]);

    const start = new Date(Date.now() + 6 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
    writeFileSync(
      join(q, "reports.json"),
      JSON.stringify([
        { QueryName: "orders", ReportName: "daily", StartTime: start, RecurrenceInterval: 24, Format: "CSV" },
      ]),
    );
    const created = await run(["push", "q", ...service()]);
    expect(created.stdout).toMatch(/\+ report daily: created/);
    expect(created.code).toBe(0);
    writeFileSync(
      join(q, "reports.json"),
      JSON.stringify([
        { QueryName: "orders", ReportName: "daily", StartTime: start, RecurrenceInterval: 48 },
      ]),
    );
    const drift = await run(["push", "q", ...service()]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/~ report daily: RecurrenceInterval is 48 here, 24 in the service/);
  });

  it("pull never writes through a planted symbolic link, and names files safely", async () => {
    const q = join(emulator.dir, "q");
    await run(["pull", "q", ...service()]);
    writeFileSync(join(q, "x.rql"), "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH");
    await run(["push", "q", ...service()]);
    rmSync(join(q, "x.rql"));
    const victim = join(emulator.dir, "victim.txt");
    writeFileSync(victim, "keep me");
    symlinkSync(victim, join(q, "x.rql"));
    const pulled = await run(["pull", "q", ...service()]);
    expect(pulled.code).toBe(2);
    expect(pulled.stderr).toMatch(/not written: q\/x\.rql: it is a symbolic link/);
    expect(readFileSync(victim, "utf8")).toBe("keep me");
    // A folder of the query's file name is left as it is, and said; so is a link to a folder.
    rmSync(join(q, "x.rql"));
    mkdirSync(join(q, "x.rql"));
    writeFileSync(join(q, "x.rql", "inside.txt"), "keep");
    const folder = await run(["pull", "q", ...service()]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/not written: q\/x\.rql: it exists and is not a regular file/);
    expect(readdirSync(join(q, "x.rql"))).toEqual(["inside.txt"]);
    rmSync(join(q, "x.rql"), { recursive: true });
    mkdirSync(join(emulator.dir, "elsewhere"));
    symlinkSync(join(emulator.dir, "elsewhere"), join(q, "x.rql"));
    const linked = await run(["pull", "q", ...service()]);
    expect(linked.code).toBe(2);
    expect(linked.stderr).toMatch(/not written: q\/x\.rql: it is a symbolic link/);
    expect(readdirSync(join(emulator.dir, "elsewhere"))).toEqual([]);
    expect(readdirSync(q)).toEqual(["x.rql"]);
  });
  it("pull takes a file named in another case for the query it holds, and says which files clash in case", async () => {
    const created = await fetch(`${emulator.endpoint}/ScheduledQueries`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body: JSON.stringify({ Name: "Sales", Query: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH" }),
    });
    expect(created.status).toBe(200);
    const q = join(emulator.dir, "q");
    mkdirSync(q);
    // The user's own file of that query, named in another case and without a header.
    writeFileSync(join(q, "sales.rql"), "select OrderId from ISVOrder timespan LAST_MONTH\n");
    const pulled = await run(["pull", "q", ...service()]);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toMatch(/wrote q\/sales\.rql \(Sales\)/);
    expect(readdirSync(q)).toEqual(["sales.rql"]);
    expect(readFileSync(join(q, "sales.rql"), "utf8")).toMatch(/^-- name: Sales\n-- queryId: /);
    // Pushed back, nothing is created: the file is the query's.
    const pushed = await run(["push", "q", ...service()]);
    expect(pushed.stdout).toMatch(/= query Sales: unchanged/);
    expect((await emulator.requests()).filter((e) => e.startsWith("createQuery"))).toEqual([
      "createQuery 200",
    ]);

    // A copy under the other case (made on Linux): pull writes neither, and says they are one file elsewhere.
    writeFileSync(join(q, "Sales.rql"), readFileSync(join(q, "sales.rql")));
    // On a file system that ignores case (macOS, Windows) that write replaced the file: no such folder there.
    if (readdirSync(q).length === 1) return;
    const clash = await run(["pull", "q", ...service()]);
    expect(clash.code).toBe(1);
    expect(clash.stdout).toMatch(/0 written, 1 unchanged/);
    expect(clash.stderr).toContain(
      "q/Sales.rql, q/sales.rql: names that differ only in case are one file on macOS and Windows, and push refuses them; keep one",
    );
    expect(readdirSync(q).sort()).toEqual(["Sales.rql", "sales.rql"]);
  });

  it("a name composed otherwise (NFD as macOS writes it, NFC as git commits it) is the same query to push and pull", async () => {
    const decomposed = "Cafe\u0301 orders";
    const composed = decomposed.normalize("NFC");
    const created = await fetch(`${emulator.endpoint}/ScheduledQueries`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body: JSON.stringify({ Name: decomposed, Query: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH" }),
    });
    expect(created.status).toBe(200);
    const q = join(emulator.dir, "q");
    mkdirSync(q);
    writeFileSync(
      join(q, "cafe.rql"),
      `-- name: ${composed}\nSELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH\n`,
    );
    for (let i = 0; i < 2; i++) {
      const pushed = await run(["push", "q", "--prune", ...service()]);
      expect(pushed.code).toBe(0);
      expect(pushed.stdout).toContain(`= query ${composed}: unchanged`);
    }
    expect((await emulator.requests()).filter((e) => !e.startsWith("get"))).toEqual(["createQuery 200"]);
    // pull finds its file by that name too: no second file of the query.
    const pulled = await run(["pull", "q", ...service()]);
    expect(pulled.code).toBe(0);
    expect(readdirSync(q)).toEqual(["cafe.rql"]);
    expect(readFileSync(join(q, "cafe.rql"), "utf8")).toMatch(/^-- name: Cafe\u0301 orders\n-- queryId: /);
    // Two files naming it in either form are two files of one name.
    writeFileSync(
      join(q, "other.rql"),
      `-- name: ${composed}\nSELECT OrderId FROM ISVOrder TIMESPAN LAST_3_MONTHS\n`,
    );
    const clash = await run(["push", "q", ...service()]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain("q/cafe.rql, q/other.rql: all name the query");
    expect((await emulator.requests()).filter((e) => !e.startsWith("get"))).toEqual(["createQuery 200"]);
  });

  it("pull keeps a file holding local edits unless --force; comments and layout are not edits", async () => {
    const q = join(emulator.dir, "q");
    await run(["pull", "q", ...service()]);
    writeFileSync(join(q, "orders.rql"), ORDERS);
    await run(["push", "q", ...service()]);
    // The same query, laid out and commented differently: pull gives it the service's text and header.
    const refreshed = await run(["pull", "q", ...service()]);
    expect(refreshed.code).toBe(0);
    const pulled = readFileSync(join(q, "orders.rql"), "utf8");
    expect(pulled).toMatch(/^-- name: orders\n/);
    const edited = pulled.replace("LAST_6_MONTHS", "LAST_3_MONTHS");
    writeFileSync(join(q, "orders.rql"), edited);
    const kept = await run(["pull", "q", ...service()]);
    expect(kept.code).toBe(1);
    expect(kept.stderr).toMatch(/kept q\/orders\.rql: it differs from the service's query .*--force/);
    expect(readFileSync(join(q, "orders.rql"), "utf8")).toBe(edited);
    const forced = await run(["pull", "q", "--force", ...service()]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(q, "orders.rql"), "utf8")).toBe(pulled);
    const again = await run(["pull", "q", ...service()]);
    expect(again.stdout).toMatch(/0 written, 1 unchanged/);
  });

  it("round-trips two queries of one name: a file each, by id, and an error naming the file when it cannot tell", async () => {
    const create = async (timespan: string) => {
      const answer = await fetch(`${emulator.endpoint}/ScheduledQueries`, {
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: JSON.stringify({ Name: "orders", Query: `SELECT OrderId FROM ISVOrder TIMESPAN ${timespan}` }),
      });
      return ((await answer.json()) as { value: { queryId: string }[] }).value[0]?.queryId as string;
    };
    const ids = [await create("LAST_MONTH"), await create("LAST_3_MONTHS")];
    const pulled = await run(["pull", "q", ...service()]);
    expect(pulled.code).toBe(0);
    const q = join(emulator.dir, "q");
    const files = ids.map((id) => `orders-${id.slice(0, 8)}.rql`);
    expect(readdirSync(q).sort()).toEqual([...files].sort());
    files.forEach((file, i) => {
      expect(readFileSync(join(q, file), "utf8")).toContain(`-- queryId: ${ids[i]}\n`);
    });
    expect((await run(["pull", "q", ...service()])).stdout).toMatch(/0 written, 2 unchanged/);
    const pushed = await run(["push", "q", "--prune", ...service()]);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout.match(/= query orders: unchanged/g)).toHaveLength(2);
    expect((await emulator.requests()).filter((e) => !e.startsWith("get"))).toEqual([
      "createQuery 200",
      "createQuery 200",
    ]);

    const second = join(q, files[1] as string);
    writeFileSync(second, readFileSync(second, "utf8").replace("LAST_3_MONTHS", "LAST_6_MONTHS"));
    const drift = await run(["push", "q", ...service()]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain(
      `~ query orders: the text of q/${files[1]} differs from the service's (${ids[1]})`,
    );
    expect(drift.stdout).toMatch(/= query orders: unchanged/);

    // A new file of that name without an id: push cannot tell it from the others, and says which files.
    writeFileSync(join(q, "more.rql"), "-- name: orders\nSELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH\n");
    const clash = await run(["push", "q", ...service()]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain(
      `${["q/more.rql", ...[...files].sort().map((f) => `q/${f}`)].join(", ")}: all name the query "orders"`,
    );
    // A lone file without an id, whose text is neither query's: the service's two leave it open.
    const lone = join(emulator.dir, "lone");
    mkdirSync(lone);
    writeFileSync(join(lone, "orders.rql"), "SELECT OrderId FROM ISVOrder TIMESPAN LAST_6_MONTHS\n");
    const open = await run(["push", "lone", "--prune", ...service()]);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain(`lone/orders.rql: the service holds 2 queries named "orders" (`);
    for (const id of ids) expect(open.stderr).toContain(id);
    expect(open.stderr).toMatch(/nothing was sent/);
    expect((await emulator.requests()).filter((e) => !e.startsWith("get"))).toEqual([
      "createQuery 200",
      "createQuery 200",
    ]);
  });
});
