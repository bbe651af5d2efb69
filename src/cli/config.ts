/**
 * Finding the configuration: `reportql.config.json`, or a `reportql` key in `package.json`, found by
 * walking up from the current folder (the first one found wins). What it means is the lint layer's
 * `parseConfig`; this module only reads files.
 */
import { promises as fs } from "node:fs";
import { dirname, join } from "node:path";
import { type Config, ConfigError, emptyConfig, packageJsonHasConfig, parseConfig } from "../lint/config.js";
import { errorCode } from "./files.js";

/**
 * A file's text, `undefined` when there is none, or an error when something by that name exists but
 * cannot be read (a folder named `reportql.config.json` must not be silently passed over).
 */
async function readIfPresent(path: string): Promise<string | undefined | ConfigError> {
  try {
    return await fs.readFile(path, "utf8");
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    return new ConfigError(path, "", `cannot be read (${code === "EISDIR" ? "it is a folder" : code})`);
  }
}

/** Finds and validates the configuration for `cwd`. */
export async function loadConfig(cwd: string): Promise<Config | ConfigError> {
  let folder = cwd;
  for (;;) {
    const own = join(folder, "reportql.config.json");
    const text = await readIfPresent(own);
    if (text instanceof ConfigError) return text;
    if (text !== undefined) return parseConfig(text, own, folder, undefined);
    const packageJson = join(folder, "package.json");
    const pkg = await readIfPresent(packageJson);
    if (pkg instanceof ConfigError) return pkg;
    if (pkg !== undefined && packageJsonHasConfig(pkg))
      return parseConfig(pkg, packageJson, folder, "reportql");
    const parent = dirname(folder);
    if (parent === folder) return emptyConfig(cwd);
    folder = parent;
  }
}
