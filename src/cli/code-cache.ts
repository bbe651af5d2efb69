/**
 * Start-up from V8's code cache: the executable's cold start (issue 19, docs/performance.md).
 *
 * Most of what `reportql check one.rql` spends beyond a bare `node` is V8 compiling the CLI's
 * JavaScript: parsing the bundle and compiling, one by one, the functions a check calls. Node 20 has no
 * compile cache for ES modules (Node 22's `module.enableCompileCache` is not there), so the build also
 * writes the CLI as one CommonJS bundle, `core.cjs`, runs it once on a sample check and saves V8's
 * code for it (`vm.Script#createCachedData`) in `core.cache`. At start-up `loadCachedCore` compiles
 * `core.cjs` from that cache instead of from source.
 *
 * The cache is used only when it is known to fit, because V8 checks little itself (the V8 version and
 * flags, and the source's length, not its content; nor, in a release build of Node, the cache's own
 * bytes: a damaged cache that passes its header check crashes Node): `core.cache.json` records the V8
 * version, the platform and the length and CRC-32 of `core.cjs` and of `core.cache`, and the cache is
 * only tried without V8 or Node flags (a flag
 * would make V8 refuse it after compiling all 2.6 MB from source, slower than the ES modules). In every
 * other case (a package built with another Node, an edited bundle, `NODE_OPTIONS`, running from
 * source) `main.ts` imports the ES modules, and on Node 22 and later turns on Node's compile cache.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import nodeModule, { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Script } from "node:vm";
import { crc32 } from "node:zlib";
import type * as Core from "./core.js";

export type CliCore = typeof Core;

/** The bundle, its cache and what the cache was made for, side by side in the executable's folder. */
export const CORE_FILE = "core.cjs";
export const CACHE_FILE = "core.cache";
export const KEY_FILE = "core.cache.json";

/** The name the CommonJS bundle gives `import.meta.url` (see `scripts/bundle-cli.ts`). */
export const IMPORT_META_URL = "__reportqlImportMetaUrl";

/**
 * The name under which the bundle finds `import()` for the optional peer dependencies: Node 20 loses
 * `import()` in a script compiled from the code cache, so the loader lends its own.
 */
export const IMPORT_PEER = "__reportqlImportPeer";

/** What the cache was produced for; it is used only by an identical runtime and an identical bundle. */
interface CacheKey {
  readonly v8: string;
  readonly platform: string;
  readonly arch: string;
  /** Length and CRC-32 of `core.cjs`. */
  readonly bytes: number;
  readonly crc32: number;
  /** Length and CRC-32 of `core.cache`: V8 would deserialise damaged data and crash. */
  readonly cacheBytes: number;
  readonly cacheCrc32: number;
}

/** How the executable's code was loaded: from the cache, or why not (then the ES modules are used). */
export type CoreLoad =
  | { readonly core: CliCore; readonly cache: "accepted" | "refused by V8" }
  | { readonly core: undefined; readonly reason: string };

/** The CLI compiled from the code cache in `folder`, or the reason it cannot be. Never throws. */
export function loadCachedCore(folder: string): CoreLoad {
  const flags = runtimeFlags();
  if (flags !== undefined) return { core: undefined, reason: `Node runs with flags (${flags})` };
  let key: unknown;
  let source: Buffer;
  let cachedData: Buffer;
  try {
    key = JSON.parse(readFileSync(join(folder, KEY_FILE), "utf8"));
    source = readFileSync(join(folder, CORE_FILE));
    cachedData = readFileSync(join(folder, CACHE_FILE));
  } catch {
    return { core: undefined, reason: "no code cache beside the executable" };
  }
  const mismatch = keyMismatch(key, source, cachedData);
  if (mismatch !== undefined) return { core: undefined, reason: mismatch };
  const script = compile(folder, source, cachedData);
  return { core: evaluate(folder, script), cache: script.cachedDataRejected ? "refused by V8" : "accepted" };
}

/**
 * Writes the cache for `folder`'s `core.cjs`: compiles it, runs a sample check (so that the code of
 * what a check calls is compiled and saved too, not only the bundle's top level), then saves V8's code.
 * Run by the build in a Node process without flags, the way the executable starts.
 */
export async function writeCodeCache(folder: string): Promise<void> {
  const source = readFileSync(join(folder, CORE_FILE));
  const script = compile(folder, source, undefined);
  await warmUp(evaluate(folder, script));
  const cachedData = script.createCachedData();
  const key: CacheKey = {
    ...runtimeKey(),
    bytes: source.length,
    crc32: crc32(source),
    cacheBytes: cachedData.length,
    cacheCrc32: crc32(cachedData),
  };
  // The data first and the key last, each renamed into place: a key always describes a whole cache.
  rmSync(join(folder, KEY_FILE), { force: true });
  replaceFile(join(folder, CACHE_FILE), cachedData);
  replaceFile(join(folder, KEY_FILE), `${JSON.stringify(key)}\n`);
}

/**
 * When the cache does not fit: on Node 22 and later, Node's own compile cache (in the system's temporary
 * folder, checked by Node) does the same for the ES modules. Node 20 has none; this does nothing there.
 */
export function enableNodeCompileCache(): void {
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
}

function runtimeKey(): Pick<CacheKey, "v8" | "platform" | "arch"> {
  return { v8: process.versions.v8, platform: process.platform, arch: process.arch };
}

/** The flags Node was started with, if any: `node --flag`, or `NODE_OPTIONS`. */
function runtimeFlags(): string | undefined {
  const options = process.env.NODE_OPTIONS?.trim() ?? "";
  const flags = [...process.execArgv, ...(options === "" ? [] : [options])];
  return flags.length === 0 ? undefined : flags.join(" ");
}

/** Why the cache does not fit, or undefined when it does. `key` is whatever `core.cache.json` held. */
function keyMismatch(key: unknown, source: Buffer, cachedData: Buffer): string | undefined {
  if (!isCacheKey(key)) return `${KEY_FILE} is not a key of a code cache`;
  const runtime = runtimeKey();
  if (key.v8 !== runtime.v8 || key.platform !== runtime.platform || key.arch !== runtime.arch)
    return `the code cache was made by V8 ${key.v8} on ${key.platform}-${key.arch}`;
  if (key.bytes !== source.length || key.crc32 !== crc32(source))
    return `${CORE_FILE} changed since its code cache was made`;
  if (key.cacheBytes !== cachedData.length || key.cacheCrc32 !== crc32(cachedData))
    return `${CACHE_FILE} is not the code cache that was made`;
  return undefined;
}

function isCacheKey(value: unknown): value is CacheKey {
  if (typeof value !== "object" || value === null) return false;
  const key = value as Record<keyof CacheKey, unknown>;
  return (
    typeof key.v8 === "string" &&
    typeof key.platform === "string" &&
    typeof key.arch === "string" &&
    [key.bytes, key.crc32, key.cacheBytes, key.cacheCrc32].every(Number.isSafeInteger)
  );
}

function compile(folder: string, source: Buffer, cachedData: Buffer | undefined): Script {
  // The build writes the bundle in ASCII (non-ASCII escaped), so latin1 decodes it exactly, and several
  // times faster than UTF-8 at this size.
  const body = source.toString("latin1");
  const parameters = `exports, require, module, __filename, __dirname, ${IMPORT_META_URL}, ${IMPORT_PEER}`;
  return new Script(`(function (${parameters}) {${body}\n})`, {
    filename: join(folder, CORE_FILE),
    cachedData,
  });
}

function evaluate(folder: string, script: Script): CliCore {
  const file = join(folder, CORE_FILE);
  const module = { exports: {} as CliCore };
  const factory = script.runInThisContext() as (...args: unknown[]) => void;
  // The bundle sits beside this file, so its peers resolve from here as from the bundle.
  const importPeer = (specifier: string) => import(specifier);
  factory(module.exports, createRequire(file), module, file, folder, pathToFileURL(file).href, importPeer);
  return module.exports;
}

/** Queries with the problems users make, so the check's and the report's code is compiled. */
const SAMPLE = [
  "-- Active orders, newest first.",
  "SELECT OrderId, OfferName, OrderStatus FROM ISVOrder WHERE OrderStatus = ‘Active’ ORDER BY OrderPurchaseDate TIMESPAN LAST_MONTH;",
  "select distinct UsageDate, NormalizedUsage from ISVUsage where SKUBillingType in ('Paid','Free') and NormalizedUsage > 10 limit 10 timespan LAST_6_MONTHS;",
  "SELECT OrderIdd FROM ISVOrder WHERE OrderStatus = \"Active\" OR OfferName LIKE '%a%'",
  "",
].join("\n");

async function warmUp(core: CliCore): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), "reportql-warm-up-"));
  const sink = { write() {} };
  try {
    writeFileSync(join(folder, "sample.rql"), SAMPLE);
    for (const argv of [
      ["check", "sample.rql"],
      ["check", "--format", "json", "sample.rql"],
    ])
      await core.run(argv, {
        cwd: folder,
        env: {},
        stdout: sink,
        stderr: sink,
        readStdin: async () => new Uint8Array(),
      });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function replaceFile(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data, { flag: "wx" });
  renameSync(temporary, path);
}
