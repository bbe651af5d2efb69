/**
 * Every command's help lines its option descriptions up in one column, so that a reader scanning the
 * options sees where each description starts (a misaligned line reads as a continuation).
 */
import { describe, expect, it } from "vitest";
import * as usage from "../../src/cli/usage.js";

/** The column each option line's description starts at, in the help's `Options:` block. */
function descriptionColumns(help: string): number[] {
  const block = help.split("\nOptions:\n")[1]?.split("\n\n")[0] ?? "";
  return block
    .split("\n")
    .filter((line) => /^ {2}-/.test(line))
    .map((line) => /^ {2}\S+(?: \S+)*? {2,}(?=\S)/.exec(line)?.[0].length)
    .filter((column) => column !== undefined); // a long option has its description on the next line
}

describe("help texts", () => {
  for (const [name, help] of Object.entries(usage))
    if (typeof help === "string" && help.includes("\nOptions:\n"))
      it(`${name} aligns its option descriptions`, () => {
        const columns = descriptionColumns(help);
        expect(columns.length, name).toBeGreaterThan(0);
        expect(new Set(columns).size, `${name}: ${columns.join(", ")}`).toBe(1);
      });
});
