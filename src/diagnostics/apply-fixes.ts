import { firstAtOrAfter } from "../text/sorted.js";
import { clampOffset } from "../text/span.js";
import type { Diagnostic, Edit, Fix } from "./diagnostic.js";
import { textOrEmpty } from "./text-argument.js";

/** Which fixes `applyFixes` may use. */
export interface ApplyFixesOptions {
  /** Also apply fixes marked `unsafe` (the CLI's `--unsafe-fixes`). */
  readonly unsafe?: boolean;
}

/** The outcome of one pass of fixes. */
export interface ApplyFixesResult {
  readonly text: string;
  /** Fixes that were applied, in document order. */
  readonly applied: readonly Fix[];
  /** Fixes that were allowed but skipped because their edits overlap an earlier fix; a next pass may apply them. */
  readonly skipped: readonly Fix[];
}

/**
 * Applies the first allowed fix of each diagnostic, in document order, skipping any fix whose edits
 * overlap an edit already taken. A fix identical to one already taken (several clause-order diagnostics
 * share one reordering) is applied once. Fixes are all-or-nothing: a fix is taken with all its edits or
 * not at all. Idempotent in the sense that matters: once the diagnostics of the result carry no
 * applicable fix, another pass returns the text unchanged (see `test/diagnostics/apply-fixes.test.ts`).
 */
export function applyFixes(
  given: string,
  diagnostics: readonly Diagnostic[],
  options: ApplyFixesOptions = {},
): ApplyFixesResult {
  // Arguments of the wrong type from a plain JavaScript caller: the empty text, no diagnostics.
  const text = textOrEmpty(given);
  const candidates: Fix[] = [];
  const listed: readonly Diagnostic[] = Array.isArray(diagnostics) ? diagnostics : [];
  for (const diagnostic of listed) {
    const fix = diagnostic.fixes?.find((f) => f.applicability === "safe" || options.unsafe === true);
    if (fix !== undefined && fix.edits.length > 0 && fix.edits.every((e) => isValidEdit(e, text.length)))
      candidates.push(fix);
  }
  candidates.sort((a, b) => firstStart(a) - firstStart(b));

  // Taken edits, kept sorted by start, so a conflict check looks at two neighbours, not at every edit.
  const taken: Edit[] = [];
  const takenKeys = new Set<string>();
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const fix of candidates) {
    const key = fixKey(fix);
    if (takenKeys.has(key)) continue;
    if (fix.edits.some((edit) => conflictsWithTaken(taken, edit))) {
      skipped.push(fix);
      continue;
    }
    takenKeys.add(key);
    for (const edit of fix.edits) taken.splice(insertionIndex(taken, edit), 0, edit);
    applied.push(fix);
  }
  return { text: applyEdits(text, taken), applied, skipped };
}

/**
 * Applies non-overlapping edits in one pass over the text. A span from a caller that is reversed or
 * reaches outside the text is first clamped into it (as whole offsets), so no part of the text is
 * copied twice; where edits overlap, the later one starts after the earlier one's end.
 */
export function applyEdits(given: string, edits: readonly Edit[]): string {
  const text = textOrEmpty(given);
  const list: readonly Edit[] = Array.isArray(edits) ? edits : [];
  const ordered = list
    .map((edit) => {
      const start = clampOffset(edit.span.start, text.length);
      const end = Math.max(start, clampOffset(edit.span.end, text.length));
      return { span: { start, end }, newText: edit.newText };
    })
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of ordered) {
    parts.push(text.slice(cursor, edit.span.start), edit.newText);
    cursor = Math.max(cursor, edit.span.end);
  }
  parts.push(text.slice(cursor));
  return parts.join("");
}

/** Where an edit goes in a list sorted by start. */
function insertionIndex(sorted: readonly Edit[], edit: Edit): number {
  // After every edit that starts at or before this one (offsets are whole numbers).
  return firstAtOrAfter(sorted, edit.span.start + 1, (e) => e.span.start);
}

/**
 * Whether an edit conflicts with one already taken. Taken edits never overlap one another, so only the
 * neighbours around the edit's position can conflict with it; a few before it are checked because a
 * long replacement that starts earlier may still cover it.
 */
function conflictsWithTaken(sorted: readonly Edit[], edit: Edit): boolean {
  const index = insertionIndex(sorted, edit);
  for (let i = index; i < sorted.length && (sorted[i] as Edit).span.start <= edit.span.end; i++) {
    if (editsConflict(edit, sorted[i] as Edit)) return true;
  }
  for (let i = index - 1; i >= 0; i--) {
    const other = sorted[i] as Edit;
    if (editsConflict(edit, other)) return true;
    // Taken edits do not overlap, so an earlier one that ends before this starts shields the rest.
    if (other.span.end < edit.span.start) break;
  }
  return false;
}

function isValidEdit(edit: Edit, length: number): boolean {
  return edit.span.start >= 0 && edit.span.start <= edit.span.end && edit.span.end <= length;
}

function firstStart(fix: Fix): number {
  // A loop, not `Math.min(...starts)`: a spread of an unbounded list can exceed the argument limit.
  let first = Number.POSITIVE_INFINITY;
  for (const e of fix.edits) first = Math.min(first, e.span.start);
  return first;
}

/**
 * Two edits conflict when they touch the same code units, when both insert at the same offset (their
 * order would be arbitrary), or when one inserts inside or at either end of the other's range (the
 * insertion is meant for text the other edit replaces: `ORDER BY a` + ` DESC` and a clause reordering).
 */
function editsConflict(a: Edit, b: Edit): boolean {
  if (a.span.start < b.span.end && b.span.start < a.span.end) return true;
  const aEmpty = a.span.start === a.span.end;
  const bEmpty = b.span.start === b.span.end;
  if (aEmpty && bEmpty) return a.span.start === b.span.start;
  if (aEmpty) return a.span.start >= b.span.start && a.span.start <= b.span.end;
  if (bEmpty) return b.span.start >= a.span.start && b.span.start <= a.span.end;
  return false;
}

function fixKey(fix: Fix): string {
  return fix.edits.map((e) => `${e.span.start}:${e.span.end}:${e.newText}`).join("|");
}

/** The outcome of fixing until nothing more applies. */
export interface FixAllResult {
  readonly text: string;
  /** How many fixes were applied over all passes. */
  readonly fixCount: number;
  /** How many passes ran (each pass re-diagnoses the text). */
  readonly passes: number;
}

/** Passes after which `fixUntilStable` stops even if fixes still apply (fixes that undo each other). */
const MAX_PASSES = 10;

/**
 * Applies fixes, re-diagnoses, and repeats until no allowed fix applies: the CLI's `--fix`. Fixes
 * skipped for overlapping in one pass get their turn in the next. `diagnose` is the phase to run
 * (syntax only, or syntax and semantics), so this module depends on no phase.
 */
export function fixUntilStable(
  text: string,
  diagnose: (text: string) => readonly Diagnostic[],
  options: ApplyFixesOptions = {},
): FixAllResult {
  let current = textOrEmpty(text);
  let fixCount = 0;
  let passes = 0;
  while (passes < MAX_PASSES) {
    passes++;
    const result = applyFixes(current, typeof diagnose === "function" ? diagnose(current) : [], options);
    if (result.applied.length === 0 || result.text === current) break;
    fixCount += result.applied.length;
    current = result.text;
  }
  return { text: current, fixCount, passes };
}
