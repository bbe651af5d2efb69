/**
 * Proxies from the environment: which proxy a URL goes through (HTTPS_PROXY, HTTP_PROXY, NO_PROXY
 * with hosts, suffixes, ports and `*`, lower case first), credentials masked in every message, and
 * the client through a real proxy on 127.0.0.1 (test/helpers/proxy.ts) in front of the real
 * emulator: the API's requests and the report link's alike, the token never seen by the proxy;
 * `fetch` and `dispatcher` win over the variables; a refusing or absent proxy is named.
 */
import fc from "fast-check";
import { ProxyAgent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  type Execution,
  maskCredentials,
  NetworkError,
  type ProxyEnvironment,
  ProxyError,
  proxySettings,
} from "../../src/client/index.js";
import { type ProxySettings, proxyFor } from "../../src/client/proxy.js";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { start } from "../emulator/server-helpers.js";
import { type Middleman, startCuttingFront, startProxy } from "../helpers/proxy.js";
import { instantClock, ORDERS } from "./helpers.js";

function settings(env: ProxyEnvironment): ProxySettings {
  const found = proxySettings(env);
  if (found === undefined || "problem" in found) throw new Error(`no settings: ${JSON.stringify(found)}`);
  return found;
}

const through = (url: string, env: ProxyEnvironment) => proxyFor(new URL(url), settings(env))?.url;

describe("which proxy a URL goes through", () => {
  const both = { HTTP_PROXY: "http://plain:3128", HTTPS_PROXY: "http://secure:3128" };
  it.each([
    ["https://api.partnercenter.microsoft.com/x", both, "http://secure:3128"],
    ["http://127.0.0.1:7071/x", both, "http://plain:3128"],
    // No HTTPS_PROXY: https goes through the http one; no HTTP_PROXY: http goes directly.
    ["https://a.example/x", { HTTP_PROXY: "http://plain:3128" }, "http://plain:3128"],
    ["http://a.example/x", { HTTPS_PROXY: "http://secure:3128" }, undefined],
    // Lower case first, as curl and undici read them; a blank variable is none.
    ["http://a.example/x", { http_proxy: "http://lower:1", HTTP_PROXY: "http://upper:1" }, "http://lower:1"],
    ["http://a.example/x", { http_proxy: "  ", HTTP_PROXY: "http://upper:1" }, "http://upper:1"],
    // NO_PROXY: a host, its subdomains (with or without a leading dot or `*.`), not a longer name.
    ["https://blob.example.com/f", { ...both, NO_PROXY: "example.com" }, undefined],
    ["https://example.com/f", { ...both, NO_PROXY: ".example.com" }, undefined],
    ["https://a.b.example.com/f", { ...both, NO_PROXY: "*.example.com" }, undefined],
    ["https://notexample.com/f", { ...both, NO_PROXY: "example.com" }, "http://secure:3128"],
    ["https://EXAMPLE.com./f", { ...both, no_proxy: "Example.COM" }, undefined],
    // Ports: an entry with one matches only it (443 is https's when the URL names none).
    ["http://127.0.0.1:7071/x", { ...both, NO_PROXY: "127.0.0.1:7071" }, undefined],
    ["http://127.0.0.1:7072/x", { ...both, NO_PROXY: "127.0.0.1:7071" }, "http://plain:3128"],
    ["https://host.example/x", { ...both, NO_PROXY: "host.example:443" }, undefined],
    // Lists by commas or spaces; `*` is every host; IPv6 with or without brackets.
    ["http://b.example/x", { ...both, NO_PROXY: "a.example, b.example c.example" }, undefined],
    ["https://anything.example/x", { ...both, NO_PROXY: "*" }, undefined],
    ["http://[::1]:8080/x", { ...both, NO_PROXY: "[::1]:8080" }, undefined],
    ["http://[::1]:8080/x", { ...both, NO_PROXY: "::1" }, undefined],
    ["http://[::1]:8081/x", { ...both, NO_PROXY: "[::1]:8080" }, "http://plain:3128"],
  ])("%s with %j: %s", (url, env, expected) => {
    expect(through(url, env)).toBe(expected);
  });

  it("reads no proxy when no variable is set, and says which variable is no http proxy", () => {
    expect(proxySettings({ NO_PROXY: "a.example" })).toBeUndefined();
    expect(proxySettings({ HTTPS_PROXY: "socks5://u:p@h:1080" })).toEqual({
      problem:
        "HTTPS_PROXY (socks5://***@h:1080) is a socks5 proxy; reportql takes an http or https proxy (http://host:port)",
    });
    expect(proxySettings({ http_proxy: "http://u:p@[bad" })).toEqual({
      problem: "http_proxy (http://***@[bad) is not a URL",
    });
    // A bare host:port is an http proxy, as curl reads it.
    expect(through("http://a.example/", { HTTP_PROXY: "proxy.corp:8080" })).toBe("proxy.corp:8080");
  });
});

describe("proxy credentials in messages", () => {
  it.each([
    ["http://user:pass@proxy:8080", "http://***@proxy:8080"],
    ["http://user@proxy:8080/", "http://***@proxy:8080/"],
    ["http://proxy:8080", "http://proxy:8080"],
    ["https://a%40b:p%3Aw@proxy", "https://***@proxy"],
  ])("%s is shown as %s", (url, shown) => {
    expect(maskCredentials(url)).toBe(shown);
  });

  it("never shows a password, whatever its characters", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), fc.string({ minLength: 4 }), (user, password) => {
        const url = `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@proxy.corp:3128`;
        const shown = maskCredentials(url);
        expect(shown).toBe("http://***@proxy.corp:3128");
      }),
    );
  });
});

describe("the client through a real proxy", () => {
  let server: RunningEmulator;
  let proxy: Middleman;
  let front: Middleman;
  let execution: Execution;
  const TOKEN = "bearer-secret";
  const clients: { close?: () => Promise<void> }[] = [];

  beforeAll(async () => {
    server = await start();
    proxy = await startProxy({ credentials: "alice:s3cret" });
    // The report link on another host and port than the API, as storage is.
    front = await startCuttingFront(server.url, []);
    server.emulator.setBaseUrl(front.url);
    const c = createClient({ endpoint: `${server.url}/insights/v1/cmp`, token: TOKEN, proxyEnv: {} });
    const query = await c.createQuery({ body: { Name: "orders", Query: ORDERS } });
    const report = await c.createReport({
      body: {
        ReportName: "now",
        QueryId: query.value[0]?.queryId as string,
        ExecuteNow: true,
        Format: "CSV",
      },
    });
    execution = await c.waitForExecution(report.value[0]?.reportId as string, { pollInterval: 10 });
  });
  afterAll(async () => {
    for (const c of clients) await c.close?.();
    await front.close();
    await proxy.close();
    await server.close();
  });
  afterEach(() => {
    proxy.records.length = 0;
  });

  const proxyUrl = (credentials = "alice:s3cret") => proxy.url.replace("http://", `http://${credentials}@`);
  const client = (env: ProxyEnvironment, more: object = {}) =>
    createClient({
      endpoint: `${server.url}/insights/v1/cmp`,
      token: TOKEN,
      clock: instantClock(),
      proxyEnv: env,
      ...more,
    });
  const host = (url: string) => new URL(url).host;
  const tunnels = () => [...new Set(proxy.records.map((r) => `${r.method} ${r.target}`))].sort();

  it("tunnels the API's requests and the report link's, with the proxy's credentials only", async () => {
    const c = client({ HTTP_PROXY: proxyUrl() });
    await c.getExecutions({ reportId: execution.reportId });
    const got = await new Response(await c.downloadStream(execution)).text();
    expect(got.split("\r\n")[0]).toBe("OrderId,CustomerCountry");
    expect(tunnels()).toEqual([`CONNECT ${host(front.url)}`, `CONNECT ${host(server.url)}`].sort());
    for (const record of proxy.records) {
      expect(record.headers["proxy-authorization"]).toBe(
        `Basic ${Buffer.from("alice:s3cret").toString("base64")}`,
      );
      expect(JSON.stringify(record.headers)).not.toContain(TOKEN);
    }
  });

  it("sends the report link directly when NO_PROXY names its host, the API still through the proxy", async () => {
    const c = client({ http_proxy: proxyUrl(), no_proxy: host(front.url) });
    await c.getExecutions({ reportId: execution.reportId });
    await new Response(await c.downloadStream(execution)).arrayBuffer();
    expect(tunnels()).toEqual([`CONNECT ${host(server.url)}`]);
  });

  it("lets `fetch`, then `dispatcher`, win over the variables", async () => {
    await client({ HTTP_PROXY: proxyUrl() }, { fetch: (r: Request) => fetch(r) }).getExecutions({
      reportId: execution.reportId,
    });
    expect(proxy.records).toEqual([]);
    const other = await startProxy();
    try {
      const dispatcher = new ProxyAgent({ uri: other.url });
      await client({ HTTP_PROXY: proxyUrl() }, { dispatcher }).getExecutions({
        reportId: execution.reportId,
      });
      await dispatcher.close();
      expect(proxy.records).toEqual([]);
      expect(other.records.map((r) => r.method)).toEqual(["CONNECT"]);
    } finally {
      await other.close();
    }
  });

  it("names a proxy that wants other credentials (407), masked, and does not retry", async () => {
    const error = await client({ HTTPS_PROXY: proxyUrl("alice:wrong"), HTTP_PROXY: proxyUrl("alice:wrong") })
      .getExecutions({ reportId: execution.reportId })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxyError);
    expect(error).toMatchObject({
      status: 407,
      variable: "HTTP_PROXY",
      proxy: proxy.url.replace("//", "//***@"),
    });
    expect((error as Error).message).toMatch(
      /^the proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+ \(HTTP_PROXY\) asks for credentials/,
    );
    expect((error as Error).message).not.toContain("wrong");
    expect(proxy.records).toHaveLength(1);
  });

  it("says a caller's dispatcher's proxy refused (407) as a ProxyError too", async () => {
    const dispatcher = new ProxyAgent({ uri: proxyUrl("alice:wrong") });
    const error = await client({}, { dispatcher })
      .getExecutions({ reportId: execution.reportId })
      .catch((e: unknown) => e);
    await dispatcher.close();
    expect(error).toBeInstanceOf(ProxyError);
    expect(error).toMatchObject({ status: 407, variable: "dispatcher" });
    expect((error as Error).message).not.toContain("wrong");
  });

  it("names the proxy when it cannot be reached", async () => {
    const gone = await startProxy();
    await gone.close();
    const error = await client(
      { HTTP_PROXY: gone.url.replace("//", "//bob:hunter2@") },
      { retry: { retries: 0 } },
    )
      .getExecutions({ reportId: execution.reportId })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "ECONNREFUSED", proxy: gone.url.replace("//", "//***@") });
    expect((error as Error).message).toContain(`through the proxy ${gone.url.replace("//", "//***@")}`);
    expect((error as Error).message).not.toContain("hunter2");
  });
});
