/**
 * Part of `npm run build`, after `tsc`: bundles the `reportql` executable with esbuild, so that starting
 * the CLI reads and compiles a few files instead of resolving about 180 modules one by one (cold start:
 * see docs/performance.md and `src/cli/code-cache.ts`). Three outputs in `dist/cli`:
 * - `main.cjs`, the executable (`src/cli/main.ts` alone, as CommonJS: Node starts that faster);
 * - `core.cjs`, the whole CLI (`src/cli/core.ts`) as one CommonJS script, with V8's code cache for it
 *   (`core.cache`, `core.cache.json`), made by running it once in a Node without flags;
 * - `core.js`, the same CLI as ES modules, for a Node the cache does not fit. What a command loads on
 *   demand (the language server, the emulator, the OpenAPI generator, the request-file rules with Zod)
 *   stays behind its `import()` as a chunk of its own (`bundle-*.js`, beside it, so code that reads
 *   `../../package.json` from `import.meta.url` finds it from any chunk).
 * The emulator's optional peer dependencies stay external: they are loaded, when installed, from the
 * user's `node_modules`. The library (`dist/index.js` and the other exports) is `tsc`'s output.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildOptions, build, type Plugin } from "esbuild";
import { CACHE_FILE, CORE_FILE, IMPORT_META_URL, IMPORT_PEER, KEY_FILE } from "../src/cli/code-cache.js";

const ROOT = join(import.meta.dirname, "..");

/** Optional peer dependencies of the emulator (`src/emulator/deps.ts`): never bundled. */
const OPTIONAL_PEERS = ["@duckdb/node-api", "@faker-js/faker", "csv-parse", "csv-stringify"];
/**
 * Loaded from `node_modules` as the peers are: those, and undici (a dependency, installed beside
 * reportql), imported only when a proxy variable is set, so it adds nothing to the executable's chunks.
 */
const UNBUNDLED = [...OPTIONAL_PEERS, "undici"];

/** Writes the executable and what it loads into `dist/cli`; `dist` is the output folder (for tests). */
export async function bundleCli(dist = join(ROOT, "dist")): Promise<void> {
  const out = join(dist, "cli");
  // `tsc`'s `main.js` is the launcher unbundled: `main.cjs` replaces it.
  for (const name of safeReaddir(out))
    if (
      name.startsWith("bundle-") ||
      [CORE_FILE, CACHE_FILE, KEY_FILE, "main.js", "main.d.ts"].includes(name)
    )
      rmSync(join(out, name), { force: true });
  await bundleLauncher(out);
  await bundleModules(out);
  await bundleCore(out);
  writeCache(out);
}

/** The executable: the launcher alone; the CLI it loads (`./core.js` or the cached bundle) stays out. */
async function bundleLauncher(out: string): Promise<void> {
  await build({
    entryPoints: [join(ROOT, "src", "cli", "main.ts")],
    outfile: join(out, "main.cjs"),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    logLevel: "warning",
    define: { "import.meta.dirname": "__dirname" },
    plugins: [
      {
        name: "core-stays-out",
        setup(plugin) {
          plugin.onResolve({ filter: /^\.\/core\.js$/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
}

/** What both builds of the CLI share. */
const CLI_BUILD = {
  bundle: true,
  platform: "node",
  target: "node20",
  // Not minified: measured no faster to start (esbuild's output is already one file per chunk), and an
  // internal error prints its stack and asks for a report, which should name real functions.
  minify: false,
  sourcemap: false,
  logLevel: "warning",
  // jsonc-parser's `main` is a UMD build whose dynamic requires a bundle cannot follow.
  mainFields: ["module", "main"],
  external: UNBUNDLED.flatMap((name) => [name, `${name}/*`]),
} satisfies BuildOptions;

/** The ES module build: what runs when the code cache does not fit the running Node. */
async function bundleModules(out: string): Promise<void> {
  await build({
    entryPoints: { core: join(ROOT, "src", "cli", "core.ts") },
    outdir: out,
    chunkNames: "bundle-[hash]",
    ...CLI_BUILD,
    splitting: true,
    format: "esm",
    // CommonJS dependencies bundled into an ES module call `require` for Node's built-ins.
    banner: {
      js: 'import { createRequire as __reportqlRequire } from "node:module"; const require = __reportqlRequire(import.meta.url);',
    },
  });
}

/**
 * The same program as one CommonJS script, for V8's code cache (Node 20 caches no ES modules). Every
 * module stays lazily initialised behind esbuild's wrappers, so what a command does not use is compiled
 * only if it runs. ASCII only, so that start-up can decode it as latin1.
 */
async function bundleCore(out: string): Promise<void> {
  const file = join(out, CORE_FILE);
  await build({
    entryPoints: [join(ROOT, "src", "cli", "core.ts")],
    outfile: file,
    ...CLI_BUILD,
    format: "cjs",
    // The loader passes the bundle's own URL under this name (`code-cache.ts`).
    define: { "import.meta.url": IMPORT_META_URL },
    charset: "ascii",
    plugins: [peersThroughTheLauncher],
  });
  // esbuild escapes strings, templates and regular expressions; what is left is in comments.
  const text = readFileSync(file, "utf8");
  writeFileSync(
    file,
    text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
}

/**
 * In a script compiled from V8's code cache, Node 20 loses what `import()` needs (it throws
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so the bundle imports the optional peers through a function
 * the loader passes under `IMPORT_PEER` (`code-cache.ts`); `test/process/bundle.test.ts` checks that
 * no `import(` is left.
 */
const peersThroughTheLauncher: Plugin = {
  name: "peers-through-the-launcher",
  setup(plugin) {
    // `import("peer")` as an expression; `typeof import("peer")` is a type, erased anyway.
    const peer = new RegExp(`(?<!typeof )\\bimport\\(("(?:${UNBUNDLED.join("|")})(?:/[\\w/.-]+)?")\\)`, "g");
    plugin.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const contents = text.replace(peer, `${IMPORT_PEER}($1)`);
      return contents === text ? undefined : { contents, loader: "ts" };
    });
  },
};

/** Runs the bundle once in a Node without flags, as the executable starts, and saves V8's code. */
function writeCache(out: string): void {
  const loader = pathToFileURL(join(out, "code-cache.js")).href;
  execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { writeCodeCache } from ${JSON.stringify(loader)}; await writeCodeCache(${JSON.stringify(out)});`,
    ],
    { env: { ...process.env, NODE_OPTIONS: "" }, stdio: "inherit" },
  );
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
