/**
 * Part of `npm run build`, after `tsc`: bundles the `reportql` executable (`src/cli/main.ts`, with
 * every dependency) with esbuild over `dist/cli/main.js`, so that starting the CLI reads and compiles a
 * few files instead of resolving about 180 modules one by one (cold start: see docs/performance.md).
 * What a command loads on demand (the language server, the emulator, the OpenAPI generator, the
 * request-file rules with Zod) stays behind its `import()` as a chunk of its own (`dist/cli/bundle-*.js`,
 * beside `main.js`, so code that reads `../../package.json` from `import.meta.url` finds it from any
 * chunk). The emulator's optional peer dependencies stay external: they are loaded, when installed,
 * from the user's `node_modules`. The library (`dist/index.js` and the other exports) is `tsc`'s output.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");

/** Optional peer dependencies of the emulator (`src/emulator/deps.ts`): never bundled. */
const OPTIONAL_PEERS = ["@duckdb/node-api", "@faker-js/faker", "csv-parse", "csv-stringify"];

/** Writes `dist/cli/main.js` and its lazily loaded chunks; `dist` is the output folder (for tests). */
export async function bundleCli(dist = join(ROOT, "dist")): Promise<void> {
  const out = join(dist, "cli");
  for (const name of safeReaddir(out))
    if (name.startsWith("bundle-")) rmSync(join(out, name), { force: true });
  await build({
    entryPoints: { main: join(ROOT, "src", "cli", "main.ts") },
    outdir: out,
    chunkNames: "bundle-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Not minified: measured no faster to start (esbuild's output is already one file per chunk), and an
    // internal error prints its stack and asks for a report, which should name real functions.
    minify: false,
    sourcemap: false,
    logLevel: "warning",
    // jsonc-parser's `main` is a UMD build whose dynamic requires a bundle cannot follow.
    mainFields: ["module", "main"],
    external: OPTIONAL_PEERS.flatMap((name) => [name, `${name}/*`]),
    // CommonJS dependencies bundled into an ES module call `require` for Node's built-ins.
    banner: {
      js: 'import { createRequire as __reportqlRequire } from "node:module"; const require = __reportqlRequire(import.meta.url);',
    },
  });
}

function safeReaddir(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await bundleCli();
