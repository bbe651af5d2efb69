/** A temporary folder holding the given files (by relative path), removed after `body` runs. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export async function withProject<R>(
  files: Readonly<Record<string, string>>,
  body: (dir: string) => Promise<R>,
): Promise<R> {
  const dir = mkdtempSync(join(tmpdir(), "reportql-project-"));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
