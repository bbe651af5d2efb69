/**
 * The SARIF rules, asserted for the whole catalog here so that the SARIF golden holds only the rules
 * its run reports.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AjvModule from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { sarifRule } from "../../src/cli/formats/sarif.js";
import { DIAGNOSTICS } from "../../src/diagnostics/catalog.js";
import { DIAGNOSTICS_DOC_URL } from "../../src/diagnostics/docs-url.js";
import { cli } from "../helpers/cli.js";

const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "diagnostics.md"), "utf8");

/** GitHub's anchor of a Markdown heading: lower case, spaces to dashes, punctuation dropped. */
function anchors(markdown: string): Set<string> {
  const headings = markdown.split("\n").filter((l) => l.startsWith("#"));
  return new Set(
    headings.map((h) =>
      h
        .replace(/^#+\s*/, "")
        .toLowerCase()
        .replace(/[^\w\s-]/g, "")
        .replace(/\s/g, "-"),
    ),
  );
}

describe("SARIF rules", () => {
  const known = anchors(doc);
  for (const d of DIAGNOSTICS) {
    it(`${d.code}: short and full descriptions, level, and a link to its documented entry`, () => {
      const rule = sarifRule(d);
      expect(rule.id).toBe(d.code);
      expect(rule.fullDescription?.text).toBe(d.summary);
      const short = rule.shortDescription?.text ?? "";
      expect(short.length).toBeGreaterThan(0);
      expect(d.summary.startsWith(short)).toBe(true);
      expect(short).toMatch(/[.?!`)]$/);
      const [base, anchor] = (rule.helpUri ?? "").split("#");
      expect(base).toBe(DIAGNOSTICS_DOC_URL);
      expect(known.has(anchor ?? ""), `docs/diagnostics.md has a heading for #${anchor}`).toBe(true);
    });
  }
});

describe("SARIF logs", () => {
  it("validate against the SARIF 2.1.0 schema (Microsoft's, as shipped with @microsoft/jest-sarif)", async () => {
    const schemaPath = join(
      import.meta.dirname,
      "..",
      "..",
      "node_modules",
      "@microsoft",
      "jest-sarif",
      "lib",
      "schemas",
      "sarif-2.1.0-rtm.5.json",
    );
    const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
    // ajv-draft-04 is CommonJS: its class is the default export's `default`. The schema's language
    // pattern is not valid in Unicode mode, hence `unicodeRegExp: false`.
    type Validator = ((data: unknown) => boolean) & { errors?: unknown };
    type AjvClass = new (options: Record<string, unknown>) => { compile(schema: unknown): Validator };
    const Ajv = (AjvModule as unknown as { default: AjvClass }).default;
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const project = join(import.meta.dirname, "fixtures", "project");
    for (const args of [
      ["check", "--format", "sarif"],
      ["check", "--format", "sarif", "--no-config", "queries/clean.rql"],
    ]) {
      const run = await cli(args, { cwd: project });
      const log = JSON.parse(run.stdout);
      expect(validate(log) ? [] : validate.errors, args.join(" ")).toEqual([]);
    }
  });
});
