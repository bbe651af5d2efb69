/**
 * Finding and reading the files to check. Discovery is an async generator, so a run over a large tree
 * holds one file's text at a time, not the tree. Problems (a missing path, a symlink loop, an unreadable
 * or binary file) are yielded as values with their code, and the walk goes on.
 */
import {
  accessSync,
  closeSync,
  type Dirent,
  promises as fs,
  constants as fsConstants,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { DiagnosticArguments } from "../diagnostics/make.js";
import { fileDiagnostic, makeVariant } from "../diagnostics/make.js";
import { LineMap } from "../text/line-map.js";
import { nestedGitignores } from "./nested-gitignore.js";

/** File extensions the CLI checks when it walks folders. */
export const CHECKED_EXTENSIONS = [".rql", ".json", ".http", ".rest"] as const;

/**
 * JSON files that are never request bodies, skipped when walking (named explicitly, they are checked
 * and get the usual "not a query body" note).
 */
const NEVER_BODIES =
  /^(package(-lock)?\.json|npm-shrinkwrap\.json|tsconfig(\..*)?\.json|jsconfig\.json|reportql\.config\.json|\.[\w-]*rc\.json)$/i;

/** Folders never entered when walking (explicit paths inside them are still checked). */
const SKIPPED_FOLDERS = new Set(["node_modules", ".git", "dist", "coverage"]);

/** A file found by discovery, a file named but ignored, or a problem with a path. */
export type Found =
  | {
      readonly kind: "file";
      readonly path: string;
      /** Named on the command line, not found by a walk or a glob. */
      readonly explicit: boolean;
    }
  | {
      /** Named on the command line but ignored: said, as ESLint does, rather than passed over. */
      readonly kind: "ignored";
      readonly path: string;
    }
  | {
      readonly kind: "problem";
      readonly path: string;
      /** RQ9101, RQ9102 or RQ9105, at the start of the file. */
      readonly diagnostic: Diagnostic;
    };

/** What decides which files are skipped. */
export interface Ignores {
  /** Whether a path (relative to the project root, with `/`) is ignored. */
  ignored(path: string): boolean;
}

/** What is said of a file named on the command line but ignored (as ESLint says it). */
export function ignoredNotice(path: string): string {
  return `reportql: ${path} is ignored (by .gitignore, .reportqlignore or the configuration's "ignore"); use --no-ignore to check it\n`;
}

/** Ignores nothing (`--no-ignore`). */
export const NO_IGNORES: Ignores = { ignored: () => false };

/**
 * Builds the ignore rules of the project root: `.gitignore` and `.reportqlignore` (gitignore syntax),
 * plus the configuration's `ignore` globs, and the `.gitignore` files of the folders below it, as git
 * reads them. `.gitignore` is honoured as Prettier and ESLint users expect: a generated or vendored
 * folder is not the user's to lint.
 */
export async function loadIgnores(root: string, globs: readonly string[]): Promise<Ignores> {
  const rules: Ignore = ignore();
  for (const file of [".gitignore", ".reportqlignore"]) {
    try {
      rules.add(await fs.readFile(join(root, file), "utf8"));
    } catch {
      // No such file: nothing to add.
    }
  }
  // A leading `/` anchors a glob at the configuration's folder, as in .gitignore; paths here are relative.
  const matchers = globs.map((g) => picomatch(g.replace(/^\/+/, ""), { dot: true }));
  const nested = nestedGitignores(root);
  return {
    ignored(path: string): boolean {
      // The root itself (`""`, or `"/"` for it as a folder) and paths outside it are never ignored.
      if (path === "" || path === "/" || path.startsWith("..")) return false;
      return rules.ignores(path) || matchers.some((m) => m(path)) || nested(path);
    },
  };
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/** Whether the ignore rules of the project at `root` leave out the file at `absolute`. */
export function isIgnoredPath(ignores: Ignores, root: string, absolute: string): boolean {
  return ignores.ignored(toPosix(relative(root, absolute)));
}

/**
 * `bytes` random bytes in hexadecimal, for names nobody can guess. `node:crypto` is loaded on first
 * use: at start-up it would cost a check of one file about 4 ms for nothing.
 */
export function randomHex(bytes: number): string {
  return process.getBuiltinModule("node:crypto").randomBytes(bytes).toString("hex");
}

/** Where a problem with a whole file (rather than a place in it) is reported. */
const AT_START = { start: 0, end: 0 };

/**
 * Yields the files to check under `paths` (files, folders or globs), relative to `cwd` for display.
 * Explicitly named files are checked whatever their extension. Ignored files are skipped however they
 * are named, as Prettier does, so that a pre-commit hook passing every staged file respects the ignores.
 * A path that exists is taken literally even when it looks like a glob (`report (1).rql`); globs
 * skip the folders the walk skips (`node_modules`, ...) unless they name them.
 */
export async function* discover(
  paths: readonly string[],
  cwd: string,
  root: string,
  ignores: Ignores,
): AsyncGenerator<Found> {
  const seenFiles = new Set<string>();
  const isIgnored = (absolute: string) => isIgnoredPath(ignores, root, absolute);
  for (const arg of paths) {
    // The glob library is loaded only for a path that does not exist (it costs start-up time).
    const globbing = statOr(resolve(cwd, arg)) === undefined ? await import("tinyglobby") : undefined;
    if (globbing?.isDynamicPattern(arg)) {
      const skipped = [...SKIPPED_FOLDERS].filter((f) => !arg.includes(f)).map((f) => `**/${f}/**`);
      const matches = await globbing.glob(arg, {
        cwd,
        dot: false,
        onlyFiles: true,
        followSymbolicLinks: false,
        ignore: skipped,
      });
      if (matches.length === 0)
        yield {
          kind: "problem",
          path: arg,
          diagnostic: makeVariant("RQ9101", "glob", AT_START, { path: arg }),
        };
      for (const match of matches.sort()) {
        const absolute = resolve(cwd, match);
        if (!isIgnored(absolute) && !seenFiles.has(absolute)) {
          seenFiles.add(absolute);
          yield { kind: "file", path: display(cwd, absolute), explicit: false };
        }
      }
      continue;
    }
    const absolute = resolve(cwd, arg);
    let stat: Awaited<ReturnType<typeof fs.stat>>;
    try {
      stat = await fs.stat(absolute);
    } catch (error) {
      // A loop of links exists but leads nowhere: said as such, not as a missing path.
      const diagnostic =
        errorCode(error) === "ELOOP"
          ? fileDiagnostic("RQ9102", { path: arg, reason: describeError("ELOOP") })
          : missingPath(arg, cwd);
      yield { kind: "problem", path: arg, diagnostic };
      continue;
    }
    if (stat.isDirectory()) yield* walk(absolute, cwd, root, ignores, seenFiles, new Set());
    else if (!seenFiles.has(absolute)) {
      seenFiles.add(absolute);
      const path = display(cwd, absolute);
      yield isIgnored(absolute) ? { kind: "ignored", path } : { kind: "file", path, explicit: true };
    }
  }
}

/**
 * RQ9101 for a path that does not exist. A path written with Windows' `\` (copied from a Windows
 * user's instructions) names one file on Linux and macOS, where `\` is a character of file names:
 * when the path with `/` exists, the message says to write that.
 */
function missingPath(arg: string, cwd: string): Diagnostic {
  const slashed = arg.replaceAll("\\", "/");
  if (sep === "/" && slashed !== arg && statOr(resolve(cwd, slashed)) !== undefined)
    return makeVariant("RQ9101", "backslashes", AT_START, { path: arg, suggestion: slashed });
  return fileDiagnostic("RQ9101", { path: arg });
}

/**
 * A path as reports show it: relative to `cwd` when it lies inside, with `/`; absolute otherwise, so
 * that report formats rooted at the working folder (SARIF's `%SRCROOT%`) never point outside it.
 */
export function display(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  const outside = rel === "" || isAbsolute(rel) || rel === ".." || rel.startsWith(`..${sep}`);
  return toPosix(outside ? absolute : rel);
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
      diagnostic: fileDiagnostic("RQ9105", { path: display(cwd, folder) }),
    };
    return;
  }
  const inside = new Set(ancestors).add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    // An unreadable folder is said, not skipped silently ("0 files checked" would be a lie).
    const shown = display(cwd, folder);
    const reason = describeError(errorCode(error));
    yield { kind: "problem", path: shown, diagnostic: fileDiagnostic("RQ9102", { path: shown, reason }) };
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
      // A dangling link (or a loop of links) with a query file's name is reported, not passed over.
      if (target === undefined && CHECKED_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
        const shown = display(cwd, path);
        yield { kind: "problem", path: shown, diagnostic: brokenLink(path, shown) };
        continue;
      }
      isDirectory = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDirectory) {
      // Dot-folders (`.git`, `.vscode`, `.github`) are skipped by walks; named, they are walked.
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith("."))
        yield* walk(path, cwd, root, ignores, seenFiles, inside);
    } else if (
      isFile &&
      CHECKED_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext)) &&
      !NEVER_BODIES.test(entry.name)
    ) {
      // Only a link can make two paths one file; other files are known by their path.
      const key = linked ? realpathOr(path) : path;
      if (seenFiles.has(key)) continue;
      seenFiles.add(key);
      yield { kind: "file", path: display(cwd, path), explicit: false };
    }
  }
}

/** RQ9102 for a link whose target cannot be reached: a loop of links is told from a dangling link. */
function brokenLink(path: string, shown: string): Diagnostic {
  const reason = statError(path) === "ELOOP" ? describeError("ELOOP") : "it is a broken symbolic link";
  return fileDiagnostic("RQ9102", { path: shown, reason });
}

function statError(path: string): string | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (error) {
    return errorCode(error);
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

function problem<C extends DiagnosticCode>(code: C, ...args: DiagnosticArguments<C>): ReadResult {
  return { kind: "problem", diagnostic: fileDiagnostic(code, ...args) };
}

/** The text of a file, or why it cannot be checked. */
export type ReadResult =
  | { readonly kind: "text"; readonly text: string }
  | {
      readonly kind: "problem";
      /** RQ9102, RQ9103, RQ9104 or RQ9110, at the start of the file. */
      readonly diagnostic: Diagnostic;
    };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The largest file read. Query files are small; a 10 MB one takes 2 s and 440 MB to check, so this
 * bounds time and memory far below what would exhaust the process (a 600 MB file is longer than the
 * longest string V8 can hold).
 */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** Reads a file as UTF-8. A BOM is kept (the lexer treats it as white space) so that fixes keep it too. */
export async function readSource(cwd: string, path: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    const stat = statSync(resolve(cwd, path));
    // A device or a pipe named on the command line (`/dev/zero`) could be read forever.
    if (!stat.isFile()) return problem("RQ9102", { path, reason: "it is not a regular file" });
    // Checked before reading, so a huge file is never loaded.
    if (stat.size > MAX_FILE_BYTES) return tooLarge(path, stat.size);
    bytes = readFileSync(resolve(cwd, path));
  } catch (error) {
    return problem("RQ9102", { path, reason: describeError(errorCode(error)) });
  }
  return decode(bytes, path);
}

function tooLarge(path: string, bytes: number, atLeast = false): ReadResult {
  const megabytes = `${Math.round(bytes / 1024 / 1024)}${atLeast ? "+" : ""}`;
  return problem("RQ9110", { path, megabytes, limit: String(MAX_FILE_BYTES / 1024 / 1024) });
}

/**
 * Decodes bytes read from a file or standard input. Bytes past the limit are what a bounded read
 * (`readLimited`) stopped at: the size is at least that.
 */
export function decode(bytes: Uint8Array, path: string): ReadResult {
  if (bytes.length > MAX_FILE_BYTES) return tooLarge(path, MAX_FILE_BYTES, true);
  if (bytes.includes(0)) return problem("RQ9103", { path });
  try {
    return { kind: "text", text: utf8.decode(bytes) };
  } catch {
    return invalidUtf8(bytes, path);
  }
}

/**
 * RQ9104 with the line and column of the first byte that is not UTF-8 (what comes before it is), so
 * that the typographic quote saved as Windows-1252 can be found in a long file.
 */
function invalidUtf8(bytes: Uint8Array, path: string): ReadResult {
  const offset = firstInvalidUtf8(bytes);
  const before = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes.subarray(0, offset));
  const { line, column } = new LineMap(before).position(before.length);
  const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  return problem("RQ9104", {
    path,
    line: String(line),
    column: String(column),
    byte,
    offset: String(offset),
  });
}

/** What a failed folder operation (`readdir`, `mkdir`) means for the folder given, and what to give. */
export function folderProblem(code: string): string {
  if (code === "ENOENT") return "it does not exist; give a folder of .rql files";
  if (code === "ENOTDIR" || code === "EEXIST") return "it is a file (or in one), not a folder; give a folder";
  return describeError(code);
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
    case "ENOSPC":
      return "the disk is full";
    case "EROFS":
      return "the file system is read-only";
    case "ELOOP":
      return "its symbolic links form a loop";
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

/**
 * Replaces a file's content whole, or not at all: the text goes to a new temporary file beside the
 * target (created exclusively, under an unpredictable name, so a planted file or link of that name is
 * never opened, let alone followed), is flushed to disk, and then renamed over the target. On any
 * failure (a full disk, a read-only folder) the original is untouched and the reason is returned. A
 * target that is a symbolic link keeps being one: its real file is replaced. The mode is kept.
 */
export function writeFileWhole(cwd: string, path: string, text: string): string | undefined {
  let target: string;
  let mode: number;
  try {
    target = realpathSync(resolve(cwd, path));
    mode = statSync(target).mode & 0o7777;
  } catch (error) {
    return describeError(errorCode(error));
  }
  // Renaming over a file needs only its folder to be writable: without this, a file marked read-only
  // (vendored queries, a git-annex object, `chmod a-w` by hand) would be replaced all the same, and by
  // root whatever its mode. Its mode says it is not to be changed; `access` adds what mode bits miss
  // (ACLs, a read-only mount).
  if ((mode & 0o222) === 0 || !writableByUs(target)) return "it is read-only";
  const temporary = join(dirname(target), `.${basename(target)}.reportql-${randomHex(8)}.tmp`);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(temporary, "wx", mode);
    writeFileSync(descriptor, text);
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, target);
    return undefined;
  } catch (error) {
    if (descriptor !== undefined) closeQuietly(descriptor);
    // Only a file this call created is removed; an existing one of that name is not ours.
    if (descriptor !== undefined || errorCode(error) !== "EEXIST") removeQuietly(temporary);
    return describeError(errorCode(error));
  }
}

function writableByUs(path: string): boolean {
  try {
    accessSync(path, fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function closeQuietly(descriptor: number): void {
  try {
    closeSync(descriptor);
  } catch {
    // Already closed.
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created, or already gone.
  }
}

/** The system error code of a failed file operation (`ENOENT`), or the error as text. */
export function errorCode(error: unknown): string {
  return error instanceof Error && "code" in error ? String(error.code) : String(error);
}
