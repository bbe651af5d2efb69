/** The diagnostic reference is generated from the catalog; a stale copy fails here. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderConfigSchema } from "../../scripts/config-schema.js";
import { renderDiagnosticsDoc } from "../../scripts/diagnostics-doc.js";
import { DIAGNOSTICS } from "../../src/diagnostics/catalog.js";

it("docs/diagnostics.md is up to date (run `npm run gen`)", () => {
  const committed = readFileSync(join(import.meta.dirname, "../../docs/diagnostics.md"), "utf8");
  expect(committed).toBe(renderDiagnosticsDoc());
});

it("schemas/reportql.config.schema.json is up to date (run `npm run gen`)", () => {
  const committed = readFileSync(
    join(import.meta.dirname, "../../schemas/reportql.config.schema.json"),
    "utf8",
  );
  expect(committed).toBe(renderConfigSchema());
});

/** Each entry of the page: its heading's code and the text up to the next heading. */
function entries(doc: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of doc.split(/^### /m).slice(1)) map.set(part.slice(0, part.indexOf(" ")), part);
  return map;
}

describe("docs/diagnostics.md examples", () => {
  const doc = entries(renderDiagnosticsDoc());
  const requestLike = DIAGNOSTICS.filter((d) => d.phase === "request" || d.phase === "tooling");

  it("labels request bodies json, request files http and queries sql", () => {
    for (const d of DIAGNOSTICS) {
      const expected = /^\s*[[{]/.test(d.example)
        ? "json"
        : /^(GET|POST|PUT|DELETE) /.test(d.example)
          ? "http"
          : /^reportql |^lint\(/.test(d.example)
            ? "text"
            : "sql";
      expect(doc.get(d.code), d.code).toContain(`\`\`\`${expected}\n${d.example}\n\`\`\``);
    }
  });

  it("shows what reportql reports on every runnable request and tooling example", () => {
    for (const d of requestLike)
      if (!/^reportql |^lint\(/.test(d.example)) expect(doc.get(d.code), d.code).toMatch(/^Reported: /m);
  });
});
