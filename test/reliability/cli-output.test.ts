/**
 * Regression tests for the CLI output side of issue 18: reports longer than the longest string V8
 * holds are written in pieces (item 5), JSON written in pieces is what `JSON.stringify` writes, and the
 * JUnit report stays well-formed XML whatever the messages and file names hold (item 11).
 */
import { EventEmitter } from "node:events";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Display, FORMATS, render } from "../../src/cli/check-command.js";
import { joinChunks, jsonChunks, LazyArray, writeChunks } from "../../src/cli/formats/chunks.js";
import {
  addToSummary,
  EMPTY_SUMMARY,
  type FileReport,
  type LocatedDiagnostic,
} from "../../src/cli/report.js";
import { cli } from "../helpers/cli.js";
import { runs } from "../helpers/runs.js";
import { xmlProblem } from "../helpers/xml.js";

const DISPLAY: Display = { color: false, width: 80, ignored: 0 };

/** The longest string V8 holds (2^29 - 24 characters on 64-bit builds). */
const V8_MAX_STRING = 2 ** 29 - 24;

function diagnostic(message: string, extra: Partial<LocatedDiagnostic> = {}): LocatedDiagnostic {
  return {
    code: "RQ2003",
    name: "repeated-column",
    severity: "warning",
    message,
    line: 1,
    column: 8,
    endLine: 1,
    endColumn: 15,
    offset: 7,
    endOffset: 14,
    related: [],
    fixes: [],
    sourceLine: "SELECT OrderId, OrderId FROM ISVOrder",
    ...extra,
  };
}

function summaryOf(reports: readonly FileReport[]) {
  return reports.reduce(addToSummary, EMPTY_SUMMARY);
}

describe("issue 18, item 5: a report longer than the longest string", () => {
  // 70,000 diagnostics of 8,000 characters each: what 930,000 diagnostics of an 8 MB file gave, in
  // fewer objects (one shared), so that the test needs seconds and little memory.
  const message = "x".repeat(8_000);
  const shared = diagnostic(message);
  const reports: FileReport[] = [
    { path: "big.rql", diagnostics: Array.from({ length: 70_000 }, () => shared) },
  ];

  for (const format of ["json", "sarif", "gitlab"] as const) {
    it(`writes the ${format} report in pieces without throwing`, () => {
      let length = 0;
      let pieces = 0;
      let last = "";
      let first = "";
      for (const chunk of render(format, reports, summaryOf(reports), DISPLAY)) {
        if (pieces === 0) first = chunk;
        length += chunk.length;
        pieces++;
        last = chunk;
      }
      expect(length).toBeGreaterThan(V8_MAX_STRING);
      expect(first.startsWith(format === "gitlab" ? "[" : "{")).toBe(true);
      expect(last).toBe("\n");
    }, 180_000);
  }
});

describe("issue 18, item 5: writing a report larger than a pipe holds", () => {
  it("waits for a full stream to drain before the next batch (a pipe failed with ENOBUFS)", async () => {
    const stream = new EventEmitter() as EventEmitter & { write(text: string): boolean };
    const written: string[] = [];
    stream.write = (text) => {
      written.push(text);
      return false; // full after every batch
    };
    const pieces = Array.from({ length: 3 }, (_, i) => String(i).repeat(70_000));
    const done = writeChunks(stream, pieces);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toHaveLength(1);
    stream.emit("drain");
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toHaveLength(2);
    stream.emit("drain");
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toHaveLength(3);
    stream.emit("drain");
    await done;
    expect(written.join("")).toBe(pieces.join(""));
  });
});

describe("JSON in pieces", () => {
  it("is JSON.stringify(value, null, 2), character for character", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 7 }), (value) => {
        expect(joinChunks(jsonChunks(value))).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: runs(2000) },
    );
  });

  it("is JSON.stringify(value, null, 2) too for values large enough to be streamed", () => {
    // More than 256 values in all: written member by member, not whole.
    const large = fc.oneof(
      fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 300, maxLength: 400 }),
      fc.dictionary(
        fc.string(),
        fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 300, maxLength: 320 }),
        {
          minKeys: 1,
          maxKeys: 3,
        },
      ),
    );
    fc.assert(
      fc.property(large, (value) => {
        expect(joinChunks(jsonChunks(value))).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: runs(50) },
    );
  });

  it("writes a lazy array, at the top or nested, as JSON.stringify writes the array", () => {
    const elements = fc.array(
      fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constant(undefined),
        fc.string({ minLength: 200, maxLength: 400 }),
      ),
      { maxLength: 700 },
    );
    fc.assert(
      fc.property(elements, fc.boolean(), fc.boolean(), (array, nested, weighed) => {
        // A producer's own weight (strings' length) instead of counting every value.
        const weight = weighed ? (e: unknown) => (typeof e === "string" ? e.length : 0) : undefined;
        const elementsOf = new LazyArray(array, weight);
        const lazy = nested ? { runs: [{ tool: "t", results: elementsOf }] } : elementsOf;
        const plain = nested ? { runs: [{ tool: "t", results: array }] } : array;
        expect(joinChunks(jsonChunks(lazy))).toBe(JSON.stringify(plain, null, 2));
      }),
      { numRuns: runs(100) },
    );
  });

  it("joins small elements into pieces of bounded size", () => {
    const line = "x".repeat(100_000);
    const elements = Array.from({ length: 50 }, (_, i) => ({ i, line }));
    for (const weight of [undefined, (e: { line: string }) => e.line.length]) {
      const chunks = [...jsonChunks(new LazyArray(elements, weight))];
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(2 * line.length + 100);
    }
    const issues = [
      ...jsonChunks(new LazyArray(Array.from({ length: 1000 }, (_, i) => ({ i, code: "RQ2002" })))),
    ];
    expect(issues.length).toBeLessThan(10);
  });

  it("writes a small container in one piece and a large one in several", () => {
    expect([...jsonChunks({ a: [1, 2], b: { c: "d" } })]).toHaveLength(1);
    expect([...jsonChunks(Array.from({ length: 300 }, (_, i) => i))].length).toBeGreaterThan(1);
  });

  it("leaves out what JSON leaves out, and writes a lazy array as an array", () => {
    const value = { a: undefined, b: [undefined, () => 1, 2], c: new LazyArray([{ d: [] }, {}]) };
    expect(JSON.parse(joinChunks(jsonChunks(value)))).toEqual({ b: [null, null, 2], c: [{ d: [] }, {}] });
    expect(joinChunks(jsonChunks(new LazyArray([])))).toBe("[]");
  });

  it("gives every format the same text as the CLI writes", async () => {
    const input = "SELECT OrderId, OrderId FROM ISVOrder WHERE OrderStatus <> 'Active'\n";
    for (const format of FORMATS) {
      const run = await cli(["check", "--no-config", "--stdin", "--format", format], { cwd: "/", input });
      expect(run.code, format).toBe(1);
      if (format === "json" || format === "sarif" || format === "gitlab") JSON.parse(run.stdout);
    }
  });
});

describe("issue 18, item 11: JUnit output is well-formed XML", () => {
  it("is checked by a test that tells well-formed XML from the rest", () => {
    expect(xmlProblem('<?xml version="1.0"?>\n<a b="&amp;&#10;"><c/>x &lt; y</a>\n')).toBeUndefined();
    for (const bad of [
      "<a>\ufffe</a>",
      "<a>&bad;</a>",
      "<a><b></a>",
      "<a>&#xFFFE;</a>",
      '<a b="<"/>',
      "<a>\ud800</a>",
    ])
      expect(xmlProblem(bad), bad).toBeDefined();
  });

  const UNSAFE = ["\ufffe", "\uffff", "\u0001", "\u001b[31m", "\ud800", "\udc00x", "]]>", "&<>\"'"];

  it("holds U+FFFE, U+FFFF, controls and lone surrogates in messages and file names", () => {
    const reports: FileReport[] = UNSAFE.map((bad) => ({
      path: `q${bad}.rql`,
      diagnostics: [diagnostic(`value '${bad}'`, { severity: bad.length > 1 ? "error" : "warning" })],
    }));
    const xml = joinChunks(render("junit", reports, summaryOf(reports), DISPLAY));
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toContain("value '\ufffd'");
    // A surrogate pair is a character XML holds: kept.
    const pair = [{ path: "q.rql", diagnostics: [diagnostic("value '😀'")] }];
    expect(joinChunks(render("junit", pair, summaryOf(pair), DISPLAY))).toContain("value '😀'");
  });

  it("is well-formed for a query holding U+FFFE, read by the CLI", async () => {
    const input = "SELECT OrderId FROM ISVOrder WHERE OrderStatus = '\ufffe' AND OrderId == 1\n";
    const run = await cli(["check", "--no-config", "--stdin", "--format", "junit"], { cwd: "/", input });
    expect(xmlProblem(run.stdout)).toBeUndefined();
  });

  it("stays well-formed whatever the messages hold", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.string({ unit: "binary", maxLength: 10 }),
        (m, p) => {
          const reports: FileReport[] = [{ path: p, diagnostics: [diagnostic(m)] }];
          expect(
            xmlProblem(joinChunks(render("junit", reports, summaryOf(reports), DISPLAY))),
          ).toBeUndefined();
        },
      ),
      { numRuns: runs(1000) },
    );
  });
});
