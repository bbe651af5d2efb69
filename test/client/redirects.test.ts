/**
 * Redirects. The report API never redirects: a redirect there (a proxy's sign-in page, a wrong root)
 * is said, not followed, so a request's body never goes elsewhere and no answer is taken from
 * elsewhere. A report link is followed through redirects, each checked: never to a link-local
 * (cloud metadata) address, never from https to http, never round and round.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ClientError, createClient, type FetchLike, RedirectError } from "../../src/client/index.js";
import { answer, CMP, execution, httpServers, QUERY } from "./helpers.js";

const http = httpServers();
afterEach(() => http.close());

/** Two servers: `other` records what reaches it; `base` answers every request with `redirect`. */
async function redirecting(redirect: (path: string, other: string) => [number, string]) {
  const reached: string[] = [];
  const other = await http.serve((request, response) => {
    reached.push(`${request.method} ${request.url} ${request.headers.authorization ?? "no token"}`);
    if (request.url?.startsWith("/file")) {
      response.writeHead(200, { "content-type": "text/csv" });
      response.end("A,B\n1,2\n");
    } else answer(response, { value: [QUERY], totalCount: 1, statusCode: 200 });
  });
  let requests = 0;
  const base = await http.serve((request, response) => {
    requests++;
    const [status, location] = redirect(request.url ?? "", other);
    response.writeHead(status, { location });
    response.end();
  });
  return { base, other, reached, requests: () => requests };
}

describe("an API answer that is a redirect", () => {
  it.each([
    ["to another host", 307, (path: string, other: string) => `${other}${path}`],
    ["to the same host", 302, (path: string) => path.replace("/insights", "/login/insights")],
    ["to itself, without end", 302, (path: string) => path],
  ])("%s is a RedirectError, sent once, with nothing sent to where it points", async (_, status, to) => {
    const server = await redirecting((path, other) => [status, to(path, other)]);
    const c = createClient({ endpoint: `${server.base}/insights/v1/cmp`, token: "secret-token" });
    const error = await c.getQueries().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ operationId: "getQueries", httpStatus: status });
    expect((error as Error).message).toMatch(/not followed: the report API does not redirect/);
    expect(server.requests()).toBe(1);
    expect(server.reached).toEqual([]);
  });

  it("a create's body is not sent on to where a 307 points", async () => {
    const server = await redirecting((path, other) => [307, `${other}${path}?sig=secret`]);
    const c = createClient({ endpoint: `${server.base}/insights/v1/cmp`, token: "t" });
    const error = await c
      .createQuery({ body: { Name: "q", Query: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).location).toBe(`${server.other}/insights/v1/cmp/ScheduledQueries`);
    expect(server.reached).toEqual([]);
  });
});

describe("a report link that redirects", () => {
  it("is followed to another host, without a token", async () => {
    const server = await redirecting((_, other) => [302, `${other}/file.csv?sig=s`]);
    const c = createClient({ endpoint: CMP, token: "t" });
    const rows = [];
    for await (const row of c.download(execution(`${server.base}/start?sig=s`))) rows.push(row);
    expect(rows).toEqual([{ A: "1", B: "2" }]);
    expect(server.reached).toEqual(["GET /file.csv?sig=s no token"]);
  });

  it.each([
    ["a link-local address", "http://169.254.169.254/latest/meta-data/", /link-local address/],
    ["an IPv6 link-local address", "http://[fe80::1]/x", /link-local address \(fe80::\/10\)/],
    ["a metadata service's name", "http://metadata.google.internal/computeMetadata/v1/", /cloud metadata/],
    ["the IPv4 metadata address inside IPv6", "http://[::ffff:169.254.169.254]/", /link-local/],
    ["the metadata address written as one number", "http://2852039166/latest/", /link-local/],
    ["the metadata address written in hexadecimal", "http://0xa9.0xfe.0xa9.0xfe/", /link-local/],
    ["the AWS IPv6 metadata address", "http://[fd00:ec2::254]/", /cloud metadata address/],
    ["another scheme", "file:///etc/passwd", /not an http\(s\) URL/],
  ])("to %s is refused before it is fetched", async (_, target, reason) => {
    const server = await redirecting(() => [302, target]);
    const c = createClient({ endpoint: CMP, token: "t" });
    const error = await c.downloadStream(execution(`${server.base}/start?sig=s`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).reason).toMatch(reason);
    expect(server.requests()).toBe(1);
  });

  it("round and round stops after 5 redirects", async () => {
    const server = await redirecting((path) => [302, path]);
    const c = createClient({ endpoint: CMP, token: "t" });
    const error = await c.downloadStream(execution(`${server.base}/start?sig=s`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).reason).toBe("more than 5 redirects");
    expect((error as Error).message).not.toContain("sig=");
    expect(server.requests()).toBe(6);
  });

  it("from https to http is refused", async () => {
    const asked: string[] = [];
    const fetcher: FetchLike = async (request) => {
      asked.push(request.url);
      return new Response(null, { status: 302, headers: { location: "http://storage.test/file.csv" } });
    };
    const c = createClient({ endpoint: CMP, token: "t", fetch: fetcher });
    const error = await c
      .downloadStream(execution("https://storage.test/file.csv?sig=s"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).reason).toBe("it leaves https for http");
    expect(asked).toEqual(["https://storage.test/file.csv?sig=s"]);
  });

  it("a link the service gives to a link-local address is not fetched at all", async () => {
    const asked: string[] = [];
    const fetcher: FetchLike = async (request) => {
      asked.push(request.url);
      return new Response("A\n1\n");
    };
    const c = createClient({ endpoint: CMP, token: "t", fetch: fetcher });
    for (const link of ["http://169.254.169.254/latest/meta-data/iam?x=1", "http://[fd00:ec2::254]/"]) {
      const error = await c.downloadStream(execution(link)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClientError);
      expect((error as Error).message).toMatch(
        /is not fetched: it is (a link-local|a cloud metadata) address/,
      );
      expect((error as Error).message).not.toContain("x=1");
    }
    expect(asked).toEqual([]);
  });
});
