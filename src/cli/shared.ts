/** Pieces the commands share: the version, catalog resolution, and the usage-error type. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Config, ConfigError } from "../lint/config.js";
import {
  BUILTIN_CATALOG_NAMES,
  type BuiltinCatalogName,
  builtinCatalog,
  type Catalog,
} from "../semantic/catalog.js";
import { loadCatalogText } from "../semantic/load-catalog.js";
import { MAX_FILE_BYTES } from "./files.js";
import { type LimitedRead, readLimited } from "./limited-read.js";

/** A problem with how the CLI was called, its configuration or its catalog: exit code 2. */
export class UsageError extends Error {}

let version: string | undefined;

/** reportql's version, read once from its package.json. */
export function toolVersion(): string {
  if (version === undefined) {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    version = pkg.version;
  }
  return version;
}

/** A catalog and the warnings its file produced. */
export interface ResolvedCatalog {
  readonly catalog: Catalog;
  readonly warnings: readonly string[];
}

/**
 * The catalog to use: `--catalog` (relative to the current folder), else the configuration's
 * (relative to its folder), else the built-in `all`. An unusable catalog file is a usage error.
 */
export async function resolveCatalog(
  flag: string | undefined,
  config: Config,
  cwd: string,
): Promise<ResolvedCatalog> {
  const [value, base] = flag !== undefined ? [flag, cwd] : [config.catalog, config.root];
  if (value === undefined) return { catalog: builtinCatalog("all"), warnings: [] };
  if ((BUILTIN_CATALOG_NAMES as readonly string[]).includes(value))
    return { catalog: builtinCatalog(value as BuiltinCatalogName), warnings: [] };
  const path = resolve(base, value);
  const unusable = (problem: string) => catalogError(flag === undefined ? config : undefined, value, problem);
  let read: LimitedRead;
  try {
    // Bounded: a pipe or a device (`/dev/zero`) named as the catalog is read no further than the limit.
    read = await readLimited(path, MAX_FILE_BYTES);
  } catch {
    throw unusable(
      `is neither a built-in catalog (${BUILTIN_CATALOG_NAMES.join(", ")}) nor a readable file (${path})`,
    );
  }
  if (read.kind === "too-large")
    throw unusable(
      `(${path}) holds more than the ${read.limit / 1024 / 1024} MB reportql reads; catalogs are far smaller, so this is likely not a catalog file`,
    );
  const text = new TextDecoder().decode(read.bytes);
  const loaded = loadCatalogText(text, value);
  const messages = loaded.problems.map((p) => `catalog ${value}: ${p.severity} at ${p.path}: ${p.message}`);
  if (loaded.catalog === undefined)
    throw new UsageError(messages.join("\n") || `catalog ${value}: no dataset found`);
  return { catalog: loaded.catalog, warnings: messages };
}

/**
 * A catalog that cannot be used. From a configuration file, it is a configuration error naming the
 * file, line, column and key (the path is relative to that file, which the message must make plain).
 */
function catalogError(config: Config | undefined, value: string, problem: string): UsageError {
  if (config?.file === undefined) return new UsageError(`catalog ${JSON.stringify(value)} ${problem}`);
  const at = config.catalogAt;
  const error = new ConfigError(
    config.file,
    at?.key ?? "catalog",
    `${JSON.stringify(value)} ${problem}`,
    at?.line,
    at?.column,
  );
  return new UsageError(`configuration error in ${error.toString()}`);
}
