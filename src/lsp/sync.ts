/**
 * Applying an editor's changes to a document. `vscode-languageserver-textdocument` keeps a table of
 * line starts that it updates per change; a change whose start lies past the last line (legal: the
 * protocol clamps such positions to the end) leaves holes in that table, after which positions map to
 * `NaN` and the next change cuts the text short: the server would lint a text the editor does not
 * show. Ranges are clamped to the document (as the protocol reads them) before the update.
 */
import type { TextDocumentContentChangeEvent } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";

export const SYNCED_DOCUMENTS = {
  create: TextDocument.create,
  update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    for (const change of changes) {
      // One at a time: each change's range is read against the text the previous ones left.
      const clamped =
        "range" in change
          ? {
              range: {
                start: document.positionAt(document.offsetAt(change.range.start)),
                end: document.positionAt(document.offsetAt(change.range.end)),
              },
              text: change.text,
            }
          : change;
      TextDocument.update(document, [clamped], version);
    }
    return document;
  },
};
