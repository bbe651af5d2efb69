/** FolderWatcher: a file watched through its folder, so creating it is seen; folders that cannot be watched are no error. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { FolderWatcher } from "../../src/lsp/watch.js";

it("calls back when a watched file that did not exist is created, and stops when closed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "reportql-watch-"));
  try {
    let calls = 0;
    let wake: () => void = () => undefined;
    const watcher = new FolderWatcher(() => {
      calls++;
      wake();
    }, 1);
    const changed = new Promise<void>((resolve) => {
      wake = resolve;
    });
    watcher.watch([join(dir, ".reportqlignore"), join(dir, "no", "such", "folder", "reportql.config.json")]);
    writeFileSync(join(dir, ".reportqlignore"), "*.gen.rql\n");
    await changed;
    expect(calls).toBeGreaterThan(0);
    watcher.close();
    watcher.watch([join(dir, ".reportqlignore")]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
