/**
 * DNS rebinding: a server bound to loopback answers requests that name it by an IP address,
 * localhost, a .localhost name or a name allowed with `allowedHosts`; any other `Host` is refused
 * (403 in the envelope) before anything is read or journaled. Each row: (Host header, answered?).
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostPolicy, hostName } from "../../src/emulator/server/hosts.js";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { start } from "./server-helpers.js";

let server: RunningEmulator;
let port = 0;

beforeAll(async () => {
  server = await start({ allowedHosts: ["emulator"] });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

/** GETs the admin clock naming the server as `host`: the status and body. */
function get(host: string, path = "/_emulator/clock"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
      let body = "";
      res.on("data", (d) => {
        body += String(d);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const ROWS: readonly [host: string, answered: boolean][] = [
  ["127.0.0.1:PORT", true],
  ["localhost:PORT", true],
  ["LOCALHOST", true],
  ["[::1]:PORT", true],
  ["dashboard.localhost:PORT", true],
  ["emulator:PORT", true], // allowed by name
  ["Emulator", true],
  ["attacker.example:PORT", false],
  ["localhost.attacker.example", false],
  ["127.0.0.1.nip.io:PORT", false],
];

describe("the Host a request names, on a server bound to 127.0.0.1", () => {
  for (const [template, answered] of ROWS)
    it(`${template}: ${answered ? "answered" : "refused"}`, async () => {
      const got = await get(template.replace("PORT", String(port)));
      if (answered) expect(got.status).toBe(200);
      else {
        expect(got.status).toBe(403);
        expect(JSON.parse(got.body)).toMatchObject({
          statusCode: 403,
          message: expect.stringMatching(/--allowed-host NAME/),
        });
      }
    });

  it("refuses before journaling: a refused request leaves no trace", async () => {
    await get("attacker.example", "/_emulator/journal");
    const journal = await get("localhost", "/_emulator/journal");
    expect(journal.body).not.toContain("attacker.example");
  });
});

describe("the policy", () => {
  it("answers every name when bound to another address (exposed on purpose), or with *", () => {
    expect(new HostPolicy("0.0.0.0").allows("emulator:7071")).toBe(true);
    expect(new HostPolicy("::").allows("anything")).toBe(true);
    expect(new HostPolicy("127.0.0.1", ["*"]).allows("anything")).toBe(true);
    expect(new HostPolicy("127.0.0.1").allows("anything")).toBe(false);
    expect(new HostPolicy("localhost").allows("anything")).toBe(false);
    expect(new HostPolicy("::1").allows("[::1]:7071")).toBe(true);
  });

  it("reads the name without port, brackets or a final dot", () => {
    expect(hostName("Example.COM:80")).toBe("example.com");
    expect(hostName("[::1]:7071")).toBe("::1");
    expect(hostName("localhost.")).toBe("localhost");
    expect(hostName("[::1")).toBeUndefined();
  });
});

describe("options the emulator cannot start with", () => {
  it("a malformed cors origin or allowedHosts name is a problem that names the option, not a silent refusal", async () => {
    const { startEmulator } = await import("../../src/emulator/server/node.js");
    const origin = await startEmulator({ port: 0, cors: ["http://dash.example/app"] });
    expect(origin).toMatchObject({
      kind: "options-error",
      message: expect.stringMatching(/^cors: .*is not an origin/),
    });
    const host = await startEmulator({ port: 0, allowedHosts: ["http://emulator"] });
    expect(host).toMatchObject({
      kind: "options-error",
      message: expect.stringMatching(/^allowedHosts: .*is not a host name/),
    });
  });
});
