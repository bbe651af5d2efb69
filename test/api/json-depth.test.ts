/**
 * JSON nested deeper than 64 levels: inside a request body it is reported (RQ3044, at the array or
 * object opening at depth 65) and the rest of the body is still checked; a JSON file that holds no
 * request body is still nobody's business; and the emulator refuses such a body over HTTP.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRequestFile } from "../../src/api/check-request-file.js";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { lintFile } from "../../src/index.js";
import { start } from "../emulator/server-helpers.js";

const QUERY = "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH";

/** `levels` arrays and objects nested in one another (`[{"a": [...]}]`), as a JSON value. */
function nested(levels: readonly ("[" | "{")[]): string {
  const open = levels.map((l) => (l === "[" ? "[" : '{"a": ')).join("");
  const close = [...levels]
    .reverse()
    .map((l) => (l === "[" ? "]" : "}"))
    .join("");
  return `${open}1${close}`;
}

/** Depths on both sides of 64 (fast-check's default sizes would stay far below it). */
const depths = fc
  .integer({ min: 1, max: 140 })
  .chain((n) => fc.array(fc.constantFrom<"[" | "{">("[", "{"), { minLength: n, maxLength: n }));

describe("a request body nested deeper than 64 levels", () => {
  it("is reported where depth 65 opens, once per body, and the body's query is still checked", () => {
    fc.assert(
      fc.property(depths, fc.boolean(), (levels, inArray) => {
        const body = `{"Name": "q", "Query": "${QUERY} LIMIT -1", "Description": ${nested(levels)}}`;
        const text = inArray ? `[${body}]` : body;
        const result = checkRequestFile("body.json", text);
        const deep = result.diagnostics.filter((d) => d.code === "RQ3044");
        // The body is depth 1 (2 in an array); its Description's outermost container one more.
        const deepest = levels.length + (inArray ? 2 : 1);
        expect(deep.length).toBe(deepest > 64 ? 1 : 0);
        const [first] = deep;
        if (first !== undefined) {
          expect(first.span.end - first.span.start).toBe(1);
          expect("[{").toContain(text.charAt(first.span.start));
          // The bracket opening depth 65: 64 opening brackets before it in the text.
          expect(text.slice(0, first.span.start).replace(/[^[{]/g, "").length).toBe(64);
        }
        expect(result.queries.map((q) => q.text)).toEqual([`${QUERY} LIMIT -1`]);
        // And lint goes on to the query: its error is reported as well.
        const linted = lintFile("body.json", text).diagnostics.map((d) => d.code);
        expect(linted.some((c) => c.startsWith("RQ1") || c.startsWith("RQ2"))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("is reported in a .http request too, and not at all in a JSON file holding no body", () => {
    const deep = `${"[".repeat(100)}${"]".repeat(100)}`;
    const http = `POST https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries\nContent-Type: application/json\n\n{"Name": "q", "Query": "${QUERY}", "Description": ${deep}}`;
    expect(checkRequestFile("q.http", http).diagnostics.map((d) => d.code)).toContain("RQ3044");
    expect(lintFile("settings.json", `{"a": ${deep}}`).diagnostics).toEqual([]);
    // Unclosed, a hundred thousand deep: reported, and the syntax error too.
    const open = `{"Name": "q", "Query": "${QUERY}", "Description": ${"[".repeat(100_000)}`;
    const codes = lintFile("q.json", open).diagnostics.map((d) => d.code);
    expect(codes).toContain("RQ3044");
    expect(codes).toContain("RQ9107");
  });
});

describe("the emulator", () => {
  let server: RunningEmulator | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("refuses a body nested deeper than 64 levels with a 400 naming RQ3044, creating nothing", async () => {
    const url = `${server?.url}/insights/v1/cmp/ScheduledQueries`;
    const headers = { authorization: "Bearer t", "content-type": "application/json" };
    const body = `{"Name": "q", "Query": "${QUERY}", "Description": ${"[".repeat(70)}${"]".repeat(70)}}`;
    const answer = await fetch(url, { method: "POST", headers, body });
    const text = await answer.text();
    expect(text).toContain("RQ3044");
    expect(JSON.parse(text).statusCode ?? answer.status).toBe(400);
    const held = await (await fetch(url, { headers })).json();
    expect(JSON.stringify(held)).not.toContain('"name":"q"');
  });
});
