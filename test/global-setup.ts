/**
 * Builds `dist/` once before the tests, as `npm run build` does (`tsc`, then the CLI bundled over
 * `dist/cli/main.cjs`), so the CLI tests run the real executable exactly as users run it.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { bundleCli } from "../scripts/bundle-cli.js";

export default async function setup(): Promise<void> {
  const root = join(import.meta.dirname, "..");
  execFileSync(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  await bundleCli(join(root, "dist"));
}
