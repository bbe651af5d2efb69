/**
 * The layer order of ARCHITECTURE.md, enforced. Every `src/**\/*.ts` file's imports (static, type-only,
 * re-exports and dynamic `import()`) are read with a small scanner and each is judged:
 *
 * - a module imports only from its own layer or from layers below it, bottom to top:
 *   `text` → `diagnostics` → `syntax` → `format` → `semantic` → `api` → `lint` → `services` → the top
 *   layers (`cli`, `monaco`, `lsp`, `emulator`, `client`);
 * - no top layer imports another top layer, except `cli`, which may import any of them;
 * - `chevrotain` is imported only inside `src/syntax/`;
 * - entry files (`src/index.ts`, `src/<layer>/index.ts`) re-export and may import from any layer; no
 *   module inside `src/` imports `src/index.ts`;
 * - every folder of `src/` has a place in the order (a new one must be added here and in
 *   ARCHITECTURE.md). Layers that do not exist yet are simply absent.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");

/** Layers from the bottom up; a layer may import from itself and from those before it. */
const ORDER = ["text", "diagnostics", "syntax", "format", "semantic", "api", "lint", "services"] as const;
/** The top layers: front ends. None imports another, but `cli` may import any of them. */
const TOP = ["cli", "monaco", "lsp", "emulator", "client"] as const;
/** The only layer allowed to import Chevrotain. */
const CHEVROTAIN_LAYER = "syntax";

/** An import of one module: where it is written and what it names. */
interface ImportOf {
  readonly from: string;
  readonly specifier: string;
  readonly line: number;
}

/**
 * The module specifiers a TypeScript file imports or re-exports. Statements are recognised at the start
 * of a line (after white space), so an `import` written inside a doc comment or a string is not one.
 */
function importsOf(source: string): { specifier: string; line: number }[] {
  const found: { specifier: string; line: number }[] = [];
  const statement = /^[ \t]*(?:import|export)\b(?:[^;"'`]*?\bfrom)?\s*["']([^"']+)["']/gm;
  const dynamic = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
  for (const pattern of [statement, dynamic])
    for (const match of source.matchAll(pattern)) {
      const line = source.slice(0, match.index).split("\n").length;
      found.push({ specifier: match[1] as string, line });
    }
  return found;
}

/** The layer of a file under `src/` (a path relative to `src/`, with `/`), or "entry" for `index.ts`. */
function layerOf(path: string): string {
  const parts = path.split("/");
  return parts.length === 1 ? "entry" : (parts[0] as string);
}

function rank(layer: string): number | undefined {
  const index = (ORDER as readonly string[]).indexOf(layer);
  if (index >= 0) return index;
  return (TOP as readonly string[]).includes(layer) ? ORDER.length : undefined;
}

function isEntry(path: string): boolean {
  return path === "index.ts" || /^[^/]+\/index\.ts$/.test(path);
}

/** What is wrong with one import, if anything; `target` is the imported file relative to `src/`. */
function judge(fromPath: string, specifier: string, target: string | undefined): string | undefined {
  const from = layerOf(fromPath);
  if (specifier === "chevrotain" || specifier.startsWith("chevrotain/"))
    return from === CHEVROTAIN_LAYER ? undefined : `imports chevrotain outside src/${CHEVROTAIN_LAYER}/`;
  if (target === undefined) return undefined; // a package or a Node built-in
  if (target.startsWith("..")) return `imports ${specifier}, outside src/`;
  if (target === "index.ts" && fromPath !== "index.ts") return "imports the public entry point src/index.ts";
  if (isEntry(fromPath)) return undefined;
  const to = layerOf(target);
  if (to === from) return undefined;
  const fromRank = rank(from);
  const toRank = rank(to);
  if (fromRank === undefined) return `is in src/${from}/, which has no place in the layer order`;
  if (toRank === undefined) return `imports src/${to}/, which has no place in the layer order`;
  if (toRank > fromRank) return `imports ${target}: ${to} is above ${from} in the layer order`;
  if (toRank === ORDER.length && from !== "cli")
    return `imports ${target}: top layers do not import each other (only cli may)`;
  return undefined;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function toSrcPath(absolute: string): string {
  return relative(SRC, absolute).split(sep).join("/");
}

/** The file a relative specifier names, relative to `src/` (`.js` written for `.ts`, as NodeNext wants). */
function resolveTarget(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const absolute = resolve(dirname(file), specifier.replace(/\.js$/, ".ts"));
  return toSrcPath(absolute);
}

describe("layers", () => {
  const files = sourceFiles(SRC);
  const imports: ImportOf[] = files.flatMap((file) =>
    importsOf(readFileSync(file, "utf8")).map((i) => ({ from: file, ...i })),
  );

  it("finds the modules and their imports", () => {
    expect(files.length).toBeGreaterThan(20);
    expect(imports.length).toBeGreaterThan(100);
  });

  it("gives every folder of src/ a place in the layer order", () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory());
    const unplaced = folders.map((f) => f.name).filter((name) => rank(name) === undefined);
    expect(unplaced).toEqual([]);
  });

  it("imports only downwards, and chevrotain only in src/syntax/", () => {
    const problems = imports.flatMap((i) => {
      const path = toSrcPath(i.from);
      const problem = judge(path, i.specifier, resolveTarget(i.from, i.specifier));
      return problem === undefined ? [] : [`src/${path}:${i.line} ${problem}`];
    });
    expect(problems).toEqual([]);
  });
});

describe("the layer rules themselves", () => {
  it("read every import form, and no import written in a comment", () => {
    const source = [
      `import type { A } from "./a.js";`,
      `import { b,`,
      `  c } from "../b.js";`,
      `export * from "./c.js";`,
      `export { d } from './d.js';`,
      `import "./side-effect.js";`,
      `/** import { x } from "./not-an-import.js"; */`,
      `export const f = "./not-an-import.js";`,
      `const e = await import("./e.js");`,
    ].join("\n");
    expect(importsOf(source).map((i) => i.specifier)).toEqual([
      "./a.js",
      "../b.js",
      "./c.js",
      "./d.js",
      "./side-effect.js",
      "./e.js",
    ]);
  });

  it("accept downward and same-layer imports", () => {
    expect(judge("format/format.ts", "../syntax/parse.js", "syntax/parse.ts")).toBeUndefined();
    expect(judge("semantic/check.ts", "./catalog.js", "semantic/catalog.ts")).toBeUndefined();
    expect(judge("cli/run.ts", "../monaco/x.js", "monaco/x.ts")).toBeUndefined();
    expect(judge("index.ts", "./cli/run.js", "cli/run.ts")).toBeUndefined();
    expect(judge("syntax/lexer.ts", "chevrotain", undefined)).toBeUndefined();
    expect(judge("lsp/server.ts", "../lint/lint.js", "lint/lint.ts")).toBeUndefined();
  });

  it("reject upward imports, top layers importing each other, chevrotain elsewhere", () => {
    expect(judge("syntax/parse.ts", "../semantic/check.js", "semantic/check.ts")).toMatch(/above/);
    expect(judge("text/span.ts", "../diagnostics/make.js", "diagnostics/make.ts")).toMatch(/above/);
    expect(judge("monaco/register.ts", "../cli/run.js", "cli/run.ts")).toMatch(/only cli/);
    expect(judge("lsp/server.ts", "../emulator/x.js", "emulator/x.ts")).toMatch(/only cli/);
    expect(judge("format/format.ts", "chevrotain", undefined)).toMatch(/chevrotain/);
    expect(judge("services/complete.ts", "../index.js", "index.ts")).toMatch(/entry point/);
    expect(judge("widgets/x.ts", "../text/span.js", "text/span.ts")).toMatch(/no place/);
  });
});
