/**
 * The README's `reportql/client` example, as an integrator would use it: type-checked as written with
 * this repository's strict settings (`noUncheckedIndexedAccess` included, as many projects set it), and
 * run as written against the emulator over HTTP (only its endpoint's port changed).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { transform } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as client from "../../src/client/index.js";
import type { RunningEmulator } from "../../src/emulator/server/node.js";
import { start } from "../emulator/server-helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const heading = README.indexOf("\n### In code: `reportql/client`\n");
const code = /```ts\n([\s\S]*?)```/.exec(README.slice(heading))?.[1] ?? "";
const IMPORT = 'import { createClient } from "reportql/client";\n';

let server: RunningEmulator;
beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});

it("is the example `npm run typecheck` checks, so it type-checks as written", () => {
  expect(heading).toBeGreaterThan(0);
  expect(code.startsWith(IMPORT)).toBe(true);
  // TypeScript 7 has no compiler API to run here: the example is kept as a file the project's
  // type-check covers (strict, noUncheckedIndexedAccess), and this test keeps the two the same.
  const checked = readFileSync(join(ROOT, "test", "docs", "readme-client-example.ts"), "utf8");
  expect(checked.replace(/^\/\*[\s\S]*?\*\/\n/, "")).toBe(
    code.replace('"reportql/client"', '"../../src/client/index.js"'),
  );
});

it("runs as written against the emulator and prints its rows", async () => {
  const { code: body } = await transform(code.slice(IMPORT.length), { loader: "ts", format: "esm" });
  expect(body).toContain("http://127.0.0.1:7071/insights/v1/cmp");
  const printed: unknown[][] = [];
  const run = new (Object.getPrototypeOf(async () => {}).constructor)(
    "createClient",
    "console",
    body.replace("http://127.0.0.1:7071", server.url),
  ) as (create: typeof client.createClient, console: { log: (...args: unknown[]) => void }) => Promise<void>;
  await run(client.createClient, { log: (...args) => printed.push(args) });
  expect(printed.length).toBeGreaterThan(0);
  for (const row of printed) {
    expect(row).toHaveLength(2);
    expect(row.every((field) => typeof field === "string")).toBe(true);
  }
});
