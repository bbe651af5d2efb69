/** Writes the generated files of `grammar/` (`npm run gen`); `test/grammar/generated.test.ts` checks them. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  DIAGRAMS_PATH,
  generateDiagramsHtml,
  generateLookaheadModule,
  generateTextMateGrammar,
  LOOKAHEAD_PATH,
  TEXTMATE_PATH,
} from "./grammar-artifacts.js";

const root = join(import.meta.dirname, "..");
for (const [relativePath, generate] of [
  [DIAGRAMS_PATH, generateDiagramsHtml],
  [TEXTMATE_PATH, generateTextMateGrammar],
  [LOOKAHEAD_PATH, generateLookaheadModule],
] as const) {
  const path = join(root, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, generate());
  console.log(`wrote ${path}`);
}
