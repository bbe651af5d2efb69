/**
 * `npm run package:vscode`: builds the VS Code extension and packages it into a `.vsix`, offline.
 * esbuild bundles the client (`editors/vscode/src/extension.ts`, with `vscode-languageclient`) and the
 * language server (`src/lsp/`, with every dependency) into `editors/vscode/dist/`, so the extension
 * needs no global install and no `node_modules`. The grammar, the JSON schemas and the licence are
 * copied in, then `vsce package --no-dependencies` writes `editors/vscode/reportql-<version>.vsix`.
 * `--no-package` stops after the build (tests use it to run the bundled server).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildOptions, build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
export const EXTENSION = join(ROOT, "editors", "vscode");

/** Bundles the client and the server into `editors/vscode/dist/`. */
export async function buildExtension(): Promise<void> {
  rmSync(join(EXTENSION, "dist"), { recursive: true, force: true });
  const common: BuildOptions = {
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    sourcemap: false,
    logLevel: "warning",
    // jsonc-parser's `main` is a UMD build whose dynamic requires a bundle cannot follow.
    mainFields: ["module", "main"],
  };
  await build({
    ...common,
    entryPoints: [join(EXTENSION, "src", "extension.ts")],
    outfile: join(EXTENSION, "dist", "extension.cjs"),
    external: ["vscode"],
  });
  await build({
    ...common,
    entryPoints: [join(EXTENSION, "src", "server.ts")],
    outfile: join(EXTENSION, "dist", "server.cjs"),
  });
  copyAssets();
}

function copyAssets(): void {
  mkdirSync(join(EXTENSION, "syntaxes"), { recursive: true });
  copyFileSync(
    join(ROOT, "grammar", "reportql.tmLanguage.json"),
    join(EXTENSION, "syntaxes", "reportql.tmLanguage.json"),
  );
  mkdirSync(join(EXTENSION, "schemas"), { recursive: true });
  for (const name of readdirSync(join(ROOT, "schemas")).filter((n) => n.endsWith(".schema.json")))
    copyFileSync(join(ROOT, "schemas", name), join(EXTENSION, "schemas", name));
  copyFileSync(join(ROOT, "LICENSE"), join(EXTENSION, "LICENSE"));
}

/** Runs vsce from the project's own node_modules; returns the `.vsix` path. `quiet` hides its listing. */
export function packageExtension(quiet = false): string {
  const { version } = JSON.parse(readFileSync(join(EXTENSION, "package.json"), "utf8")) as {
    version: string;
  };
  const out = join(EXTENSION, `reportql-${version}.vsix`);
  const vsce = join(ROOT, "node_modules", "@vscode", "vsce", "vsce");
  execFileSync(process.execPath, [vsce, "package", "--no-dependencies", "--skip-license", "--out", out], {
    cwd: EXTENSION,
    stdio: ["ignore", quiet ? "pipe" : "inherit", "inherit"],
  });
  return out;
}

async function main(): Promise<void> {
  await buildExtension();
  if (process.argv.includes("--no-package")) return;
  console.log(packageExtension());
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
