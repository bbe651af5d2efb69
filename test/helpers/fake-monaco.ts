/**
 * A stand-in for the part of Monaco's API that `registerReportQL` uses, enough to run the editor
 * integration in-process: models with text, versions and offset/position conversion (through
 * `LineMap`, 1-based as Monaco's), and the markers the integration sets. Providers are recorded.
 */
import type * as Monaco from "monaco-editor";
import type { MonacoApi } from "../../src/monaco/register.js";
import { LineMap } from "../../src/text/line-map.js";

const disposable = { dispose: () => undefined };

/** Adds a listener; disposing the result removes it, as Monaco's events do. */
function listen(listeners: Set<() => void>, listener: () => void): Monaco.IDisposable {
  listeners.add(listener);
  return { dispose: () => listeners.delete(listener) };
}

/** A text model: enough of `ITextModel` for the integration. */
export class FakeModel {
  private readonly listeners = new Set<() => void>();
  private readonly languageListeners = new Set<() => void>();
  private readonly disposeListeners = new Set<() => void>();
  private language = "reportql";
  private version = 1;
  private lines: LineMap;
  readonly uri: { toString(): string };

  constructor(
    private text: string,
    name: string,
  ) {
    this.lines = new LineMap(text);
    this.uri = { toString: () => `inmemory://${name}` };
  }

  getValue(): string {
    return this.text;
  }
  getVersionId(): number {
    return this.version;
  }
  getLanguageId(): string {
    return this.language;
  }
  isDisposed(): boolean {
    return false;
  }
  getPositionAt(offset: number): Monaco.Position {
    const p = this.lines.position(offset);
    return { lineNumber: p.line, column: p.column } as Monaco.Position;
  }
  getOffsetAt(position: Monaco.IPosition): number {
    return this.lines.offset({ line: position.lineNumber, column: position.column });
  }
  onDidChangeContent(listener: () => void): Monaco.IDisposable {
    return listen(this.listeners, listener);
  }
  onDidChangeLanguage(listener: () => void): Monaco.IDisposable {
    return listen(this.languageListeners, listener);
  }
  onWillDispose(listener: () => void): Monaco.IDisposable {
    return listen(this.disposeListeners, listener);
  }
  /** Disposes the model, as `model.dispose()` would: its will-dispose listeners run first. */
  dispose(): void {
    for (const listener of [...this.disposeListeners]) listener();
  }
  /** How many listeners are attached to the model (a listener not disposed is kept alive). */
  listenerCount(): number {
    return this.listeners.size + this.languageListeners.size + this.disposeListeners.size;
  }
  /** Switches the model's language, as `monaco.editor.setModelLanguage` would. */
  setLanguage(id: string): void {
    this.language = id;
    for (const listener of this.languageListeners) listener();
  }
  /** Replaces the text, as an edit would, and notifies the integration. */
  setValue(text: string): void {
    this.text = text;
    this.lines = new LineMap(text);
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

/** A fake Monaco with one model per `open`; `markers` holds what the integration set. */
export function fakeMonaco(): {
  monaco: MonacoApi;
  open(text: string, name: string): FakeModel;
  markers(model: FakeModel): readonly Monaco.editor.IMarkerData[];
} {
  const models: FakeModel[] = [];
  const created: ((model: FakeModel) => void)[] = [];
  const markers = new Map<FakeModel, readonly Monaco.editor.IMarkerData[]>();
  class Range {
    constructor(
      readonly startLineNumber: number,
      readonly startColumn: number,
      readonly endLineNumber: number,
      readonly endColumn: number,
    ) {}
  }
  const monaco = {
    Range,
    MarkerSeverity: { Hint: 1, Info: 2, Warning: 4, Error: 8 },
    Uri: { parse: (value: string) => ({ toString: () => value }) },
    languages: {
      getLanguages: () => [],
      register: () => undefined,
      setMonarchTokensProvider: () => disposable,
      setLanguageConfiguration: () => disposable,
      registerCompletionItemProvider: () => disposable,
      registerHoverProvider: () => disposable,
      registerCodeActionProvider: () => disposable,
      registerDocumentFormattingEditProvider: () => disposable,
      CompletionItemKind: {},
      CompletionItemInsertTextRule: {},
    },
    editor: {
      getModels: () => models,
      onDidCreateModel: (listener: (model: FakeModel) => void) => {
        created.push(listener);
        return disposable;
      },
      setModelMarkers: (model: FakeModel, _owner: string, set: Monaco.editor.IMarkerData[]) => {
        markers.set(model, set);
      },
    },
  } as unknown as MonacoApi;
  return {
    monaco,
    open(text, name) {
      const model = new FakeModel(text, name);
      models.push(model);
      for (const listener of created) listener(model);
      return model;
    },
    markers: (model) => markers.get(model) ?? [],
  };
}
