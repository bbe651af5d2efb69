/**
 * The playground: a Monaco editor with the report query language registered by `reportql/monaco`,
 * a catalog picker, a problems panel synced with the markers, the query kept in the URL, and the
 * Create Report Query body ready to copy. Query text and catalog data are untrusted: they only ever
 * reach the page through `textContent` (or Monaco's Markdown after `safeMarkdown`), never as HTML.
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
import { diagnosticDocUrl } from "../../src/diagnostics/docs-url.js";
import {
  type BuiltinCatalogName,
  builtinCatalog,
  type Catalog,
  type Diagnostic,
  fixUntilStable,
  LineMap,
  lintText,
  loadCatalogText,
  lookupDiagnostic,
  parse,
  toSubmissionText,
} from "../../src/index.js";
import { LANGUAGE_ID, registerReportQL } from "../../src/monaco/index.js";
import { codeSpans, hasCodeSpan } from "./code-spans.js";
import { SAMPLES } from "./samples.js";
import { MAX_SHARED_LENGTH, queryToHash, readSharedQuery } from "./url-state.js";

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
const bodyWarning = element<HTMLParagraphElement>("body-warning");
const copyStatus = element<HTMLSpanElement>("copy-status");

for (const [index, sample] of SAMPLES.entries()) sampleSelect.append(new Option(sample.name, String(index)));

const shared = readSharedQuery(location.hash);
if (shared.kind === "refused") catalogStatus.textContent = `Not loaded from the link: ${shared.reason}.`;
const initial = shared.kind === "query" ? shared.text : (SAMPLES[0]?.text ?? "");
const model = monaco.editor.createModel(initial, LANGUAGE_ID);

// The OS's light or dark mode, followed live.
const darkMode = matchMedia("(prefers-color-scheme: dark)");
const theme = () => (darkMode.matches ? "vs-dark" : "vs");
darkMode.addEventListener("change", () => monaco.editor.setTheme(theme()));

let catalog: Catalog = builtinCatalog("all");

// Declared before the registration: it checks the model at once and reports through the panels
// (a `let` declared after it is in its temporal dead zone then, and the page stops with a
// ReferenceError when served unbundled, as `npm run playground` serves it).
let editor: monaco.editor.IStandaloneCodeEditor | undefined;
let latestDiagnostics: readonly Diagnostic[] = [];

const registration = registerReportQL(monaco, {
  catalog,
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
  // Only the language's own suggestions: words from comments and strings are noise here.
  wordBasedSuggestions: "off",
  // Queries copied from the documentation are one long line.
  wordWrap: "on",
  theme: theme(),
});

// Shift+Alt+F formats on every system, as the shortcut list says: Monaco binds it on Windows and
// macOS only (Ctrl+Shift+I on Linux, which keeps working).
editor.addCommand(monaco.KeyMod.Shift | monaco.KeyMod.Alt | monaco.KeyCode.KeyF, () => {
  void editor?.getAction("editor.action.formatDocument")?.run();
});

/** Text with `code` spans as nodes: `<code>` elements for the spans, all of it through textContent. */
function inlineCode(text: string): Node[] {
  return codeSpans(text).map((piece) => {
    if (!piece.code) return document.createTextNode(piece.text);
    const code = document.createElement("code");
    code.textContent = piece.text;
    return code;
  });
}

/** A diagnostic code, linked to its documentation (in a new tab) when the code is known. */
function codeLink(code: string): HTMLElement {
  const definition = lookupDiagnostic(code);
  const link = document.createElement(definition === undefined ? "span" : "a");
  link.className = "code";
  link.textContent = code;
  if (link instanceof HTMLAnchorElement && definition !== undefined) {
    link.href = diagnosticDocUrl(definition);
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.title = `What ${code} means and how to fix it`;
    // The link opens the documentation; the item around it moves the cursor: not both.
    link.addEventListener("click", (event) => event.stopPropagation());
    link.addEventListener("keydown", (event) => event.stopPropagation());
  }
  return link;
}

/**
 * Monaco renders a marker's message as plain text; in its hovers, `code` spans become `<code>`
 * elements as in the problems panel (through textContent, so nothing is parsed as HTML).
 */
new MutationObserver(() => {
  for (const span of document.querySelectorAll<HTMLSpanElement>(
    ".monaco-hover .marker.hover-contents > span:first-child",
  )) {
    if (span.childElementCount === 0 && hasCodeSpan(span.textContent ?? "")) {
      span.replaceChildren(...inlineCode(span.textContent ?? ""));
    }
  }
}).observe(document.body, { childList: true, subtree: true });

/** The problems panel: one item per diagnostic; clicking it moves the cursor there. */
function showProblems(diagnostics: readonly Diagnostic[]): void {
  const lines = new LineMap(model.getValue());
  const items = diagnostics.map((d) => {
    const { line, column } = lines.position(d.span.start);
    const item = document.createElement("li");
    item.className = d.severity;
    item.tabIndex = 0;
    item.append(`${line}:${column} `, ...inlineCode(d.message));
    item.append(codeLink(d.code));
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
  latestDiagnostics = diagnostics;
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
  const end = query ? (query.terminator?.end ?? query.span.end) : 0;
  const errors = query
    ? latestDiagnostics.filter(
        (d) => d.severity === "error" && d.span.start >= query.span.start && d.span.start <= end,
      ).length
    : 0;
  bodyWarning.hidden = errors === 0;
  bodyWarning.textContent =
    errors === 0
      ? ""
      : `This query has ${errors === 1 ? "an error" : `${errors} errors`}: the service will reject it. See Problems.`;
  const body = {
    Name: nameInput.value,
    Description: descriptionInput.value,
    Query: query ? toSubmissionText(query, parsed) : "",
  };
  requestBody.textContent = JSON.stringify(body, null, 2);
}

/** Keeps the query in the URL; a query too long for a link leaves the fragment empty. */
function updateUrl(): string | undefined {
  const hash = queryToHash(model.getValue());
  const fits = hash.length <= MAX_SHARED_LENGTH;
  history.replaceState(null, "", fits ? hash : location.pathname + location.search);
  return fits ? location.href : undefined;
}

let urlTimer: ReturnType<typeof setTimeout> | undefined;
model.onDidChangeContent(() => {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(updateUrl, 300);
});

let statusTimer: ReturnType<typeof setTimeout> | undefined;
/** Says what a button did, next to Copy, for a few seconds. */
function say(message: string): void {
  copyStatus.textContent = message;
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => {
    copyStatus.textContent = "";
  }, 4000);
}

async function copy(text: string, done: string): Promise<void> {
  try {
    if (navigator.clipboard === undefined) throw new Error("no clipboard");
    await navigator.clipboard.writeText(text);
    say(done);
  } catch {
    say("Could not copy: select the text and copy it by hand.");
  }
}
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
  () => void copy(requestBody.textContent ?? "", "Copied the request body."),
);
element("share").addEventListener("click", () => {
  clearTimeout(urlTimer);
  const link = updateUrl();
  if (link === undefined) say(`Too long to share as a link (over ${MAX_SHARED_LENGTH / 1024} KB).`);
  else void copy(link, "Copied a link to this query.");
});
element("fix-all").addEventListener("click", () => {
  const before = model.getValue();
  const result = fixUntilStable(before, (text) => lintText(text, { catalog }));
  if (result.text === before) {
    say("No safe fix to apply.");
    return;
  }
  // One edit, so Ctrl+Z undoes the whole fix-all.
  editor.pushUndoStop();
  editor.executeEdits("fix-all", [{ range: model.getFullModelRange(), text: result.text }]);
  editor.pushUndoStop();
  say(`Applied ${result.fixCount === 1 ? "1 fix" : `${result.fixCount} fixes`}.`);
});

// The picker's entry for the catalog in use: the picker goes back to it when no file replaces it
// (the file dialog cancelled, or the file unusable), so that it always names what checks the query.
let catalogChoice = catalogSelect.value;

catalogSelect.addEventListener("change", () => {
  if (catalogSelect.value === "file") {
    catalogFile.click();
    return;
  }
  catalogChoice = catalogSelect.value;
  catalog = builtinCatalog(catalogSelect.value as BuiltinCatalogName);
  registration.setCatalog(catalog);
  catalogStatus.textContent = "";
});

catalogFile.addEventListener("cancel", () => {
  catalogSelect.value = catalogChoice;
});

catalogFile.addEventListener("change", async () => {
  const file = catalogFile.files?.[0];
  // Emptied, so that choosing the same file again (after editing it) is a change too.
  catalogFile.value = "";
  if (file === undefined) {
    catalogSelect.value = catalogChoice;
    return;
  }
  const loaded = loadCatalogText(await file.text(), file.name);
  const problems = loaded.problems.map((p) => `${p.severity} at ${p.path}: ${p.message}`);
  if (loaded.catalog === undefined) {
    catalogStatus.textContent = `${file.name} is not usable: ${problems.join("; ")}`;
    catalogSelect.value = catalogChoice;
    return;
  }
  catalogChoice = "file";
  catalogSelect.value = "file";
  catalog = loaded.catalog;
  registration.setCatalog(catalog);
  catalogStatus.textContent = `${file.name}: ${loaded.catalog.datasets.length} datasets${problems.length > 0 ? `; ${problems.length} problem(s): ${problems.slice(0, 3).join("; ")}` : ""}`;
});

// For the end-to-end tests: read the editor's state from the page.
Object.assign(window, { reportqlPlayground: { monaco, editor, model } });
showProblems(registration.diagnostics(model));
