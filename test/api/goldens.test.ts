/**
 * Goldens of the request checks: every fixture under `fixtures/` (`.json` bodies and `.http` request
 * files) is checked at a fixed clock; its golden lists the diagnostics, the fixes applied, and the
 * query texts handed to the query checker with where they lie in the file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { checkRequestFile } from "../../src/api/check-request-file.js";
import type { RequestCheckOptions } from "../../src/api/rules.js";
import { LineMap } from "../../src/text/line-map.js";
import { expectGolden } from "../helpers/golden.js";
import { renderDiagnostics } from "../helpers/render.js";

const folder = join(import.meta.dirname, "fixtures");
const NOW = new Date("2026-01-01T00:00:00Z");

/** Fixtures run with other options than the defaults, to show what an option changes. */
const OPTIONS: Readonly<Record<string, RequestCheckOptions>> = {
  "12-cmp-interval-90.http": { maxRecurrenceInterval: { cmp: 90 } },
};

function renderQueries(path: string, text: string, options: RequestCheckOptions): string {
  const map = new LineMap(text);
  const { queries } = checkRequestFile(path, text, options);
  if (queries.length === 0) return "";
  const lines = queries.map((q) => {
    const start = map.position(q.toFile(0));
    const end = map.position(q.toFile(q.text.length));
    return `query ${q.label ?? ""} at ${start.line}:${start.column}-${end.line}:${end.column}: ${JSON.stringify(q.text)}`;
  });
  return `\n\nqueries for the query checker:\n${lines.join("\n")}`;
}

describe("request file goldens", () => {
  for (const name of readdirSync(folder).filter((n) => /\.(json|http)$/.test(n))) {
    it(name, () => {
      const path = join(folder, name);
      const text = readFileSync(path, "utf8");
      const options = { now: NOW, ...OPTIONS[name] };
      const diagnose = (t: string) => checkRequestFile(name, t, options).diagnostics;
      const rendered = renderDiagnostics(text, diagnose(text), diagnose) + renderQueries(name, text, options);
      expectGolden(`${path}.golden.txt`, rendered);
    });
  }
});
