/**
 * Syntax fixtures: every `.rql` file under `fixtures/ok` and `fixtures/err` is parsed and compared
 * with its reviewed golden (`.golden.txt`: the tree, then the diagnostics and fixed text). Files in
 * `ok/` must produce no diagnostics; files in `err/` must produce at least one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { expectGolden } from "../helpers/golden.js";
import { renderDiagnostics } from "../helpers/render.js";
import { printTree } from "../helpers/tree.js";

const root = join(import.meta.dirname, "fixtures");
const diagnose = (text: string) => parse(text).diagnostics;

for (const folder of ["ok", "err"] as const) {
  describe(`syntax fixtures ${folder}/`, () => {
    const files = readdirSync(join(root, folder))
      .filter((f) => f.endsWith(".rql"))
      .sort();
    it("has fixtures", () => expect(files.length).toBeGreaterThan(0));
    for (const file of files) {
      it(file, () => {
        const path = join(root, folder, file);
        const text = readFileSync(path, "utf8");
        const result = parse(text);
        if (folder === "ok") expect(result.diagnostics).toEqual([]);
        else expect(result.diagnostics.length).toBeGreaterThan(0);
        const golden = [
          ...printTree(result.document),
          "",
          renderDiagnostics(text, result.diagnostics, diagnose),
        ].join("\n");
        expectGolden(path.replace(/\.rql$/, ".golden.txt"), golden);
      });
    }
  });
}
