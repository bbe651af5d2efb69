/** `reportql lsp`: its help and usage errors, in-process (the server itself runs in test/process/). */
import { expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

it("prints its help", async () => {
  const run = await cli(["lsp", "--help"], { cwd: "/" });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("Usage: reportql lsp --stdio");
});

it("asks for --stdio, the only transport", async () => {
  for (const args of [["lsp"], ["lsp", "--stdio", "extra"]]) {
    const run = await cli(args, { cwd: "/" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("expected `reportql lsp --stdio`");
  }
  const unknown = await cli(["lsp", "--socket=5000"], { cwd: "/" });
  expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining("Unknown option '--socket'")]);
});

it("is listed in the main help", async () => {
  expect((await cli(["--help"], { cwd: "/" })).stdout).toContain("lsp --stdio");
});

it("loads the server only for `reportql lsp` (a dynamic import, no static one)", async () => {
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const source = readFileSync(join(import.meta.dirname, "..", "..", "src", "cli", "run.ts"), "utf8");
  expect(source).not.toMatch(/^import[^;]*from "\.\.\/lsp\//m);
  expect(source).toContain('await import("../lsp/stdio.js")');
});
