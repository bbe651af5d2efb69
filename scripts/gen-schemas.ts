/**
 * Writes the JSON Schemas of `src/api/json-schemas.ts` into `schemas/`. `test/api/schemas.test.ts`
 * fails when the committed files differ from what this writes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { requestJsonSchemas } from "../src/api/json-schemas.js";

const folder = join(import.meta.dirname, "..", "schemas");
mkdirSync(folder, { recursive: true });
for (const [name, schema] of Object.entries(requestJsonSchemas())) {
  writeFileSync(join(folder, name), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${name}`);
}
