/**
 * The VS Code extension as it ships: the packaging script bundles the client and the server with
 * esbuild and packs a `.vsix` with vsce, offline. The bundled server must work on its own (no
 * node_modules next to it): it is spoken to over stdio like `reportql lsp --stdio`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { startServerProcess } from "../../bench/lsp-client.js";
import { buildExtension, EXTENSION, packageExtension } from "../../scripts/package-vscode.js";

it("packages a .vsix whose bundled server answers over stdio", async () => {
  await buildExtension();
  const vsix = packageExtension(true);
  expect(statSync(vsix).size).toBeGreaterThan(10_000);
  const listing = execFileSync("python3", ["-m", "zipfile", "-l", vsix], { encoding: "utf8" });
  // Every file the manifest's contributions point to ships in the package.
  const manifest = JSON.parse(readFileSync(join(EXTENSION, "package.json"), "utf8"));
  const contributed: string[] = [
    manifest.main,
    ...manifest.contributes.languages.map((l: { configuration: string }) => l.configuration),
    ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
    ...manifest.contributes.jsonValidation.map((j: { url: string }) => j.url),
  ];
  expect(contributed).toContain("./schemas/request-bodies.schema.json");
  for (const file of ["./dist/server.cjs", ...contributed])
    expect(listing).toContain(`extension/${file.replace(/^\.\//, "")}`);
  expect(listing).not.toContain("node_modules");

  const server = await startServerProcess(join(EXTENSION, "dist", "server.cjs"), "/");
  const uri = "file:///nowhere/q.rql";
  await server.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "reportql", version: 1, text: "SELECT Foo FROM ISVOrder" },
  });
  expect((await server.diagnostics(uri, 1)).diagnostics.map((d) => d.code)).toContain("RQ2002");
  expect(await server.stop()).toBe(0);
  expect(existsSync(join(EXTENSION, "dist", "extension.cjs"))).toBe(true);
}, 120_000);
