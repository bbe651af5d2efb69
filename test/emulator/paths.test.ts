/**
 * Paths are percent-decoded in one place (paths.ts), segment by segment, before anything matches
 * them: a report file's link, the admin API and the service's routes resolve an escaped path as the
 * decoded one, and a malformed escape is a documented 400 (storage's `InvalidUri` on a file link,
 * the envelope elsewhere), over real HTTP.
 */
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { requestPath } from "../../src/emulator/server/paths.js";
import { client, completedRun, start, TOKEN } from "./server-helpers.js";

let server: RunningEmulator;
let cmp: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;

beforeAll(async () => {
  server = await start({ clock: new Date("2026-06-15T10:00:00Z") });
  cmp = client(`${server.url}/insights/v1/cmp`);
  admin = client(`${server.url}/_emulator`);
});
afterAll(() => server.close());
beforeEach(async () => {
  await admin.post("/reset", {});
});

/** Every `-` of a text written %2D, every `a` %61. */
function escaped(text: string): string {
  return text.replaceAll("-", "%2D").replaceAll("a", "%61");
}

describe("percent-encoded paths", () => {
  it("a file link whose execution id is escaped names the same file, ranges included", async () => {
    const { link } = await completedRun(cmp);
    const url = new URL(link);
    const id = url.pathname.split("/").at(-1) ?? "";
    const other = `${url.origin}/_emulator/files/${escaped(id)}${url.search}`;
    expect(other).not.toBe(link);
    const [plain, encoded] = [await fetch(link), await fetch(other)];
    expect(encoded.status).toBe(200);
    expect(await encoded.text()).toBe(await plain.text());
    const part = await fetch(other, { headers: { range: "bytes=0-3" } });
    expect(part.status).toBe(206);
    // The admin segments too: `files` written %66iles.
    const spelt = await fetch(`${url.origin}/_emulator/%66iles/${id}${url.search}`);
    expect(spelt.status).toBe(200);
  });

  it("a file link with a malformed escape: 400 InvalidUri in storage's shape", async () => {
    const { link } = await completedRun(cmp);
    const url = new URL(link);
    for (const bad of ["%zz", "%E0%A4%A", "abc%"]) {
      const response = await fetch(`${url.origin}/_emulator/files/${bad}${url.search}`);
      expect(response.status).toBe(400);
      expect(response.headers.get("x-ms-error-code")).toBe("InvalidUri");
      const body = await response.text();
      expect(body).toContain("<Code>InvalidUri</Code>");
      expect(body).toContain("malformed percent-encoding");
    }
  });

  it("an escaped execution id in a service route resolves as the decoded one", async () => {
    const { reportId } = await completedRun(cmp);
    const plain = await cmp.get(`/ScheduledReport/execution/${reportId}`);
    const encoded = await cmp.get(`/Scheduled%52eport/execution/${escaped(reportId)}`);
    expect(encoded.status).toBe(200);
    expect(encoded.body.value).toEqual(plain.body.value);
  });

  it("the admin API decodes its path; a %2F inside a segment is no admin name", async () => {
    expect((await admin.get("/%63lock")).status).toBe(200);
    const joined = await admin.post("/clock%2Fadvance", { hours: 1 });
    expect(joined.status).toBe(404);
    const bad = await admin.get("/clock%zz");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/malformed percent-encoding/);
  });

  it("a fault's path part matches an escaped request path", async () => {
    await admin.post("/faults", { route: "/ScheduledQueries", status: 503, count: 1 });
    const got = await cmp.get("/Scheduled%51ueries");
    expect(got.status).toBe(503);
    expect((await cmp.get("/ScheduledQueries")).status).toBe(200);
  });

  it("OPTIONS on an escaped file link answers its methods", async () => {
    const { link } = await completedRun(cmp);
    const url = new URL(link);
    const id = url.pathname.split("/").at(-1) ?? "";
    const response = await fetch(`${url.origin}/_emulator/files/${escaped(id)}`, {
      method: "OPTIONS",
      headers: TOKEN,
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toContain("GET");
  });
});

describe("requestPath", () => {
  it("decoding an encoded segment gives it back, and never throws", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { maxLength: 5 }), (parts) => {
        const path = requestPath(`/${parts.map(encodeURIComponent).join("/")}`);
        expect(path.malformed).toBeUndefined();
        expect(path.segments).toEqual(parts);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const path = requestPath(text);
        expect(path.segments.every((s) => s !== "")).toBe(true);
      }),
    );
  });
});
