/**
 * A configuration file open in the editor: its problems are diagnostics of the text the editor holds,
 * at the key or value each is about, with stable codes and quick fixes; no message box repeats them.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CodeAction, DocumentDiagnosticReport, TextEdit } from "vscode-languageserver/node";
import { MAX_EDITOR_DIAGNOSTICS } from "../../src/lsp/server.js";
import { applyEdits, type Pair, PULL_CLIENT, startPair } from "./harness.js";

const CONFIG = "file:///proj/reportql.config.json";
const CONFIG_PATH = "/proj/reportql.config.json";
const QUERY = "file:///proj/q.rql";
const TYPOS = '{\n  "catalgo": "all",\n  "rules": {"RQ2O15": "off", "RQ2002": "loud"}\n}\n';

let pair: Pair | undefined;
afterEach(() => {
  pair?.dispose();
  pair = undefined;
});

const actionsFor = (p: Pair, uri: string, line: number, only?: string[]) =>
  p.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: { start: { line, character: 0 }, end: { line, character: 200 } },
    context: { diagnostics: [], ...(only && { only }) },
  });
const editOf = (a: CodeAction | undefined, uri = CONFIG): TextEdit[] => a?.edit?.changes?.[uri] ?? [];

describe("an open configuration file", () => {
  it("shows each problem at its key or value, with its code and documentation", async () => {
    pair = await startPair({ files: new Map([[CONFIG_PATH, TYPOS]]) });
    await pair.open(CONFIG, TYPOS);
    const shown = await pair.diagnostics(CONFIG, 1);
    expect(shown.map((d) => [d.code, d.severity, d.range, d.message])).toEqual([
      [
        "RQ9202",
        1,
        { start: { line: 1, character: 2 }, end: { line: 1, character: 11 } },
        "`catalgo` is not a configuration key; did you mean `catalog`?",
      ],
      [
        "RQ9203",
        1,
        { start: { line: 2, character: 12 }, end: { line: 2, character: 20 } },
        "`RQ2O15` is not a reportql code or name; did you mean `RQ2015`?",
      ],
      [
        "RQ9204",
        1,
        { start: { line: 2, character: 39 }, end: { line: 2, character: 45 } },
        'Expected `off`, `hint`, `info`, `warn` or `error`, found "loud"',
      ],
    ]);
    expect(shown[0]?.codeDescription?.href).toMatch(/diagnostics\.md#rq9202-unknown-config-key$/);
  });

  it("offers the fixes as quick fixes, the safe one preferred, and follows the text being typed", async () => {
    pair = await startPair();
    await pair.open(CONFIG, TYPOS);
    await pair.diagnostics(CONFIG, 1);
    const [key] = await actionsFor(pair, CONFIG, 1, ["quickfix"]);
    expect(key).toMatchObject({ title: "Write `catalog` (RQ9202)", isPreferred: true });
    const [code] = await actionsFor(pair, CONFIG, 2, ["quickfix"]);
    expect(code).toMatchObject({ title: "Write `RQ2015` (RQ9203)", isPreferred: false });
    const fixed = applyEdits(applyEdits(TYPOS, editOf(key)), editOf(code));
    expect(fixed).toBe('{\n  "catalog": "all",\n  "rules": {"RQ2015": "off", "RQ2002": "loud"}\n}\n');
    const version = await pair.change(CONFIG, [{ text: fixed }]);
    expect((await pair.diagnostics(CONFIG, version)).map((d) => d.code)).toEqual(["RQ9204"]);
  });

  it("fixes every safe problem with source.fixAll, leaving guesses to the user", async () => {
    pair = await startPair();
    await pair.open(CONFIG, TYPOS);
    await pair.diagnostics(CONFIG, 1);
    const [all] = await actionsFor(pair, CONFIG, 0, ["source.fixAll"]);
    expect(applyEdits(TYPOS, editOf(all))).toBe(TYPOS.replace("catalgo", "catalog"));
  });

  it("shows no message box for its problems while it is open, and one when it is not", async () => {
    pair = await startPair({ files: new Map([[CONFIG_PATH, TYPOS]]) });
    await pair.open(CONFIG, TYPOS);
    await pair.open(QUERY, "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH");
    await pair.diagnostics(QUERY, 1);
    expect(pair.messages).toEqual([]);
    await pair.client.sendNotification("textDocument/didClose", { textDocument: { uri: CONFIG } });
    await pair.change(QUERY, [{ text: "SELECT OrderId FROM ISVOrder TIMESPAN LAST_WEEK" }]);
    await pair.client.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: CONFIG, type: 2 }],
    });
    await expect.poll(() => pair?.messages.join("\n")).toMatch(/configuration error in .*`catalgo`/);
  });

  it("reads the reportql key of a package.json, and nothing of one without it", async () => {
    pair = await startPair();
    const withKey = "file:///proj/package.json";
    await pair.open(withKey, '{"name": "p", "reportql": {"rulez": {}}}');
    expect((await pair.diagnostics(withKey, 1)).map((d) => [d.code, d.range.start.character])).toEqual([
      ["RQ9202", 27],
    ]);
    const without = "file:///other/package.json";
    await pair.open(without, '{"name": "p", "rulez": {}}');
    expect(await pair.diagnostics(without, 1)).toEqual([]);
  });

  it("shows a catalog file that cannot be read or used at its value, and no message box for it", async () => {
    const text = '{\n  "catalog": "cats/missing.json"\n}\n';
    pair = await startPair({
      files: new Map([
        [CONFIG_PATH, text],
        ["/proj/cats/bad.json", "{}"],
      ]),
    });
    await pair.open(CONFIG, text);
    expect((await pair.diagnostics(CONFIG, 1)).map((d) => [d.code, d.range, d.message])).toEqual([
      [
        "RQ9209",
        { start: { line: 1, character: 13 }, end: { line: 1, character: 32 } },
        "`cats/missing.json` is neither a built-in catalog nor a readable file (`/proj/cats/missing.json`); write `all`, `insights`, `marketplace` or the path of a catalog file, relative to this file",
      ],
    ]);
    await pair.open(QUERY, "SELECT OrderId FROM ISVOrder TIMESPAN LAST_MONTH");
    await pair.diagnostics(QUERY, 1);
    expect(pair.messages).toEqual([]);
    const version = await pair.change(CONFIG, [{ text: text.replace("missing", "bad") }]);
    expect((await pair.diagnostics(CONFIG, version)).map((d) => d.message)).toEqual([
      "The catalog file `cats/bad.json` cannot be used (`/proj/cats/bad.json`); `reportql check --catalog cats/bad.json` lists its problems",
    ]);
  });

  it("sends the editor at most MAX_EDITOR_DIAGNOSTICS of a generated configuration's problems", async () => {
    pair = await startPair();
    await pair.open(CONFIG, JSON.stringify({ ignore: new Array(MAX_EDITOR_DIAGNOSTICS + 500).fill(1) }));
    const shown = await pair.diagnostics(CONFIG, 1);
    expect(shown).toHaveLength(MAX_EDITOR_DIAGNOSTICS + 1);
    expect(shown.at(-1)?.message).toMatch(/^500 more problems in `reportql\.config\.json` are not reported/);
  });

  it("answers pulled diagnostics the same way", async () => {
    pair = await startPair({ capabilities: PULL_CLIENT });
    await pair.open(CONFIG, '{"ignore": "legacy/**"}');
    const report = await pair.request<DocumentDiagnosticReport>("textDocument/diagnostic", {
      textDocument: { uri: CONFIG },
    });
    expect(report.kind === "full" && report.items.map((d) => [d.code, d.message])).toEqual([
      ["RQ9205", '`ignore` takes an array of glob patterns, not "legacy/**"'],
    ]);
  });
});
