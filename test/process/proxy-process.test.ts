/**
 * `reportql run` behind a corporate proxy, as users run it: the built executable as a process with
 * HTTP_PROXY set, a real proxy (test/helpers/proxy.ts) on 127.0.0.1 in front of the real emulator.
 * Every request (the API's and the report link's) goes through the proxy as a tunnel, with the
 * proxy's credentials and never the bearer token; NO_PROXY sends them directly; a proxy that
 * refuses the credentials gives an error that names it, its password masked.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { start } from "../emulator/server-helpers.js";
import { CLI, type Run } from "../helpers/cli.js";
import { type Middleman, startCuttingFront, startProxy } from "../helpers/proxy.js";

const EXAMPLE = join(import.meta.dirname, "..", "..", "examples", "active-orders.rql");
const TLS = join(import.meta.dirname, "..", "fixtures", "tls");
const TOKEN = "secret-bearer-token";

let emulator: RunningEmulator;
let proxy: Middleman;
let dir: string;

beforeAll(async () => {
  emulator = await start();
  proxy = await startProxy({ credentials: "alice:s3cret" });
});
afterAll(async () => {
  await proxy.close();
  await emulator.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "reportql-proxy-"));
  copyFileSync(EXAMPLE, join(dir, "active-orders.rql"));
  proxy.records.length = 0;
  return () => rmSync(dir, { recursive: true, force: true });
});

/** The executable as a process, not blocking this one (the proxy and the emulator answer from here). */
function reportql(args: readonly string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

function run(env: Record<string, string>): Promise<Run> {
  const args = [
    "run",
    "active-orders.rql",
    "--endpoint",
    `${emulator.url}/insights/v1/cmp`,
    "--poll-interval",
    "0.2",
  ];
  return reportql(args, { PARTNER_CENTER_TOKEN: TOKEN, ...env });
}

const withCredentials = () => proxy.url.replace("http://", "http://alice:s3cret@");
const emulatorHost = () => new URL(emulator.url).host;

describe("reportql run behind a proxy", () => {
  it("sends every request through the proxy's tunnel, with its credentials and not the token", async () => {
    const result = await run({ HTTP_PROXY: withCredentials() });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const header = readFileSync(join(dir, "active-orders.csv"), "utf8").split("\r\n")[0];
    expect(header).toBe("OrderId,OfferName,OrderPurchaseDate,OrderStatus");
    expect(proxy.records.length).toBeGreaterThan(0);
    for (const record of proxy.records) {
      expect(record.method).toBe("CONNECT");
      expect(record.target).toBe(emulatorHost());
      expect(record.headers["proxy-authorization"]).toBe(
        `Basic ${Buffer.from("alice:s3cret").toString("base64")}`,
      );
      expect(JSON.stringify(record.headers)).not.toContain(TOKEN);
    }
  });

  it("reads the lower-case variable too", async () => {
    const result = await run({ http_proxy: withCredentials() });
    expect(result.code).toBe(0);
    expect(proxy.records.map((r) => r.method)).toContain("CONNECT");
  });

  it("goes directly to a host NO_PROXY names (with its port)", async () => {
    const result = await run({ HTTP_PROXY: withCredentials(), NO_PROXY: `example.com, ${emulatorHost()}` });
    expect(result.code).toBe(0);
    expect(proxy.records).toEqual([]);
  });

  it("names a proxy that refuses the credentials, its password masked, and exits 2", async () => {
    const wrong = proxy.url.replace("http://", "http://alice:wrong-pass@");
    const result = await run({ HTTPS_PROXY: wrong, HTTP_PROXY: wrong });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`the proxy ${proxy.url.replace("http://", "http://***@")} (HTTP_PROXY)`);
    expect(result.stderr).toMatch(/407/);
    expect(result.stderr).not.toContain("wrong-pass");
    expect(result.stderr).not.toMatch(/internal error|at .*\.js/);
    // Not retried: the same credentials get the same answer.
    expect(proxy.records.length).toBe(1);
  });

  it("pulls through the proxy too", async () => {
    const args = ["pull", "queries", "--endpoint", `${emulator.url}/insights/v1/cmp`];
    const result = await reportql(args, { PARTNER_CENTER_TOKEN: TOKEN, HTTP_PROXY: withCredentials() });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(proxy.records.map((r) => `${r.method} ${r.target}`)).toContain(`CONNECT ${emulatorHost()}`);
  });

  it("reaches an https service through HTTPS_PROXY, trusting its authority from NODE_EXTRA_CA_CERTS", async () => {
    const tls = {
      key: readFileSync(join(TLS, "test-only-key.pem")),
      cert: readFileSync(join(TLS, "test-only-cert.pem")),
    };
    // The API and its report links over https, as the service and storage are, on another port.
    const front = await startCuttingFront(emulator.url, [], { tls });
    emulator.emulator.setBaseUrl(front.url);
    try {
      const args = [
        "run",
        "active-orders.rql",
        "--endpoint",
        `${front.url}/insights/v1/cmp`,
        "--poll-interval",
        "0.2",
      ];
      const result = await reportql(args, {
        PARTNER_CENTER_TOKEN: TOKEN,
        HTTPS_PROXY: withCredentials(),
        NODE_EXTRA_CA_CERTS: join(TLS, "test-only-cert.pem"),
      });
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.code, result.stderr).toBe(0);
      expect(new Set(proxy.records.map((r) => `${r.method} ${r.target}`))).toEqual(
        new Set([`CONNECT ${new URL(front.url).host}`]),
      );
      // The front (the origin) got the token, inside the tunnel's TLS; the proxy never did.
      expect(front.records.map((r) => r.headers.authorization)).toContain(`Bearer ${TOKEN}`);
      expect(JSON.stringify(proxy.records)).not.toContain(TOKEN);
    } finally {
      emulator.emulator.setBaseUrl(emulator.url);
      await front.close();
    }
  });

  it("refuses a proxy variable that is no http proxy before sending anything", async () => {
    const result = await run({ HTTPS_PROXY: "socks5://bob:hunter2@127.0.0.1:1080" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("HTTPS_PROXY (socks5://***@127.0.0.1:1080) is a socks5 proxy");
    expect(result.stderr).not.toContain("hunter2");
  });
});
