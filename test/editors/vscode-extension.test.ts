/**
 * The VS Code extension without VS Code (its test runner downloads VS Code, which cannot run here):
 * the manifest's contributions, and the activation code against a mocked `vscode` and
 * `vscode-languageclient`. Packaging and the bundled server are tested in test/process/.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parseSeverity } from "../../src/lint/severities.js";

const ROOT = join(import.meta.dirname, "..", "..");
const EXTENSION = join(ROOT, "editors", "vscode");
const manifest = JSON.parse(readFileSync(join(EXTENSION, "package.json"), "utf8"));

const created: { id: string; server: unknown; client: { documentSelector: unknown } }[] = [];
const calls: string[] = [];
vi.mock("vscode", () => ({}));
vi.mock("vscode-languageclient/node", () => ({
  TransportKind: { stdio: 0, ipc: 1 },
  LanguageClient: class {
    constructor(id: string, _name: string, server: unknown, client: { documentSelector: unknown }) {
      created.push({ id, server, client });
    }
    start() {
      calls.push("start");
      return Promise.resolve();
    }
    stop() {
      calls.push("stop");
      return Promise.resolve();
    }
  },
}));

describe("the extension manifest", () => {
  it("contributes the reportql language for .rql with the generated grammar and a language configuration", () => {
    const [language] = manifest.contributes.languages;
    expect(language).toMatchObject({ id: "reportql", extensions: [".rql"] });
    const configuration = JSON.parse(readFileSync(join(EXTENSION, language.configuration), "utf8"));
    expect(configuration.comments).toEqual({ lineComment: "--", blockComment: ["/*", "*/"] });
    expect(configuration.autoClosingPairs).toContainEqual({
      open: "'",
      close: "'",
      notIn: ["string", "comment"],
    });
    const [grammar] = manifest.contributes.grammars;
    const source = JSON.parse(readFileSync(join(ROOT, "grammar", "reportql.tmLanguage.json"), "utf8"));
    expect(grammar).toMatchObject({ language: "reportql", scopeName: source.scopeName });
    expect(grammar.path).toBe("./syntaxes/reportql.tmLanguage.json");
  });

  it("attaches JSON schemas that exist in schemas/, the configuration's among them", () => {
    const entries: { fileMatch: string; url: string }[] = manifest.contributes.jsonValidation;
    expect(entries).toContainEqual({
      fileMatch: "reportql.config.json",
      url: "./schemas/reportql.config.schema.json",
    });
    for (const entry of entries) expect(existsSync(join(ROOT, entry.url))).toBe(true);
  });

  it("declares the settings the server reads", () => {
    expect(Object.keys(manifest.contributes.configuration.properties)).toEqual([
      "reportql.catalog",
      "reportql.rules",
      "reportql.trace.server",
    ]);
    expect(manifest.activationEvents).toContain("onLanguage:reportql");
  });

  it("documents each setting in the extension's README and the project's", () => {
    const readmes = [join(EXTENSION, "README.md"), join(ROOT, "README.md")].map((f) =>
      readFileSync(f, "utf8"),
    );
    for (const setting of Object.keys(manifest.contributes.configuration.properties))
      for (const readme of readmes) expect(readme).toContain(`\`${setting}\``);
  });

  it("offers for reportql.rules the severities reportql.config.json takes, and the server reads each", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "schemas", "reportql.config.schema.json"), "utf8"));
    const words: string[] = schema.properties.rules.properties.RQ1001.enum;
    const offered: string[] =
      manifest.contributes.configuration.properties["reportql.rules"].additionalProperties.enum;
    expect(offered).toEqual(words);
    for (const word of offered) expect(parseSeverity(word)).toBeDefined();
  });
});

describe("activation", () => {
  it("activates for every kind of document the client serves", async () => {
    const { DOCUMENT_SELECTOR } = await import("../../editors/vscode/src/extension.js");
    const events: string[] = manifest.activationEvents;
    for (const selector of DOCUMENT_SELECTOR as { language?: string; pattern?: string }[]) {
      if (selector.language !== undefined) expect(events).toContain(`onLanguage:${selector.language}`);
      const extensions = selector.pattern?.match(/\{(.*)\}$/)?.[1]?.split(",") ?? [];
      for (const extension of extensions) expect(events).toContain(`workspaceContains:**/*.${extension}`);
    }
    // REST Client gives .http and .rest files the language `http`: a lone file opened outside a folder.
    expect(events).toContain("onLanguage:http");
  });

  it("starts the bundled server over stdio for .rql, JSON and request files, and stops it", async () => {
    const extension = await import("../../editors/vscode/src/extension.js");
    const subscriptions: { dispose(): void }[] = [];
    const context = { asAbsolutePath: (p: string) => `/ext/${p}`, subscriptions };
    await extension.activate(context as never);
    expect(created).toHaveLength(1);
    expect(created[0]?.id).toBe("reportql");
    expect(created[0]?.server).toMatchObject({ run: { module: "/ext/dist/server.cjs", transport: 0 } });
    expect(created[0]?.client.documentSelector).toEqual([
      { scheme: "file", language: "reportql" },
      { scheme: "untitled", language: "reportql" },
      { scheme: "file", language: "json" },
      { scheme: "file", pattern: "**/*.{http,rest}" },
    ]);
    expect(subscriptions).toHaveLength(1);
    await extension.deactivate();
    expect(calls).toEqual(["start", "stop"]);
  });
});
