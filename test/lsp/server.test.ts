import { afterEach, describe, expect, it } from "vitest";
import type {
  CodeAction,
  CompletionList,
  DocumentDiagnosticReport,
  DocumentSymbol,
  FoldingRange,
  Hover,
  SemanticTokens,
  TextEdit,
} from "vscode-languageserver/node";
import { MAX_EDITOR_DIAGNOSTICS } from "../../src/lsp/server.js";
import { applyEdits, cursor, type Pair, PULL_CLIENT, PUSH_CLIENT, startPair } from "./harness.js";

const URI = "file:///proj/q.rql";
let pair: Pair | undefined;
afterEach(() => {
  pair?.dispose();
  pair = undefined;
});

async function open(text: string, uri = URI) {
  pair = await startPair();
  await pair.open(uri, text);
  return pair;
}

describe("capabilities", () => {
  it("advertises pull diagnostics only to clients that pull", async () => {
    pair = await startPair();
    expect(pair.initialized.capabilities.diagnosticProvider).toBeUndefined();
    expect(pair.initialized.capabilities.textDocumentSync).toMatchObject({ change: 2 });
    pair.dispose();
    pair = await startPair({ capabilities: PULL_CLIENT });
    expect(pair.initialized.capabilities.diagnosticProvider).toMatchObject({ interFileDependencies: false });
  });

  it("registers the .rql-only features for .rql documents alone when the client allows", async () => {
    const dynamicRegistration = true;
    const textDocument = {
      formatting: { dynamicRegistration },
      rangeFormatting: { dynamicRegistration },
      documentSymbol: { dynamicRegistration },
      foldingRange: { dynamicRegistration },
      semanticTokens: { dynamicRegistration, requests: {}, tokenTypes: [], tokenModifiers: [], formats: [] },
    };
    pair = await startPair({
      capabilities: { ...PULL_CLIENT, textDocument: { ...PULL_CLIENT.textDocument, ...textDocument } },
    });
    const caps = pair.initialized.capabilities;
    expect([caps.documentFormattingProvider, caps.semanticTokensProvider, caps.foldingRangeProvider]).toEqual(
      [undefined, undefined, undefined],
    );
    await expect
      .poll(() => pair?.registrations.map((r) => r.method).sort())
      .toEqual([
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/formatting",
        "textDocument/rangeFormatting",
        "textDocument/semanticTokens",
      ]);
    expect(pair.registrations[0]?.registerOptions?.documentSelector).toEqual([
      { language: "reportql" },
      { pattern: "**/*.rql" },
    ]);
  });
});

describe("diagnostics", () => {
  it("are at most MAX_EDITOR_DIAGNOSTICS per file, the most severe kept, and RQ9130 says how many more", async () => {
    // 2,500 warnings (a value outside the column's domain), then a syntax error at the very end.
    const query = "SELECT OrderId FROM ISVOrder WHERE OrderStatus = 'Nope' TIMESPAN LAST_MONTH";
    const text = `${Array.from({ length: 2_500 }, () => query).join(";\n")};\nSELECT FROM`;
    const p = await open(text);
    const diagnostics = await p.diagnostics(URI, 1);
    expect(diagnostics).toHaveLength(MAX_EDITOR_DIAGNOSTICS + 1);
    const last = diagnostics[diagnostics.length - 1];
    expect(last).toMatchObject({ code: "RQ9130" });
    expect(last?.message).toMatch(/more problems in `q\.rql` are not reported/);
    expect(diagnostics.some((d) => d.severity === 1 && d.range.start.line === 2_500)).toBe(true);
  });

  it("are pushed on open with code, source, link and related information", async () => {
    const p = await open("SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH LIMIT 10");
    const [d] = await p.diagnostics(URI, 1);
    expect(d).toMatchObject({ code: "RQ1108", source: "reportql", severity: 1 });
    expect(d?.codeDescription?.href).toMatch(/diagnostics\.md#rq1108-/);
    expect(d?.relatedInformation?.[0]?.location.uri).toBe(URI);
  });

  it("follow incremental changes and name the version they describe", async () => {
    const p = await open("SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH");
    expect(await p.diagnostics(URI, 1)).toEqual([]);
    const version = await p.change(URI, [
      { range: { start: { line: 0, character: 7 }, end: { line: 0, character: 14 } }, text: "Nope" },
    ]);
    const after = await p.diagnostics(URI, version);
    expect(after.map((d) => d.code)).toEqual(["RQ2002"]);
  });

  it("are pulled from clients that pull, and never pushed to them", async () => {
    pair = await startPair({ capabilities: PULL_CLIENT });
    await pair.open(URI, "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH");
    const report = await pair.request<DocumentDiagnosticReport>("textDocument/diagnostic", {
      textDocument: { uri: URI },
    });
    expect(report.kind === "full" && report.items.map((d) => d.code)).toEqual(["RQ2002"]);
    expect(pair.published).toEqual([]);
    const again = await pair.request<DocumentDiagnosticReport>("textDocument/diagnostic", {
      textDocument: { uri: URI },
      previousResultId: report.resultId,
    });
    expect(again).toEqual({ kind: "unchanged", resultId: report.resultId });
  });

  it("cover the Query strings of JSON request bodies, in file positions", async () => {
    const text = '{\n  "Name": "n",\n  "Query": "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH"\n}';
    const p = await open(text, "file:///proj/body.json");
    const [d] = await p.diagnostics("file:///proj/body.json", 1);
    expect(d?.code).toBe("RQ2002");
    expect(d?.range.start).toEqual({ line: 2, character: 19 });
  });

  it("cover .http request files: the request rules, and the query in exportQuery at its file position", async () => {
    const text = [
      "GET https://api.partnercenter.microsoft.com/insights/v1/cmp/ScheduledQueries/testQueryResult?exportQuery=SELECT%20Foo%20FROM%20ISVOrder",
      "Authorization: Bearer t",
    ].join("\n");
    const p = await open(text, "file:///proj/api.http");
    const diagnostics = await p.diagnostics("file:///proj/api.http", 1);
    const unknown = diagnostics.find((d) => d.code === "RQ2002");
    expect(unknown?.range.start).toEqual({ line: 0, character: text.indexOf("Foo") });
  });

  it("are cleared when a document closes", async () => {
    const p = await open("SELECT Foo FROM ISVOrder");
    await p.diagnostics(URI, 1);
    await p.client.sendNotification("textDocument/didClose", { textDocument: { uri: URI } });
    await expect.poll(() => p.published.at(-1)?.diagnostics).toEqual([]);
  });
});

describe("configuration", () => {
  const config = (rules: string) => new Map([["/proj/reportql.config.json", `{"rules": ${rules}}`]]);

  it("applies reportql.config.json found by walking up, and refreshes when it changes", async () => {
    const files = config('{"RQ2002": "off"}');
    pair = await startPair({ files });
    await pair.open("file:///proj/sub/q.rql", "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH");
    expect(await pair.diagnostics("file:///proj/sub/q.rql", 1)).toEqual([]);
    files.set("/proj/reportql.config.json", '{"rules": {"RQ2002": "warn"}}');
    const before = pair.published.length;
    await pair.client.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: "file:///proj/reportql.config.json", type: 2 }],
    });
    await expect.poll(() => pair?.published.slice(before).at(-1)?.diagnostics[0]?.severity).toBe(2);
  });

  it("asks the client to watch a catalog file by name, and reads it again when it changes", async () => {
    const catalog = (column: string) =>
      JSON.stringify({
        format: "reportql-catalog",
        version: 1,
        datasets: [{ name: "Mine", columns: [{ name: column }] }],
      });
    const files = new Map([
      ["/proj/reportql.config.json", '{"catalog": "cats/mine [v1].json"}'],
      ["/proj/cats/mine [v1].json", catalog("Old")],
    ]);
    pair = await startPair({
      files,
      capabilities: {
        ...PUSH_CLIENT,
        workspace: { ...PUSH_CLIENT.workspace, didChangeWatchedFiles: { dynamicRegistration: true } },
      },
    });
    const uri = "file:///proj/q.rql";
    await pair.open(uri, "SELECT New FROM Mine TIMESPAN LAST_MONTH");
    expect((await pair.diagnostics(uri, 1)).map((d) => d.code)).toEqual(["RQ2002"]);
    const globs = pair.registrations
      .filter((r) => r.method === "workspace/didChangeWatchedFiles")
      .flatMap((r) => (r.registerOptions as unknown as { watchers: { globPattern: string }[] }).watchers)
      .map((w) => w.globPattern);
    expect(globs).toEqual([
      "**/reportql.config.json",
      "**/package.json",
      "**/.reportqlignore",
      "**/mine [[]v1[]].json",
    ]);
    files.set("/proj/cats/mine [v1].json", catalog("New"));
    const before = pair.published.length;
    await pair.client.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: "file:///proj/cats/mine%20%5Bv1%5D.json", type: 2 }],
    });
    await expect
      .poll(() => pair?.published.slice(before).find((p) => p.uri === uri)?.diagnostics)
      .toEqual([]);
  });

  it("reports a broken configuration and lints with the defaults", async () => {
    pair = await startPair({ files: config('{"RQ2O02": "off"}') });
    await pair.open(URI, "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH");
    expect((await pair.diagnostics(URI, 1)).map((d) => d.code)).toEqual(["RQ2002"]);
    expect(pair.messages.join("\n")).toMatch(/configuration error.*RQ2O02/);
  });

  it("shows every problem of a configuration and keeps its valid settings", async () => {
    pair = await startPair({ files: config('{"RQ2O02": "off", "RQ2015": "off", "RQ1005": "loud"}') });
    await pair.open(URI, "SELECT Foo FROM ISVOrder");
    // RQ2015 (no TIMESPAN) stays off: the typo beside it no longer drops the whole file.
    expect((await pair.diagnostics(URI, 1)).map((d) => d.code)).toEqual(["RQ2002"]);
    const shown = pair.messages.join("\n");
    expect(shown).toMatch(/configuration error in \/proj\/reportql\.config\.json:1:12: `rules\.RQ2O02`/);
    expect(shown).toMatch(
      /configuration error in \/proj\/reportql\.config\.json:1:56: `rules\.RQ1005`: .*found "loud"/,
    );
  });

  it("shows the first few problems of a configuration, not a message box for each", async () => {
    const rules = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`RQ9${i}X`, "off"]));
    pair = await startPair({ files: config(JSON.stringify(rules)) });
    await pair.open(URI, "SELECT Foo FROM ISVOrder");
    await pair.diagnostics(URI, 1);
    expect(pair.messages).toHaveLength(6);
    expect(pair.messages.at(-1)).toBe(
      "reportql: configuration: 7 more problems in /proj/reportql.config.json; `reportql check` in its folder lists them all",
    );
  });

  it("says where a catalog that cannot be read is written, and the path it was read from", async () => {
    pair = await startPair({
      files: new Map([["/proj/reportql.config.json", '{\n  "catalog": "cat.json"\n}']]),
    });
    await pair.open("file:///proj/q.rql", "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH");
    await pair.diagnostics("file:///proj/q.rql", 1);
    expect(pair.messages.join("\n")).toContain(
      '/proj/reportql.config.json:2:14: `catalog`: "cat.json" is neither a built-in catalog nor a readable file (/proj/cat.json); using "all"',
    );
  });

  it("shows the first few problems of a catalog file, not a message box for each", async () => {
    // Each problem was a message box (and 100k+ of them, spread into one push, a RangeError).
    const datasets = Array.from({ length: 20 }, (_, i) => ({
      name: `D${i}`,
      columns: [{ name: "a b" }],
    }));
    const catalog = JSON.stringify({ format: "reportql-catalog", version: 1, datasets });
    pair = await startPair({
      files: new Map([
        ["/proj/reportql.config.json", '{"catalog": "cat.json"}'],
        ["/proj/cat.json", catalog],
      ]),
    });
    await pair.open("file:///proj/q.rql", "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH");
    await pair.diagnostics("file:///proj/q.rql", 1);
    expect(pair.messages).toHaveLength(6);
    expect(pair.messages.at(-1)).toContain(
      'catalog cat.json: 15 more problems; `reportql check --catalog "/proj/cat.json"` prints them all',
    );
  });

  it("reports nothing on a file the configuration's ignore or .reportqlignore excludes, as check does", async () => {
    pair = await startPair({
      files: new Map([
        ["/proj/reportql.config.json", '{"ignore": ["legacy/**"]}'],
        ["/proj/.reportqlignore", "*.gen.rql\n"],
      ]),
    });
    const broken = "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH";
    for (const uri of ["file:///proj/legacy/old.rql", "file:///proj/q.gen.rql", "file:///proj/q.rql"])
      await pair.open(uri, broken);
    expect(await pair.diagnostics("file:///proj/legacy/old.rql", 1)).toEqual([]);
    expect(await pair.diagnostics("file:///proj/q.gen.rql", 1)).toEqual([]);
    expect((await pair.diagnostics("file:///proj/q.rql", 1)).map((d) => d.code)).toEqual(["RQ2002"]);
  });

  it("applies the workspace folder's .reportqlignore when no file configures, as check run there does", async () => {
    pair = await startPair({
      files: new Map([["/proj/.reportqlignore", "*.gen.rql\n"]]),
      workspaceFolders: ["file:///proj"],
    });
    const broken = "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH";
    for (const uri of ["file:///proj/sub/q.gen.rql", "file:///proj/sub/q.rql"]) await pair.open(uri, broken);
    expect(await pair.diagnostics("file:///proj/sub/q.gen.rql", 1)).toEqual([]);
    expect((await pair.diagnostics("file:///proj/sub/q.rql", 1)).map((d) => d.code)).toEqual(["RQ2002"]);
  });

  it("takes reportql.rules from workspace/configuration over the file", async () => {
    pair = await startPair({
      files: config('{"RQ2002": "warn"}'),
      settings: () => ({ rules: { RQ2002: "off" } }),
    });
    await pair.open(URI, "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH");
    expect(await pair.diagnostics(URI, 1)).toEqual([]);
  });

  it("says what is wrong with each bad setting and lints with the rest", async () => {
    pair = await startPair({
      settings: () => ({ catalog: 5, rules: { RQ2O02: "off", RQ2015: "silent", RQ2002: "warn" } }),
    });
    await pair.open(URI, "SELECT Foo FROM ISVOrder");
    expect((await pair.diagnostics(URI, 1)).map((d) => [d.code, d.severity])).toEqual([
      ["RQ2002", 2],
      ["RQ2015", 3],
    ]);
    expect(pair.messages.join("\n")).toContain(
      "setting reportql.catalog: expected all, insights, marketplace or a catalog file's path, not 5",
    );
    expect(pair.messages.join("\n")).toContain(
      "setting reportql.rules.RQ2O02: not a reportql code or name (did you mean `RQ2002`?); it is ignored",
    );
    expect(pair.messages.join("\n")).toContain(
      'setting reportql.rules.RQ2015: expected off, hint, info, warn or error, not "silent"; it is ignored',
    );
  });

  it("reads a relative reportql.catalog from the workspace folder when no file configures", async () => {
    const catalog = {
      format: "reportql-catalog",
      version: 1,
      datasets: [{ name: "Mine", columns: [{ name: "Col" }] }],
    };
    pair = await startPair({
      files: new Map([["/ws/catalogs/mine.json", JSON.stringify(catalog)]]),
      workspaceFolders: ["file:///other", "file:///ws/"],
      settings: () => ({ catalog: "catalogs/mine.json" }),
    });
    const nested = "file:///ws/queries/deep/q.rql";
    await pair.open(nested, "SELECT Col FROM Mine TIMESPAN LAST_MONTH");
    expect(await pair.diagnostics(nested, 1)).toEqual([]);
    expect(pair.messages).toEqual([]);
  });

  it("reads a relative reportql.catalog from a workspace folder added later", async () => {
    const catalog = {
      format: "reportql-catalog",
      version: 1,
      datasets: [{ name: "Mine", columns: [{ name: "Col" }] }],
    };
    pair = await startPair({
      capabilities: { ...PULL_CLIENT, workspace: { ...PULL_CLIENT.workspace, workspaceFolders: true } },
      files: new Map([["/added/catalogs/mine.json", JSON.stringify(catalog)]]),
      workspaceFolders: ["file:///first"],
      settings: () => ({ catalog: "catalogs/mine.json" }),
    });
    expect(pair.initialized.capabilities.workspace?.workspaceFolders).toEqual({
      supported: true,
      changeNotifications: true,
    });
    const uri = "file:///added/queries/q.rql";
    await pair.open(uri, "SELECT Col FROM Mine TIMESPAN LAST_MONTH");
    const pull = () =>
      pair?.request<DocumentDiagnosticReport>("textDocument/diagnostic", { textDocument: { uri } });
    expect(await pull()).toMatchObject({ items: [expect.objectContaining({ code: "RQ2001" })] });
    await pair.client.sendNotification("workspace/didChangeWorkspaceFolders", {
      event: {
        added: [{ uri: "file:///added", name: "added" }],
        removed: [{ uri: "file:///first", name: "first" }],
      },
    });
    await expect.poll(async () => ((await pull()) as { items: unknown[] }).items).toEqual([]);
  });

  it("takes settings from initializationOptions (clients without workspace/configuration)", async () => {
    pair = await startPair({
      capabilities: {},
      initializationOptions: { reportql: { catalog: "insights" } },
    });
    await pair.open(URI, "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH");
    expect((await pair.diagnostics(URI, 1)).map((d) => d.code)).toContain("RQ2001");
  });
});

describe("completion and hover", () => {
  it("completes the query's columns at the cursor", async () => {
    const { text, position } = cursor("SELECT Norm<|> FROM ISVUsage");
    const p = await open(text);
    const list = await p.request<CompletionList>("textDocument/completion", {
      textDocument: { uri: URI },
      position,
    });
    const item = list.items.find((i) => i.label === "NormalizedUsage");
    expect(item?.textEdit).toMatchObject({ newText: "NormalizedUsage", range: { start: { character: 7 } } });
  });

  it("completes inside a JSON body's Query string", async () => {
    const { text, position } = cursor('{"Query": "SELECT Norm<|> FROM ISVUsage"}');
    const p = await open(text, "file:///proj/body.json");
    const list = await p.request<CompletionList>("textDocument/completion", {
      textDocument: { uri: "file:///proj/body.json" },
      position,
    });
    expect(list.items.map((i) => i.label)).toContain("NormalizedUsage");
  });

  it("hovers a dataset", async () => {
    const { text, position } = cursor("SELECT OrderId FROM ISV<|>Order");
    const p = await open(text);
    const result = await p.request<Hover>("textDocument/hover", { textDocument: { uri: URI }, position });
    expect(JSON.stringify(result.contents)).toContain("ISVOrder");
    expect(result.range?.start).toEqual({ line: 0, character: 20 });
  });

  it("shows a catalog file's descriptions as text: no image, link or HTML in hover or completion", async () => {
    const evil =
      "See ![i](https://evil.example/i.png) [x](https://evil.example) <img src=x onerror=alert(1)>";
    const catalog = {
      format: "reportql-catalog",
      version: 1,
      datasets: [{ name: "Evil", description: evil, columns: [{ name: "Col", description: evil }] }],
    };
    pair = await startPair({
      files: new Map([["/proj/evil.json", JSON.stringify(catalog)]]),
      settings: () => ({ catalog: "evil.json" }),
    });
    const { text, position } = cursor("SELECT Col FROM Ev<|>il TIMESPAN LAST_MONTH");
    await pair.open(URI, text);
    const shown = await pair.request<Hover>("textDocument/hover", { textDocument: { uri: URI }, position });
    const list = await pair.request<CompletionList>("textDocument/completion", {
      textDocument: { uri: URI },
      position: { line: 0, character: 7 },
    });
    const documentation = list.items.find((i) => i.label === "Col")?.documentation;
    for (const markdown of [shown.contents, documentation].map((m) => (m as { value: string }).value)) {
      expect(markdown).toContain("See \\!\\[i\\](https://evil.example/i.png)");
      expect(markdown).not.toMatch(/(^|[^\\])(!\[|\]\(|<img)/);
    }
  });
});

describe("code actions", () => {
  const actionsAt = async (p: Pair, text: string, only?: string[]) =>
    p.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: new LineEnd(text).end },
      context: { diagnostics: [], ...(only && { only }) },
    });
  class LineEnd {
    constructor(readonly text: string) {}
    get end() {
      const lines = this.text.split("\n");
      return { line: lines.length - 1, character: lines.at(-1)?.length ?? 0 };
    }
  }
  const editOf = (a: CodeAction | undefined): TextEdit[] => a?.edit?.changes?.[URI] ?? [];

  it("offers the diagnostics' fixes, safe ones preferred", async () => {
    const text = "SELECT OrderId FROM ISVOrder WHERE OrderId <> 'a' TIMESPAN LAST_MONTH";
    const p = await open(text);
    const fix = (await actionsAt(p, text)).find((a) => a.title.includes("RQ1005"));
    expect(fix).toMatchObject({ kind: "quickfix", isPreferred: true });
    expect(applyEdits(text, editOf(fix))).toContain("OrderId != 'a'");
  });

  it("offers them for a range that ends past the last line, as editors send for the whole document", async () => {
    const text = "SELECT OrderId FROM ISVOrder WHERE OrderId <> 'a' TIMESPAN LAST_MONTH";
    const p = await open(text);
    const actions = await p.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
      context: { diagnostics: [] },
    });
    expect(actions.map((a) => a.title)).toEqual([
      "Replace `<>` with `!=` (RQ1005)",
      "Ignore RQ1005 for this query",
      "Ignore RQ1005 for this file",
      "Fix all safe reportql problems",
    ]);
  });

  it("ignores a code for the query or the file with suppression comments the pipeline reads", async () => {
    const text =
      "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH;\n  SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH";
    const p = await open(text);
    const actions = await actionsAt(p, text);
    const query = actions.find((a) => a.title === "Ignore RQ2002 for this query");
    const file = actions.find((a) => a.title === "Ignore RQ2002 for this file");
    const ignored = applyEdits(text, editOf(query));
    expect(ignored).toContain(";\n  -- reportql-ignore RQ2002\n  SELECT Foo");
    expect(applyEdits(text, editOf(file)).startsWith("-- reportql-ignore-file RQ2002\n")).toBe(true);
    await p.change(URI, [{ text: ignored }]);
    const version = await p.change(URI, [{ text: ignored }]);
    expect(await p.diagnostics(URI, version)).toEqual([]);
  });

  it("fixes every safe problem with source.fixAll.reportql", async () => {
    const text = "SELECT OrderId FROM ISVOrder WHERE OrderId <> 'a' TIMESPAN LAST_MONTH LIMIT 5";
    const p = await open(text);
    const actions = await actionsAt(p, text, ["source.fixAll"]);
    expect(actions.map((a) => a.kind)).toEqual(["source.fixAll.reportql"]);
    expect(applyEdits(text, editOf(actions[0]))).toBe(
      "SELECT OrderId FROM ISVOrder WHERE OrderId != 'a' LIMIT 5 TIMESPAN LAST_MONTH",
    );
  });

  it("leaves the fix-all edit to codeAction/resolve for clients that resolve, for the version asked", async () => {
    // Editors ask for code actions at every cursor move; fixing a large file until stable takes seconds.
    const text = "SELECT OrderId FROM ISVOrder WHERE OrderId <> 'a' TIMESPAN LAST_MONTH LIMIT 5";
    pair = await startPair({
      capabilities: {
        ...PUSH_CLIENT,
        textDocument: {
          ...PUSH_CLIENT.textDocument,
          codeAction: { resolveSupport: { properties: ["edit"] } },
        },
      },
    });
    expect(pair.initialized.capabilities.codeActionProvider).toMatchObject({ resolveProvider: true });
    await pair.open(URI, text);
    const actions = await actionsAt(pair, text, ["source.fixAll"]);
    expect(actions).toEqual([
      {
        title: "Fix all safe reportql problems",
        kind: "source.fixAll.reportql",
        data: { uri: URI, version: 1 },
      },
    ]);
    const resolved = await pair.request<CodeAction>("codeAction/resolve", actions[0]);
    expect(applyEdits(text, editOf(resolved))).toBe(
      "SELECT OrderId FROM ISVOrder WHERE OrderId != 'a' LIMIT 5 TIMESPAN LAST_MONTH",
    );
    await pair.change(URI, [{ text: `${text} ` }]);
    expect(await pair.request<CodeAction>("codeAction/resolve", actions[0])).toEqual(actions[0]);
    const clean = await pair.change(URI, [{ text: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH" }]);
    await pair.diagnostics(URI, clean);
    expect(await actionsAt(pair, text, ["source.fixAll"])).toEqual([]);
  });

  it("fixes the Query strings of a JSON body with source.fixAll.reportql", async () => {
    const uri = "file:///proj/body.json";
    const text = '{"Query": "SELECT OrderId FROM ISVOrder WHERE OrderId <> \'a\' TIMESPAN LAST_MONTH"}';
    pair = await startPair();
    await pair.open(uri, text);
    const actions = await pair.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ["source.fixAll.reportql"] },
    });
    expect(applyEdits(text, actions[0]?.edit?.changes?.[uri] ?? [])).toContain("OrderId != 'a'");
  });
});

describe("formatting", () => {
  it("formats the document", async () => {
    const text = "select OrderId from ISVOrder";
    const p = await open(text);
    const edits = await p.request<TextEdit[]>("textDocument/formatting", {
      textDocument: { uri: URI },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(applyEdits(text, edits)).toBe("SELECT OrderId\nFROM ISVOrder\n");
  });

  it("formats only the queries a range touches", async () => {
    const text = "select a from b;\nselect c from d;\n";
    const p = await open(text);
    const edits = await p.request<TextEdit[]>("textDocument/rangeFormatting", {
      textDocument: { uri: URI },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(applyEdits(text, edits)).toBe("select a from b;\nSELECT c\nFROM d;\n");
  });
});

describe("formatting keeps the document's line ending", () => {
  it("formats a one-line query of a CRLF document with CRLF", async () => {
    const text = "select a from b;\r\nselect c from d;\r\n";
    const p = await open(text);
    const edits = await p.request<TextEdit[]>("textDocument/rangeFormatting", {
      textDocument: { uri: URI },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(applyEdits(text, edits)).toBe("select a from b;\r\nSELECT c\r\nFROM d;\r\n");
  });

  it("writes suppression comments with CRLF in a CRLF document", async () => {
    const text = "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH\r\n";
    const p = await open(text);
    const actions = await p.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
      context: { diagnostics: [] },
    });
    const ignores = actions.filter((a) => a.title.startsWith("Ignore RQ2002"));
    expect(ignores.map((a) => applyEdits(text, a.edit?.changes?.[URI] ?? []))).toEqual([
      `-- reportql-ignore RQ2002\r\n${text}`,
      `-- reportql-ignore-file RQ2002\r\n${text}`,
    ]);
  });
});

describe("structure", () => {
  const text =
    "/* monthly\n   orders */\nSELECT OrderId, 'x'\nFROM ISVOrder\nWHERE Quantity > 1;\nSELECT a FROM ISVUsage";

  it("gives semantic tokens from the lexer's tokens, comments cut at line ends", async () => {
    const p = await open(text);
    const { data } = await p.request<SemanticTokens>("textDocument/semanticTokens/full", {
      textDocument: { uri: URI },
    });
    const types = ["keyword", "variable", "string", "number", "operator", "comment"];
    const decoded: string[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      const [dl = 0, dc = 0, length = 0, type = 0] = data.slice(i, i + 4);
      line += dl;
      character = dl === 0 ? character + dc : dc;
      decoded.push(`${line}:${character}:${length}:${types[type]}`);
    }
    expect(decoded.slice(0, 7)).toEqual([
      "0:0:10:comment",
      "1:0:12:comment",
      "2:0:6:keyword",
      "2:7:7:variable",
      "2:16:3:string",
      "3:0:4:keyword",
      "3:5:8:variable",
    ]);
    expect(decoded).toContain("4:15:1:operator");
    expect(decoded).toContain("4:17:1:number");
  });

  it("gives one symbol per query and folds multi-line queries and block comments", async () => {
    const p = await open(text);
    const symbols = await p.request<DocumentSymbol[]>("textDocument/documentSymbol", {
      textDocument: { uri: URI },
    });
    expect(symbols.map((s) => s.name)).toEqual(["ISVOrder", "ISVUsage"]);
    const folds = await p.request<FoldingRange[]>("textDocument/foldingRange", {
      textDocument: { uri: URI },
    });
    expect(folds).toEqual([
      { startLine: 0, endLine: 1, kind: "comment" },
      { startLine: 2, endLine: 4 },
    ]);
  });
});

describe("robustness", () => {
  it("answers requests for documents it does not know, and on the latest version after a burst", async () => {
    const p = await open("SELECT ");
    const none = await p.request("textDocument/hover", {
      textDocument: { uri: "file:///elsewhere.txt" },
      position: { line: 0, character: 0 },
    });
    expect(none).toBeNull();
    let version = 1;
    for (const ch of "OrderId FROM ISVOrder TIMESPAN LAST_MONTH")
      version = await p.change(URI, [
        { range: { start: { line: 0, character: 99 }, end: { line: 0, character: 99 } }, text: ch },
      ]);
    const { position } = cursor("SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH<|>");
    const result = await p.request<Hover | null>("textDocument/hover", {
      textDocument: { uri: URI },
      position,
    });
    expect(JSON.stringify(result)).toContain("LAST_MONTH");
    expect(await p.diagnostics(URI, version)).toEqual([]);
  });

  it("answers a cancelled request as cancelled, or with a result, and keeps serving", async () => {
    const p = await open("SELECT OrderId FROM ISVOrder");
    const { CancellationTokenSource } = await import("vscode-languageserver/node");
    const source = new CancellationTokenSource();
    const request = p.client.sendRequest(
      "textDocument/completion",
      { textDocument: { uri: URI }, position: { line: 0, character: 7 } },
      source.token,
    );
    source.cancel();
    const outcome = await request.then(
      () => "answered",
      (error: { code?: number }) => error.code,
    );
    expect(["answered", -32800]).toContain(outcome);
    const hover = await p.request<Hover>("textDocument/hover", {
      textDocument: { uri: URI },
      position: { line: 0, character: 1 },
    });
    expect(hover).not.toBeNull();
  });
});

describe("internal errors", () => {
  it("are logged, answered with an empty result, and the server keeps serving", async () => {
    let broken = true;
    const files = new Map<string, string>();
    const original = files.get.bind(files);
    files.get = (path: string) => {
      if (broken) throw new Error("disk on fire");
      return original(path);
    };
    pair = await startPair({ files });
    await pair.open(URI, "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH");
    const list = await pair.request<CompletionList | null>("textDocument/completion", {
      textDocument: { uri: URI },
      position: { line: 0, character: 7 },
    });
    expect(list).toBeNull();
    expect(pair.messages.join("\n")).toMatch(/internal error in completion[\s\S]*disk on fire/);
    broken = false;
    const version = await pair.change(URI, [{ text: "SELECT Foo FROM ISVOrder TIMESPAN LAST_MONTH " }]);
    expect((await pair.diagnostics(URI, version)).map((d) => d.code)).toEqual(["RQ2002"]);
  });
});
