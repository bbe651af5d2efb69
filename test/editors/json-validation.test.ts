/**
 * The extension's `jsonValidation` contributions, checked as VS Code applies them: each `fileMatch`
 * picks the files it is meant for (and not `package.json` or `tsconfig.json`), each `url` is a
 * schema the packaging script copies into the `.vsix`, and the schemas, run by ajv, accept the
 * bodies the documentation publishes and reject a field out of its documented range.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020Module from "ajv/dist/2020.js";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const EXTENSION = join(ROOT, "editors", "vscode");
const manifest = JSON.parse(readFileSync(join(EXTENSION, "package.json"), "utf8"));
const entries: { fileMatch: string | string[]; url: string }[] = manifest.contributes.jsonValidation;

/**
 * The schemas VS Code attaches to a file: its JSON extension prefixes a `fileMatch` pattern that does
 * not start with `/` with a globstar folder (`**` then `/`) and matches it against the file path.
 */
function schemasFor(path: string): string[] {
  const matches = (pattern: string) =>
    picomatch(pattern.startsWith("/") ? pattern : `**/${pattern}`, { dot: true })(`/${path}`);
  return entries.filter((entry) => [entry.fileMatch].flat().some(matches)).map((entry) => entry.url);
}

// ajv is CommonJS: its class is the default export's `default` under Node's ESM loader.
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
type AjvClass = new (options: Record<string, unknown>) => { compile(schema: object): Validate };
const Ajv2020 = (Ajv2020Module as unknown as { default: AjvClass }).default;
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validator = (url: string) => ajv.compile(JSON.parse(readFileSync(join(ROOT, url), "utf8")) as object);

const report = {
  ReportName: "Top10_CustomersReport",
  QueryId: "ec8366a4-d96e-4194-8c37-d5dbc0639033",
  StartTime: "2021-03-31T18:41:00Z",
  ExecuteNow: false,
  RecurrenceInterval: 24,
  RecurrenceCount: 100,
  Format: "CSV",
  CallbackUrl: "https://example.com/callback",
  CallbackMethod: "GET",
};

describe("jsonValidation", () => {
  it("points to schemas the packaging script copies into the extension (every schemas/*.schema.json)", () => {
    const shipped = readdirSync(join(ROOT, "schemas")).filter((n) => n.endsWith(".schema.json"));
    for (const { url } of entries) {
      expect(url).toMatch(/^\.\/schemas\/[\w.-]+\.schema\.json$/);
      expect(shipped).toContain(url.slice("./schemas/".length));
    }
  });

  it.each([
    ["proj/reportql.config.json", ["./schemas/reportql.config.schema.json"]],
    ["proj/orders.reportql.json", ["./schemas/request-bodies.schema.json"]],
    ["proj/reportql-requests/orders.json", ["./schemas/request-bodies.schema.json"]],
    ["proj/package.json", []],
    ["proj/tsconfig.json", []],
    ["proj/create-report-queries.json", []],
  ])("attaches to %s: %j", (path, urls) => {
    expect(schemasFor(path)).toEqual(urls);
  });

  it("request files: the documentation's bodies and arrays of them pass, out-of-range fields fail", () => {
    const validate = validator("./schemas/request-bodies.schema.json");
    const queries = JSON.parse(readFileSync(join(ROOT, "examples", "create-report-queries.json"), "utf8"));
    for (const body of [queries, queries[0], report, { ReportName: "r", StartTime: "2026-02-01T00:00:00Z" }])
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    for (const bad of [
      { ...report, RecurrenceInterval: 2 },
      { ...report, ReportName: "a;b" },
      { ...report, Format: "XLSX" },
      { Name: "n" },
    ])
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
  });

  const configValidator = validator("./schemas/reportql.config.schema.json");

  it("reportql.config.json: the project fixture passes, a misspelt severity fails", () => {
    const validate = configValidator;
    const config = JSON.parse(
      readFileSync(join(ROOT, "test", "cli", "fixtures", "project", "reportql.config.json"), "utf8"),
    );
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, rules: { RQ2015: "warning-ish" } })).toBe(false);
  });

  it("reportql.config.json: a retired code is valid but deprecated, with a message saying what to do", () => {
    const validate = configValidator;
    expect(validate({ rules: { RQ9106: "off", "not-a-query-body": "off" } })).toBe(true);
    const schema = JSON.parse(readFileSync(join(ROOT, "schemas", "reportql.config.schema.json"), "utf8"));
    expect(schema.properties.rules.properties.RQ9106).toMatchObject({
      deprecated: true,
      deprecationMessage: expect.stringMatching(
        /^RQ9106 \(not-a-query-body\) is retired and no longer reported; remove this setting\./,
      ),
    });
  });
});
