/**
 * `npm run examples`: checks the queries under `examples/` (or the folders given) against the built-in
 * catalog and prints every diagnostic as `file:line:column severity code message`, then a summary. A
 * demonstration of the
 * library until the `reportql` CLI lands; `examples/broken/` holds deliberately broken queries, so
 * this exits 0 and leaves failing builds to the CLI.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { builtinCatalog, check, DIAGNOSTICS, LineMap } from "../src/index.js";

function rqlFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const child = join(path, name);
      return statSync(child).isDirectory() ? rqlFiles(child) : name.endsWith(".rql") ? [child] : [];
    });
}

const roots = process.argv.length > 2 ? process.argv.slice(2) : [join(import.meta.dirname, "..", "examples")];
const catalog = builtinCatalog("all");
let queries = 0;
const counts = { error: 0, warning: 0, info: 0, hint: 0 };
for (const file of roots.flatMap(rqlFiles)) {
  const text = readFileSync(file, "utf8");
  const result = check(text, { catalog });
  const lines = new LineMap(text);
  queries += result.document.queries.length;
  for (const d of result.diagnostics) {
    const { line, column } = lines.position(d.span.start);
    const fix = d.fixes?.[0];
    console.log(
      `${relative(process.cwd(), file)}:${line}:${column} ${d.severity} ${d.code} ${d.message}${fix ? ` [fix, ${fix.applicability}: ${fix.title}]` : ""}`,
    );
    counts[d.severity]++;
  }
}
console.log(
  `\nChecked ${queries} queries: ${counts.error} errors, ${counts.warning} warnings (${DIAGNOSTICS.length} diagnostic codes known).`,
);
