/**
 * The playground: a Monaco editor with the report query language registered by `reportql/monaco`,
 * a catalog picker, a problems panel synced with the markers, the query kept in the URL, and the
 * Create Report Query body ready to copy. Query text and catalog data are untrusted: they only ever
 * reach the page through `textContent`, never as HTML.
 */
// In Monaco 0.57 the suggest "feature" registers inline completions only; the suggest widget and
// snippets come from their contributions, which the full `editor.main` would import.
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/editor/contrib/snippet/browser/snippetController2";
import "monaco-editor/features/suggest/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/codeAction/register";
import "monaco-editor/features/format/register";
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/find/register";
import * as monaco from "monaco-editor/editor";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import {
  type BuiltinCatalogName,
  builtinCatalog,
  type Diagnostic,
  LineMap,
  loadCatalogText,
  parse,
  toSubmissionText,
} from "../../src/index.js";
import { LANGUAGE_ID, registerReportQL } from "../../src/monaco/index.js";
import { SAMPLES } from "./samples.js";
import { queryToHash, readQueryFromUrl } from "./url-state.js";

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

function element<E extends HTMLElement>(id: string): E {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`Bug: the page has no #${id}`);
  return found as E;
}

const sampleSelect = element<HTMLSelectElement>("sample");
const catalogSelect = element<HTMLSelectElement>("catalog");
const catalogFile = element<HTMLInputElement>("catalog-file");
const catalogStatus = element<HTMLSpanElement>("catalog-status");
const problemsList = element<HTMLUListElement>("problems");
const problemCount = element<HTMLSpanElement>("problem-count");
const requestBody = element<HTMLPreElement>("request-body");
const nameInput = element<HTMLInputElement>("query-name");
const descriptionInput = element<HTMLInputElement>("query-description");

for (const [index, sample] of SAMPLES.entries()) sampleSelect.append(new Option(sample.name, String(index)));

const initial = readQueryFromUrl(location.hash) ?? SAMPLES[0]?.text ?? "";
const model = monaco.editor.createModel(initial, LANGUAGE_ID);

// Declared before the registration: it checks the model at once and reports through the panels.
let editor: monaco.editor.IStandaloneCodeEditor | undefined;

const registration = registerReportQL(monaco, {
  catalog: builtinCatalog("all"),
  onDiagnostics: (changed, diagnostics) => {
    if (changed === model) showProblems(diagnostics);
  },
});

editor = monaco.editor.create(element("editor"), {
  model,
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 14,
  lineNumbers: "on",
  scrollBeyondLastLine: false,
  fixedOverflowWidgets: true,
  quickSuggestions: { other: true, comments: false, strings: false },
});

/** The problems panel: one item per diagnostic; clicking it moves the cursor there. */
function showProblems(diagnostics: readonly Diagnostic[]): void {
  const lines = new LineMap(model.getValue());
  const items = diagnostics.map((d) => {
    const { line, column } = lines.position(d.span.start);
    const item = document.createElement("li");
    item.className = d.severity;
    item.tabIndex = 0;
    item.textContent = `${line}:${column} ${d.message}`;
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = d.code;
    item.append(code);
    const reveal = () => {
      const position = model.getPositionAt(d.span.start);
      editor?.setPosition(position);
      editor?.revealPositionInCenter(position);
      editor?.focus();
    };
    item.addEventListener("click", reveal);
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter") reveal();
    });
    return item;
  });
  problemsList.replaceChildren(...items);
  problemCount.textContent = `(${diagnostics.length})`;
  showRequestBody();
}

/** The Create Report Query body of the query at the cursor (or the first query). */
function showRequestBody(): void {
  const text = model.getValue();
  const parsed = parse(text);
  const offset = model.getOffsetAt(editor?.getPosition() ?? { lineNumber: 1, column: 1 });
  const query =
    parsed.document.queries.find((q) => offset <= (q.terminator?.end ?? q.span.end)) ??
    parsed.document.queries[0];
  const body = {
    Name: nameInput.value,
    Description: descriptionInput.value,
    Query: query ? toSubmissionText(query, parsed) : "",
  };
  requestBody.textContent = JSON.stringify(body, null, 2);
}

let urlTimer: ReturnType<typeof setTimeout> | undefined;
model.onDidChangeContent(() => {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(() => history.replaceState(null, "", queryToHash(model.getValue())), 300);
});
editor.onDidChangeCursorPosition(showRequestBody);
nameInput.addEventListener("input", showRequestBody);
descriptionInput.addEventListener("input", showRequestBody);

sampleSelect.addEventListener("change", () =>
  model.setValue(SAMPLES[Number(sampleSelect.value)]?.text ?? ""),
);
element("format").addEventListener(
  "click",
  () => void editor.getAction("editor.action.formatDocument")?.run(),
);
element("copy").addEventListener(
  "click",
  () => void navigator.clipboard?.writeText(requestBody.textContent ?? ""),
);

catalogSelect.addEventListener("change", () => {
  if (catalogSelect.value === "file") {
    catalogFile.click();
    return;
  }
  registration.setCatalog(builtinCatalog(catalogSelect.value as BuiltinCatalogName));
  catalogStatus.textContent = "";
});

catalogFile.addEventListener("change", async () => {
  const file = catalogFile.files?.[0];
  if (file === undefined) return;
  const loaded = loadCatalogText(await file.text(), file.name);
  const problems = loaded.problems.map((p) => `${p.severity} at ${p.path}: ${p.message}`);
  if (loaded.catalog === undefined) {
    catalogStatus.textContent = `${file.name} is not usable: ${problems.join("; ")}`;
    catalogSelect.value = "all";
    return;
  }
  registration.setCatalog(loaded.catalog);
  catalogStatus.textContent = `${file.name}: ${loaded.catalog.datasets.length} datasets${problems.length > 0 ? `; ${problems.length} problem(s): ${problems.slice(0, 3).join("; ")}` : ""}`;
});

// For the end-to-end tests: read the editor's state from the page.
Object.assign(window, { reportqlPlayground: { monaco, editor, model } });
showProblems(registration.diagnostics(model));
