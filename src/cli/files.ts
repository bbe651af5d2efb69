/**
 * Finding and reading the files to check. Discovery is an async generator, so a run over a large tree
 * holds one file's text at a time, not the tree. Problems (a missing path, a symlink loop, an unreadable
 * or binary file) are yielded as values with their code, and the walk goes on.
 */
import { type Dirent, promises as fs, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { glob, isDynamicPattern } from "tinyglobby";

/** File extensions the CLI checks when it walks folders. */
export const CHECKED_EXTENSIONS = [".rql", ".json"] as const;

/**
 * JSON files that are never request bodies, skipped when walking (named explicitly, they are checked
 * and get the usual "not a query body" note).
 */
const NEVER_BODIES =
  /^(package(-lock)?\.json|npm-shrinkwrap\.json|tsconfig(\..*)?\.json|jsconfig\.json|reportql\.config\.json|\.?[\w-]+rc\.json)$/i;

/** Folders never entered when walking (explicit paths inside them are still checked). */
const SKIPPED_FOLDERS = new Set(["node_modules", ".git", "dist", "coverage"]);

/** A file found by discovery, or a problem with a path. */
export type Found =
  | { readonly kind: "file"; readonly path: string }
  | {
      readonly kind: "problem";
      readonly path: string;
      readonly code: "RQ9101" | "RQ9105";
      readonly data: Record<string, string>;
    };

/** What decides which files are skipped. */
export interface Ignores {
  /** Whether a path (relative to the project root, with `/`) is ignored. */
  ignored(path: string): boolean;
}

/** Builds the ignore rules: `.reportqlignore` (gitignore syntax) plus the config's `ignore` globs. */
export async function loadIgnores(root: string, globs: readonly string[]): Promise<Ignores> {
  const rules: Ignore = ignore();
  try {
    rules.add(await fs.readFile(join(root, ".reportqlignore"), "utf8"));
  } catch {
    // No .reportqlignore: nothing to add.
  }
  const matchers = globs.map((g) => picomatch(g, { dot: true }));
  return {
    ignored(path: string): boolean {
      if (path === "" || path.startsWith("..")) return false;
      return rules.ignores(path) || matchers.some((m) => m(path));
    },
  };
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/**
 * Yields the files to check under `paths` (files, folders or globs), relative to `cwd` for display.
 * Explicitly named files are checked whatever their extension and even if ignored, as ESLint does.
 */
export async function* discover(
  paths: readonly string[],
  cwd: string,
  root: string,
  ignores: Ignores,
): AsyncGenerator<Found> {
  const seenFiles = new Set<string>();
  for (const arg of paths) {
    if (isDynamicPattern(arg)) {
      const matches = await glob(arg, { cwd, dot: false, onlyFiles: true, followSymbolicLinks: false });
      if (matches.length === 0) yield { kind: "problem", path: arg, code: "RQ9101", data: { path: arg } };
      for (const match of matches.sort()) {
        const absolute = resolve(cwd, match);
        if (!ignores.ignored(toPosix(relative(root, absolute))) && !seenFiles.has(absolute)) {
          seenFiles.add(absolute);
          yield { kind: "file", path: display(cwd, absolute) };
        }
      }
      continue;
    }
    const absolute = resolve(cwd, arg);
    let stat: Awaited<ReturnType<typeof fs.stat>>;
    try {
      stat = await fs.stat(absolute);
    } catch {
      yield { kind: "problem", path: arg, code: "RQ9101", data: { path: arg } };
      continue;
    }
    if (stat.isDirectory()) yield* walk(absolute, cwd, root, ignores, seenFiles, new Set());
    else if (!seenFiles.has(absolute)) {
      seenFiles.add(absolute);
      yield { kind: "file", path: display(cwd, absolute) };
    }
  }
}

function display(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return toPosix(rel === "" || (isAbsolute(rel) && rel === absolute) ? absolute : rel);
}

/**
 * Walks a folder. File system calls are synchronous: the CLI handles one file at a time, and a
 * synchronous call saves an event-loop round trip per call (on 10,000 files that was a quarter of the run).
 */
async function* walk(
  folder: string,
  cwd: string,
  root: string,
  ignores: Ignores,
  seenFiles: Set<string>,
  ancestors: Set<string>,
): AsyncGenerator<Found> {
  const real = realpathOr(folder);
  if (ancestors.has(real)) {
    yield {
      kind: "problem",
      path: display(cwd, folder),
      code: "RQ9105",
      data: { path: display(cwd, folder) },
    };
    return;
  }
  const inside = new Set(ancestors).add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    const rel = toPosix(relative(root, path));
    if (ignores.ignored(rel) || ignores.ignored(`${rel}/`)) continue;
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    const linked = entry.isSymbolicLink();
    if (linked) {
      const target = statOr(path);
      isDirectory = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDirectory) {
      if (!SKIPPED_FOLDERS.has(entry.name)) yield* walk(path, cwd, root, ignores, seenFiles, inside);
    } else if (
      isFile &&
      CHECKED_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext)) &&
      !NEVER_BODIES.test(entry.name)
    ) {
      // Only a link can make two paths one file; other files are known by their path.
      const key = linked ? realpathOr(path) : path;
      if (seenFiles.has(key)) continue;
      seenFiles.add(key);
      yield { kind: "file", path: display(cwd, path) };
    }
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function statOr(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The text of a file, or why it cannot be checked. */
export type ReadResult =
  | { readonly kind: "text"; readonly text: string }
  | {
      readonly kind: "problem";
      readonly code: "RQ9102" | "RQ9103" | "RQ9104";
      readonly data: Record<string, string>;
    };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Reads a file as UTF-8. A BOM is kept (the lexer treats it as white space) so that fixes keep it too. */
export async function readSource(cwd: string, path: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(cwd, path));
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    return { kind: "problem", code: "RQ9102", data: { path, reason: describeError(reason) } };
  }
  return decode(bytes, path);
}

/** Decodes bytes read from a file or standard input. */
export function decode(bytes: Uint8Array, path: string): ReadResult {
  if (bytes.includes(0)) return { kind: "problem", code: "RQ9103", data: { path } };
  try {
    return { kind: "text", text: utf8.decode(bytes) };
  } catch {
    return { kind: "problem", code: "RQ9104", data: { path, offset: String(firstInvalidUtf8(bytes)) } };
  }
}

function describeError(code: string): string {
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a folder";
    case "ENOENT":
      return "it no longer exists";
    default:
      return code;
  }
}

/** The offset of the first byte that breaks UTF-8, for the message. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return i;
}
