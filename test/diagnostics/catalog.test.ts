/**
 * The diagnostic catalog is the contract with users: codes are unique and stable, every code is
 * documented, its documented example really produces it, and fixtures exercise it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { fixUntilStable } from "../../src/diagnostics/apply-fixes.js";
import { DIAGNOSTICS as CATALOG, type DiagnosticDefinition } from "../../src/diagnostics/catalog.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { makeDiagnostic, makeVariant } from "../../src/diagnostics/make.js";

// Widened so the tests can ask about phases (such as `semantic`) that may not have codes yet.
const DIAGNOSTICS: readonly DiagnosticDefinition[] = CATALOG;

import { checkRequestFile } from "../../src/api/check-request-file.js";
import { configDiagnostics } from "../../src/lint/config.js";
import { check } from "../../src/semantic/check.js";
import { exampleCatalog } from "../../src/semantic/example-catalog.js";

const testRoot = join(import.meta.dirname, "..");

/** Tests that assert codes inline (bad files, failed writes) rather than through a golden. */
const INLINE_EXPECTATIONS = new Set([
  "cli.test.ts",
  "hardening.test.ts",
  "write-failure.test.ts",
  "first-use.test.ts",
  "limits.test.ts",
  // RQ9114, a library call from plain JavaScript: asserted with its message.
  "text-argument.test.ts",
  // RQ9208, a configuration read from plain JavaScript without its text.
  "config-diagnostics.test.ts",
  // RQ9209, a configuration's catalog file checked against the disk: only the language server does.
  "config-document.test.ts",
]);

function goldenFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return goldenFiles(path);
    const isGolden =
      name.endsWith(".golden.txt") || name.startsWith("expected") || path.includes(`${sep}goldens${sep}`);
    // The CLI tests assert the bad-file codes inline, on files they build in a temporary folder.
    return isGolden || INLINE_EXPECTATIONS.has(name) ? [path] : [];
  });
}

/** A code's fix, applied to its example, makes the code go away; without a fix, nothing changes. */
function expectFixResolves(d: DiagnosticDefinition, diagnose: (text: string) => readonly Diagnostic[]): void {
  const before = diagnose(d.example).filter((x) => x.code === d.code);
  const hasFix = before.some((x) => (x.fixes?.length ?? 0) > 0);
  const fixed = fixUntilStable(d.example, diagnose, { unsafe: true }).text;
  const after = diagnose(fixed).filter((x) => x.code === d.code);
  if (hasFix) expect(after, fixed).toEqual([]);
  else expect(after.length).toBe(before.length);
}

describe("diagnostic catalog", () => {
  it("has unique codes and names", () => {
    const codes = DIAGNOSTICS.map((d) => d.code);
    const names = DIAGNOSTICS.map((d) => d.name);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(names).size).toBe(names.length);
  });

  it("uses code ranges by phase and kebab-case names", () => {
    for (const d of DIAGNOSTICS) {
      expect(d.code, d.code).toMatch(/^RQ\d{4}$/);
      expect(d.name, d.code).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      const range = Number(d.code.slice(2, 3));
      expect({ code: d.code, phase: d.phase }).toEqual({
        code: d.code,
        phase:
          range === 1
            ? d.code.startsWith("RQ10")
              ? "lexical"
              : d.code.startsWith("RQ11")
                ? "syntax"
                : "sql"
            : range === 2
              ? "semantic"
              : range === 3
                ? "request"
                : "tooling",
      });
    }
  });

  it("documents every code: summary, example and fix, as sentences", () => {
    for (const d of DIAGNOSTICS) {
      for (const field of ["summary", "example", "fix"] as const)
        expect(d[field].trim(), `${d.code} ${field}`).not.toBe("");
      expect(d.summary, d.code).toMatch(/^[A-Z`"‘'].*\.$/s);
      expect(d.fix, d.code).toMatch(/^[A-Z`].*\.\)?$/s);
    }
  });

  it("writes messages in sentence case without a trailing period", () => {
    for (const d of DIAGNOSTICS) {
      expect(d.message, d.code).toMatch(/^[A-Z`{]/);
      expect(d.message, d.code).not.toMatch(/\.$/);
    }
  });

  // Tooling codes are exercised by the CLI tests (their examples describe files, not queries).
  const QUERY_CODES = DIAGNOSTICS.filter((d) => d.phase !== "tooling" && d.phase !== "request");

  describe("each documented example produces its code", () => {
    for (const d of QUERY_CODES) {
      it(`${d.code} ${d.name}`, () => {
        const codes = check(d.example, { catalog: exampleCatalog(d) }).diagnostics.map((x) => x.code);
        expect(codes).toContain(d.code);
      });
    }
  });

  describe("each fix resolves what it was made for", () => {
    for (const d of QUERY_CODES) {
      it(`${d.code} ${d.name}`, () => {
        const catalog = exampleCatalog(d);
        expectFixResolves(d, (t: string) => check(t, { catalog }).diagnostics);
      });
    }
  });

  // Request codes: the example is a JSON body, or a `.http` request when the code is about requests.
  const REQUEST_CODES = DIAGNOSTICS.filter((d) => d.phase === "request");
  const requestPath = (example: string) => (/^\s*[[{]/.test(example) ? "example.json" : "example.http");
  const diagnoseRequest = (path: string) => (text: string) =>
    checkRequestFile(path, text, { now: new Date("2026-01-01T00:00:00Z") }).diagnostics;

  describe("each documented request example produces its code", () => {
    for (const d of REQUEST_CODES) {
      it(`${d.code} ${d.name}`, () => {
        const codes = diagnoseRequest(requestPath(d.example))(d.example).map((x) => x.code);
        expect(codes).toContain(d.code);
      });
    }
  });

  describe("each request fix resolves what it was made for", () => {
    for (const d of REQUEST_CODES) {
      it(`${d.code} ${d.name}`, () => expectFixResolves(d, diagnoseRequest(requestPath(d.example))));
    }
  });

  // Configuration codes: the example is a `reportql.config.json` text.
  const CONFIG_CODES = DIAGNOSTICS.filter((d) => d.code.startsWith("RQ92") && /^\s*[[{]/.test(d.example));
  const diagnoseConfig = (text: string) => configDiagnostics(text, "reportql.config.json", "/", undefined);

  describe("each documented configuration example produces its code, and its fix resolves it", () => {
    for (const d of CONFIG_CODES) {
      it(`${d.code} ${d.name}`, () => {
        expect(diagnoseConfig(d.example).map((x) => x.code)).toContain(d.code);
        expectFixResolves(d, diagnoseConfig);
      });
    }
  });

  it("has every code exercised by a reviewed golden or an inline expectation", () => {
    const goldens = goldenFiles(testRoot)
      .map((path) => readFileSync(path, "utf8"))
      .join("\n");
    const missing = DIAGNOSTICS.filter(
      (d) => d.phase !== "semantic" && d.retired === undefined && !goldens.includes(d.code),
    ).map((d) => d.code);
    expect(missing).toEqual([]);
  });

  it("documents why a retired code is no longer reported, and never reports it", () => {
    const retired = DIAGNOSTICS.filter((d) => d.retired !== undefined);
    for (const d of retired) expect(d.retired, d.code).toMatch(/\.$/);
    const cliGoldens = goldenFiles(join(testRoot, "cli", "goldens")).map((p) => readFileSync(p, "utf8"));
    for (const d of retired) for (const text of cliGoldens) expect(text).not.toContain(d.code);
  });
});

describe("message templates", () => {
  it("fill placeholders from typed data, lists as code joined for a sentence", () => {
    const span = { start: 0, end: 1 };
    expect(
      makeDiagnostic("RQ2007", span, { dataset: "D", value: "V", ranges: ["A", "B", "C"] }).message,
    ).toBe("`D` does not offer `V`; use one of `A`, `B` or `C`");
    expect(
      makeVariant("RQ2002", "didYouMeanExistsInOthers", span, {
        name: "n",
        dataset: "D",
        suggestions: ["a"],
        elsewhere: ["X", "Y", "Z"],
      }).message,
    ).toBe("`n` is not a column or metric of `D`; did you mean `a`? it exists in `X`, `Y`, `Z` and others");
    expect(makeVariant("RQ9001", "allCodes", span).message).toBe(
      "Suppression of all codes matches no diagnostic; remove it",
    );
  });

  it("carry values, never sentences: every placeholder is a name, a number, code or a list", () => {
    const prose = /\{(hint|instead|what|expected|reason_text)\}/;
    for (const d of DIAGNOSTICS) {
      for (const template of [d.message, ...Object.values(d.variants ?? {})])
        expect(template, d.code).not.toMatch(prose);
    }
  });
});
