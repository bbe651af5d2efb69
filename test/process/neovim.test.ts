/**
 * A real editor against the server: Neovim (Debian's package; .ci/run installs it) runs headless with
 * its built-in LSP client, which neither pulls diagnostics nor registers watchers dynamically, so this
 * also covers the push-only path that advertising pull diagnostics would break.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

it("serves Neovim's built-in client: pushed diagnostics, completion, hover", () => {
  const folder = mkdtempSync(join(tmpdir(), "reportql-nvim-"));
  const file = join(folder, "q.rql");
  const out = join(folder, "out.json");
  writeFileSync(file, "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH\n");
  execFileSync(
    "nvim",
    ["--headless", "--clean", "-c", `luafile ${join(import.meta.dirname, "neovim", "client.lua")}`],
    {
      cwd: folder,
      env: { ...process.env, OUT: out, FILE: file, MAIN: join(ROOT, "dist", "cli", "main.cjs") },
      timeout: 60_000,
      stdio: "ignore",
    },
  );
  const seen = JSON.parse(readFileSync(out, "utf8"));
  expect(seen.attached).toBe(true);
  expect(seen.diagnostics).toEqual([{ code: "RQ2002", lnum: 0, col: 7, source: "reportql" }]);
  expect(seen.completion).toContain("OrderId");
  expect(seen.hover).toContain("**ISVOrder**");
}, 90_000);
