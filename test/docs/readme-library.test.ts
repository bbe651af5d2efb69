/**
 * The README's library examples, run as written against the library (their code is plain JavaScript,
 * so it runs in-process): the Library example prints what its comments show, and the Services example
 * returns the values written after its statements.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import * as reportql from "../../src/index.js";

const README = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");

/** The first `ts` block after `heading`. */
function example(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThan(0);
  return /```ts\n([\s\S]*?)```/.exec(README.slice(start))?.[1] ?? "";
}

/** Runs an example whose only import is from "reportql", with `console.log` captured line by line. */
function run(code: string): { printed: string[]; values: unknown[] } {
  const imports = /^import \{([^}]*)\} from "reportql";\n/.exec(code);
  expect(imports).not.toBeNull();
  const body = code.slice(imports?.[0].length);
  const printed: string[] = [];
  const capture = { log: (...args: unknown[]) => printed.push(...args.join(" ").split("\n")) };
  // Each statement line followed by `// value` also hands its value back, to compare with the comment.
  const values: unknown[] = [];
  const instrumented = body.replace(/^(.+);( +)\/\/ (.*)$/gm, "__values.push($1);$2// $3");
  new Function("lib", "console", "__values", `const {${imports?.[1]}} = lib;\n${instrumented}`)(
    reportql,
    capture,
    values,
  );
  return { printed: printed.filter((line) => line !== ""), values };
}

/** Comment lines that follow a statement (a comment after a blank line is prose, not output). */
function shownOutput(code: string): string[] {
  const out: string[] = [];
  let lastCode = "";
  for (const line of code.split("\n")) {
    const comment = /^\/\/ (.*)$/.exec(line);
    if (comment === null) lastCode = line;
    else if (lastCode.trim() !== "") out.push(comment[1] as string);
  }
  return out;
}

it("the Library example prints what its comments show", () => {
  const code = example("## Library");
  const expected = shownOutput(code);
  expect(expected.length).toBeGreaterThanOrEqual(8);
  expect(run(code).printed).toEqual(expected);
});

it("the Services example returns the values written after it", () => {
  const code = example("### Services");
  const shown = [...code.matchAll(/; +\/\/ (.*)$/gm)].map((m) => JSON.parse(m[1] as string) as unknown);
  expect(shown.length).toBe(2);
  const { values } = run(code);
  expect(values[0]).toEqual(shown[0]);
  // `...` ends a value shown in part.
  const hover = String(shown[1]);
  expect(hover.endsWith(" ...")).toBe(true);
  expect(String(values[1]).startsWith(hover.slice(0, -" ...".length))).toBe(true);
});
