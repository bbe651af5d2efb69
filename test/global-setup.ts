/**
 * Builds `dist/` once before the tests, so the CLI tests run the real executable (`dist/cli/main.js`),
 * exactly as users run it.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export default function setup(): void {
  const root = join(import.meta.dirname, "..");
  execFileSync(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}
