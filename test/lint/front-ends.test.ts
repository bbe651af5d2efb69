/**
 * One pipeline, one verdict: the library (`lintText`), the CLI (`reportql check`, in-process) and the
 * Monaco integration report the same diagnostics, with the same codes, severities, messages and
 * positions, for every query fixture of the repository, and apply suppression comments and rule
 * severities alike.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DiagnosticCode } from "../../src/diagnostics/catalog.js";
import { lintText } from "../../src/lint/lint.js";
import type { SeverityOverride } from "../../src/lint/severities.js";
import { registerReportQL } from "../../src/monaco/register.js";
import { cli } from "../helpers/cli.js";
import { fakeMonaco } from "../helpers/fake-monaco.js";

const TEST_ROOT = join(import.meta.dirname, "..");
const SEVERITIES = ["hint", "info", "warning", "error"] as const;

function rqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rqlFiles(path);
    return name.endsWith(".rql") ? [path] : [];
  });
}

/** What every front end must agree on: code, severity, message and the span (as offsets). */
interface Verdict {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

const byPosition = (a: Verdict, b: Verdict) =>
  a.start - b.start || a.end - b.end || a.code.localeCompare(b.code);

function fromLibrary(text: string, severities: ReadonlyMap<DiagnosticCode, SeverityOverride>): Verdict[] {
  return lintText(text, { severities }).map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    start: d.span.start,
    end: d.span.end,
  }));
}

async function fromCli(text: string, configuration: string | undefined): Promise<Verdict[]> {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "reportql-front-"));
  if (configuration !== undefined) writeFileSync(join(dir, "reportql.config.json"), configuration);
  const args = [
    "check",
    "--stdin",
    "--format",
    "json",
    ...(configuration === undefined ? ["--no-config"] : []),
  ];
  const run = await cli(args, { cwd: dir, input: text });
  const report = JSON.parse(run.stdout) as {
    files: {
      diagnostics: { code: string; severity: string; message: string; offset: number; endOffset: number }[];
    }[];
  };
  return (report.files[0]?.diagnostics ?? []).map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    start: d.offset,
    end: d.endOffset,
  }));
}

function fromMonaco(text: string, severities: ReadonlyMap<DiagnosticCode, SeverityOverride>): Verdict[] {
  const { monaco, open, markers } = fakeMonaco();
  const registration = registerReportQL(monaco, { rules: severities });
  const model = open(text, "query.rql");
  const verdicts = markers(model).map((m) => ({
    code: typeof m.code === "string" ? m.code : String(m.code?.value),
    severity: SEVERITIES[[1, 2, 4, 8].indexOf(m.severity)] ?? "?",
    message: m.message,
    start: model.getOffsetAt({ lineNumber: m.startLineNumber, column: m.startColumn }),
    end: model.getOffsetAt({ lineNumber: m.endLineNumber, column: m.endColumn }),
  }));
  registration.dispose();
  return verdicts;
}

describe("every front end agrees", () => {
  const files = rqlFiles(TEST_ROOT);
  it("finds the query fixtures", () => expect(files.length).toBeGreaterThan(100));
  for (const file of files) {
    it(file.slice(TEST_ROOT.length + 1), async () => {
      const text = readFileSync(file, "utf8");
      const library = fromLibrary(text, new Map()).sort(byPosition);
      expect((await fromCli(text, undefined)).sort(byPosition)).toEqual(library);
      expect(fromMonaco(text, new Map()).sort(byPosition)).toEqual(library);
    });
  }

  it("applies suppression comments and rule severities alike", async () => {
    const text = [
      "-- reportql-ignore RQ2002",
      "SELECT NoSuchColumn FROM ISVOrder WHERE OrderStatus <> 'Active';",
      "-- reportql-ignore RQ9999",
      "SELECT OrderId FROM ISVOrder",
    ].join("\n");
    const rules = new Map<DiagnosticCode, SeverityOverride>([
      ["RQ1005", "warning"],
      ["RQ2015", "off"],
    ]);
    const library = fromLibrary(text, rules).sort(byPosition);
    expect(library.map((v) => `${v.code} ${v.severity}`)).toEqual(["RQ1005 warning", "RQ9002 warning"]);
    const configuration = JSON.stringify({ rules: { RQ1005: "warn", "default-timespan": "off" } });
    expect((await fromCli(text, configuration)).sort(byPosition)).toEqual(library);
    expect(fromMonaco(text, rules).sort(byPosition)).toEqual(library);
  });
});
