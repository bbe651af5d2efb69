/**
 * Properties of the request checks: bodies generated from the shipped JSON Schemas (keys in any
 * case) get no shape diagnostic; a single field moved out of its documented range is rejected, by
 * the runtime schema and by a diagnostic naming the field; no text makes the checks throw.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRequestFile } from "../../src/api/check-request-file.js";
import { requestJsonSchemas } from "../../src/api/json-schemas.js";
import { type BodyKind, bodySchema } from "../../src/api/schemas.js";
import { arbitraryOf } from "./schema-arbitrary.js";

const SCHEMAS = requestJsonSchemas();
const FILES: Readonly<Record<BodyKind, string>> = {
  createQuery: "create-report-query.schema.json",
  createReport: "create-report.schema.json",
  updateReport: "update-report.schema.json",
};
/** Far enough in the past that every generated `StartTime` (year 0000 on) is 4 hours ahead. */
const NOW = new Date(Date.UTC(-1, 11, 31, 12));
/** Rules that relate fields to each other or to the clock: beyond what a schema can say. */
const BEYOND_SHAPE = new Set(["RQ3010", "RQ3018", "RQ3019", "RQ3026"]);

const anyCase = (key: string) =>
  fc.constantFrom(key, key.toLowerCase(), key.toUpperCase(), key.charAt(0).toLowerCase() + key.slice(1));

function bodies(kind: BodyKind): fc.Arbitrary<Record<string, unknown>> {
  const schema = SCHEMAS[FILES[kind]] as Record<string, unknown>;
  return (arbitraryOf(schema) as fc.Arbitrary<Record<string, unknown>>).chain((body) =>
    fc
      .tuple(...Object.keys(body).map(anyCase))
      .map((keys) => Object.fromEntries(Object.entries(body).map(([, v], i) => [keys[i] as string, v]))),
  );
}

function diagnose(body: unknown) {
  return checkRequestFile("body.json", JSON.stringify(body, null, 2), { now: NOW }).diagnostics;
}

describe("bodies generated from the schemas", () => {
  for (const kind of Object.keys(FILES) as BodyKind[]) {
    it(`${kind}: accepted by the runtime schema and given no shape diagnostic`, () => {
      fc.assert(
        fc.property(bodies(kind), (body) => {
          const shape = diagnose(body).filter((d) => !BEYOND_SHAPE.has(d.code));
          expect(shape.map((d) => d.message)).toEqual([]);
        }),
        { numRuns: 150 },
      );
    });
  }
});

/** Values out of each field's documented range. */
const MUTATIONS: Readonly<Record<string, readonly unknown[]>> = {
  ReportName: ["", "Orders;EU", "R".repeat(257), 42],
  Description: ["D".repeat(257), 7],
  QueryId: ["my-query", "", 12],
  StartTime: ["2026-02-01 00:00:00Z", "2026-02-01T00:00:00", "2026-02-30T00:00:00Z", "string", 0],
  RecurrenceInterval: [0, 3, 2161, 24.5, "24", null],
  RecurrenceCount: [0, -1, 1.5, "10"],
  Format: ["XLSX", "", "string", 1],
  CallbackMethod: ["PUT", "string"],
  CallbackUrl: ["ftp://example.com/x", "example.com/ready", "string"],
  ExecuteNow: ["yes", 1],
};

describe("single-field mutations out of the documented ranges", () => {
  const kind: BodyKind = "createReport";
  const valid = {
    ReportName: "Orders",
    Description: "Orders of the month",
    QueryId: "fd0f299c-5a1c-4929-9f48-bfc6cc44355d",
    StartTime: "2026-02-01T00:00:00Z",
    RecurrenceInterval: 24,
    RecurrenceCount: 10,
    Format: "CSV",
    CallbackMethod: "POST",
    CallbackUrl: "https://example.com/ready",
    ExecuteNow: false,
  };
  const mutation = fc
    .constantFrom(...Object.keys(MUTATIONS))
    .chain((field) => fc.constantFrom(...(MUTATIONS[field] as unknown[])).map((value) => ({ field, value })));

  it("the valid body itself is accepted", () => {
    expect(diagnose(valid)).toEqual([]);
    expect(bodySchema(kind).safeParse(valid).success).toBe(true);
  });

  it("are rejected by the runtime schema and by a diagnostic naming the field", () => {
    fc.assert(
      fc.property(mutation, ({ field, value }) => {
        const body = { ...valid, [field]: value };
        expect(bodySchema(kind).safeParse(body).success).toBe(false);
        const errors = diagnose(body).filter((d) => d.severity === "error");
        expect(
          errors.some((d) => d.message.includes(`\`${field}\``)),
          JSON.stringify(errors.map((d) => d.message)),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("an update body rejects a Create Report's Query fields and cmp needs Format and CallbackUrl", () => {
    const text = (family: string, body: unknown) =>
      `PUT https://api.partnercenter.microsoft.com/insights/v1/${family}/ScheduledReport/d9548477-16d4-492a-bf9c-0cf91a9f69bf\nAuthorization: Bearer x\nContent-Type: application/json\n\n${JSON.stringify(body)}`;
    const update = { ReportName: "r", StartTime: "2026-02-01T00:00:00Z" };
    const codes = (family: string, body: unknown) =>
      checkRequestFile("r.http", text(family, body), { now: NOW }).diagnostics.map((d) => d.code);
    expect(codes("mpn", update)).toEqual([]);
    expect(codes("cmp", update)).toEqual(["RQ3001", "RQ3001"]);
    expect(codes("mpn", { ...update, QueryId: "fd0f299c-5a1c-4929-9f48-bfc6cc44355d" })).toEqual(["RQ3020"]);
  });
});

describe("nothing throws", () => {
  const fixtures = readdirSync(join(import.meta.dirname, "fixtures"))
    .filter((n) => /\.(json|http)$/.test(n))
    .map((n) => readFileSync(join(import.meta.dirname, "fixtures", n), "utf8"));
  /** A fixture with a slice removed or replaced: text close to real request files. */
  const damaged = fc
    .tuple(fc.constantFrom(...fixtures), fc.nat(), fc.nat(200), fc.string({ unit: "binary", maxLength: 20 }))
    .map(([text, at, length, insert]) => {
      const start = at % (text.length + 1);
      return text.slice(0, start) + insert + text.slice(start + length);
    });
  const text = fc.oneof(fc.string({ unit: "binary", maxLength: 400 }), damaged);

  /** Objects with the bodies' keys (any case) and any JSON values: deep paths through every rule. */
  const fieldNames = Object.values(FILES).flatMap((f) =>
    Object.keys((SCHEMAS[f] as { properties: Record<string, unknown> }).properties),
  );
  const bodyLike = fc.dictionary(
    fc.constantFrom(...fieldNames).chain(anyCase),
    fc.jsonValue({ maxDepth: 2 }),
    {
      maxKeys: 14,
    },
  );

  it("checkRequestFile on bodies of arbitrary values, as .json and inside .http requests", () => {
    const roots = ["/insights/v1/mpn", "/insights/v1/cmp", "/insights/v1.1/cmp"];
    const paths = [
      "/ScheduledReport",
      "/ScheduledQueries",
      "/ScheduledReport/d9548477-16d4-492a-bf9c-0cf91a9f69bf",
    ];
    fc.assert(
      fc.property(
        fc.array(bodyLike, { maxLength: 3 }),
        fc.constantFrom(...roots),
        fc.constantFrom(...paths),
        (objects, root, path) => {
          const json = JSON.stringify(objects, null, 1);
          const http = objects
            .map(
              (o) =>
                `${path.includes("d95") ? "PUT" : "POST"} https://x${root}${path}\n\n${JSON.stringify(o)}`,
            )
            .join("\n###\n");
          for (const [name, text] of [
            ["b.json", json],
            ["b.http", http],
          ] as const) {
            for (const d of checkRequestFile(name, text, { now: NOW }).diagnostics)
              expect(d.span.end).toBeLessThanOrEqual(text.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  for (const path of ["requests.json", "requests.http", "requests.rest"]) {
    it(`checkRequestFile on arbitrary ${path} text`, () => {
      fc.assert(
        fc.property(text, (t) => {
          const result = checkRequestFile(path, t, { now: NOW });
          for (const d of result.diagnostics) {
            expect(d.span.start).toBeGreaterThanOrEqual(0);
            expect(d.span.end).toBeLessThanOrEqual(t.length);
            expect(d.span.start).toBeLessThanOrEqual(d.span.end);
          }
          for (const q of result.queries) expect(q.toFile(q.text.length)).toBeLessThanOrEqual(t.length);
        }),
        { numRuns: 300 },
      );
    });
  }
});
