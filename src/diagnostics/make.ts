import type { Mutable } from "../text/mutable.js";
import type { Span } from "../text/span.js";
import { type DIAGNOSTICS, type DiagnosticCode, lookupDiagnostic } from "./catalog.js";
import type { Diagnostic, DiagnosticData, Edit, Fix, RelatedSpan } from "./diagnostic.js";

/** Optional parts of a diagnostic beyond its code, span and template data. */
export interface DiagnosticExtras {
  readonly related?: readonly RelatedSpan[];
  readonly fixes?: readonly Fix[];
}

type Definition<C extends DiagnosticCode> = Extract<(typeof DIAGNOSTICS)[number], { readonly code: C }>;

type VariantsOf<C extends DiagnosticCode> = Definition<C> extends { readonly variants: infer V } ? V : never;

/** The codes whose catalog entry has message variants. */
export type CodeWithVariants = {
  [C in DiagnosticCode]: Definition<C> extends { readonly variants: object } ? C : never;
}[DiagnosticCode];

/** The variant names of a code (`atEnd`, `didYouMean`, ...). */
export type VariantOf<C extends CodeWithVariants> = keyof VariantsOf<C> & string;

/** The template of a code, or of one of its variants. */
type TemplateOf<C extends DiagnosticCode, V> = V extends string
  ? C extends CodeWithVariants
    ? V extends keyof VariantsOf<C>
      ? VariantsOf<C>[V]
      : never
    : never
  : Definition<C>["message"];

/** The placeholder names of a template: `{name}` and `{names:or}` both give `name(s)`. */
type Placeholders<S> = S extends `${string}{${infer Key}}${infer Rest}`
  ? (Key extends `${infer Name}:${string}` ? Name : Key) | Placeholders<Rest>
  : never;

type TemplateValue = string | number | readonly string[];

/**
 * The data a code's message needs: a value for each placeholder of its template, checked at compile
 * time, plus any further facts for tools (`suggestions`, `writtenAsCall`).
 */
export type TemplateData<C extends DiagnosticCode, V = undefined> = {
  readonly [K in Placeholders<TemplateOf<C, V>>]: TemplateValue;
} & DiagnosticData;

/** Data may be left out only when the template has no placeholder. */
type DataArguments<C extends DiagnosticCode, V> = [Placeholders<TemplateOf<C, V>>] extends [never]
  ? [data?: TemplateData<C, V>, extras?: DiagnosticExtras]
  : [data: TemplateData<C, V>, extras?: DiagnosticExtras];

/**
 * The data and extras of a code as one argument list, for wrappers that take the data as a
 * parameter of their own (`report(code, node, data)`): the data is still checked at the wrapper's call.
 */
export function diagnosticArguments<C extends DiagnosticCode>(
  data: TemplateData<C>,
  extras: DiagnosticExtras = {},
): DiagnosticArguments<C> {
  return [data, extras] as DiagnosticArguments<C>;
}

/** The arguments after the span of `makeDiagnostic(code, span, ...)`. */
export type DiagnosticArguments<C extends DiagnosticCode> = DataArguments<C, undefined>;
/** The arguments after the span of `makeVariant(code, variant, span, ...)`. */
export type VariantArguments<C extends CodeWithVariants, V extends VariantOf<C>> = DataArguments<C, V>;

const PLACEHOLDER = /\{(\w+(?::\w+)?)\}/g;

/**
 * How a placeholder value is written: as is, or as names in inline code joined with "or" or "and", or
 * with commas only (`codes`, for a sentence that goes on with "or ...").
 */
type ValueFormat = "plain" | "or" | "and" | "codes";

/**
 * A message template split once into literal text and placeholders (`parts[0] key[0] parts[1] ...`):
 * filling it is a join, not a regular-expression replace per diagnostic.
 */
interface CompiledTemplate {
  readonly parts: readonly string[];
  readonly keys: readonly { readonly name: string; readonly format: ValueFormat }[];
}

const COMPILED = new Map<string, CompiledTemplate>();

function compiledTemplate(template: string): CompiledTemplate {
  let compiled = COMPILED.get(template);
  if (compiled === undefined) {
    // `split` with a capturing group alternates text and captured names: text, key, text, ...
    const pieces = template.split(PLACEHOLDER);
    compiled = {
      parts: pieces.filter((_, i) => i % 2 === 0),
      keys: pieces
        .filter((_, i) => i % 2 === 1)
        .map((key) => {
          const [name, format] = key.split(":") as [string, string | undefined];
          return { name, format: isValueFormat(format) ? format : "plain" };
        }),
    };
    COMPILED.set(template, compiled);
  }
  return compiled;
}

function isValueFormat(format: string | undefined): format is ValueFormat {
  return format === "or" || format === "and" || format === "codes";
}

/**
 * Text as a Markdown code span that stays one span whatever it holds: a backtick inside (`` ` ``) gets
 * a longer fence and a space either side, as CommonMark reads it; a raw one would end the span.
 */
export function codeSpan(text: string): string {
  const fence = "`".repeat(longestBacktickRun(text) + 1);
  return fence.length === 1 ? `\`${text}\`` : `${fence} ${text} ${fence}`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === 96 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Names as inline code joined for a sentence: `` `a`, `b` or `c` `` (`codes`: `` `a`, `b`, `c` ``). */
function codeList(names: readonly string[], last: "or" | "and" | "codes"): string {
  const quoted = names.map(codeSpan);
  if (last === "codes" || quoted.length <= 1) return quoted.join(", ");
  return `${quoted.slice(0, -1).join(", ")} ${last} ${quoted[quoted.length - 1]}`;
}

function render(value: string | number | boolean | readonly string[], format: ValueFormat): string {
  if (format !== "plain") return codeList(Array.isArray(value) ? value : [String(value)], format);
  return Array.isArray(value) ? value.join(", ") : String(value);
}

function fillTemplate(code: string, template: string, data: DiagnosticData): string {
  const { parts, keys } = compiledTemplate(template);
  let message = parts[0] as string;
  for (let i = 0; i < keys.length; i++) {
    const { name, format } = keys[i] as CompiledTemplate["keys"][number];
    const value = data[name];
    // Unreachable from typed code (`TemplateData` requires every placeholder); kept for untyped callers.
    if (value === undefined) throw new Error(`Bug: diagnostic ${code} needs a value for {${name}}`);
    let text = render(value, format);
    const after = parts[i + 1] as string;
    // A value the template puts in a code span (`` `{text}` ``) that holds a backtick: the template's
    // backticks become the outer ones of a longer fence. (A value outside a code span may be code
    // already, such as a list of fields: it is written as given.)
    if (format === "plain" && text.includes("`") && message.endsWith("`") && after.startsWith("`")) {
      const extra = "`".repeat(longestBacktickRun(text));
      text = `${extra} ${text} ${extra}`;
    }
    message += text + after;
  }
  return message;
}

function hasKeys(data: DiagnosticData): boolean {
  for (const _ in data) return true;
  return false;
}

function build(
  code: DiagnosticCode,
  template: string,
  span: Span,
  data: DiagnosticData,
  extras: DiagnosticExtras,
): Diagnostic {
  const definition = lookupDiagnostic(code);
  if (definition === undefined) throw new Error(`Bug: diagnostic code ${code} is not in the catalog`);
  // Optional fields are set, not spread in (a spread builds and copies an object per field), in the
  // order consumers and goldens see them.
  const diagnostic: Mutable<Diagnostic> = {
    code,
    name: definition.name,
    severity: definition.severity,
    message: fillTemplate(code, template, data),
    span,
  };
  if (extras.related !== undefined && extras.related.length > 0) diagnostic.related = extras.related;
  if (extras.fixes !== undefined && extras.fixes.length > 0) diagnostic.fixes = extras.fixes;
  if (hasKeys(data)) diagnostic.data = data;
  return diagnostic;
}

/**
 * Creates a diagnostic from the catalog: name, severity and message come from the code's entry, the
 * message template is filled from `data`, whose keys the compiler checks against the template.
 */
export function makeDiagnostic<C extends DiagnosticCode>(
  code: C,
  span: Span,
  ...[data, extras]: DiagnosticArguments<C>
): Diagnostic {
  const definition = lookupDiagnostic(code);
  return build(code, definition?.message ?? "", span, data ?? {}, extras ?? {});
}

/** Like `makeDiagnostic`, with one of the code's message variants (`atEnd`, `didYouMean`, ...). */
export function makeVariant<C extends CodeWithVariants, V extends VariantOf<C>>(
  code: C,
  variant: V,
  span: Span,
  ...[data, extras]: VariantArguments<C, V>
): Diagnostic {
  const template = lookupDiagnostic(code)?.variants?.[variant];
  if (template === undefined) throw new Error(`Bug: diagnostic ${code} has no variant ${variant}`);
  return build(code, template, span, data ?? {}, extras ?? {});
}

/** A problem with a whole file (unreadable, binary, too large): a diagnostic at its start. */
export function fileDiagnostic<C extends DiagnosticCode>(
  code: C,
  ...args: DiagnosticArguments<C>
): Diagnostic {
  return makeDiagnostic(code, { start: 0, end: 0 }, ...args);
}

/** A fix made of a single edit. */
export function singleEditFix(
  title: string,
  applicability: Fix["applicability"],
  span: Span,
  newText: string,
): Fix {
  return { title, applicability, edits: [{ span, newText }] };
}

/**
 * A single-edit fix that never makes two words one: where the new text (or, for a removal, the text on
 * the other side) would put two word characters side by side, a space is kept between them
 * (`OrderId,FROM` loses its comma as `OrderId FROM`; ` DESC` inserted before `SELECT` stays apart).
 * A fix that means to join two parts of one word (removing an invisible character) does not use it.
 */
export function wordSafeFix(
  text: string,
  title: string,
  applicability: Fix["applicability"],
  span: Span,
  newText: string,
): Fix {
  const before = text.charAt(span.start - 1);
  const after = text.charAt(span.end);
  let replacement = newText;
  if (replacement === "") replacement = WORD.test(before) && WORD.test(after) ? " " : "";
  else {
    if (WORD.test(before) && WORD.test(replacement.charAt(0))) replacement = ` ${replacement}`;
    if (WORD.test(after) && WORD.test(replacement.charAt(replacement.length - 1)))
      replacement = `${replacement} `;
  }
  return singleEditFix(title, applicability, span, replacement);
}

const WORD = /\w/;

/**
 * An edit that writes a quoted value, kept apart by a space from any of the `quotes` characters right
 * before or after it: written against another quote, it would join it into one string (`‘a’‘b’`, two
 * values, would become `'a''b'`, the one value `a'b`).
 */
export function quoteSafeEdit(text: string, span: Span, newText: string, quotes: string): Edit {
  const touches = (c: string) => c !== "" && quotes.includes(c);
  let replacement = newText;
  if (touches(text.charAt(span.start - 1))) replacement = ` ${replacement}`;
  if (touches(text.charAt(span.end))) replacement = `${replacement} `;
  return { span, newText: replacement };
}

/** A fix of one `quoteSafeEdit`. */
export function quoteSafeFix(
  text: string,
  title: string,
  applicability: Fix["applicability"],
  span: Span,
  newText: string,
  quotes: string,
): Fix {
  return { title, applicability, edits: [quoteSafeEdit(text, span, newText, quotes)] };
}

/** Orders diagnostics by position, then by code, so every consumer sees the same order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/**
 * A diagnostic moved to other offsets: every span (its own, its related spans', its fixes' edits)
 * through `span`, and each edit's text through `text` (a file's encoding of it, for a query inside a
 * JSON string or a URL). What a document's diagnostics become in the file that holds it.
 */
export function moveDiagnostic(
  d: Diagnostic,
  span: (s: Span) => Span,
  text: (newText: string) => string = (t) => t,
): Diagnostic {
  const edit = (e: Edit): Edit => ({ span: span(e.span), newText: text(e.newText) });
  const fix = (f: Fix): Fix => ({ ...f, edits: f.edits.map(edit) });
  const related = (r: RelatedSpan): RelatedSpan => ({ ...r, span: span(r.span) });
  return {
    ...d,
    span: span(d.span),
    ...(d.related && { related: d.related.map(related) }),
    ...(d.fixes && { fixes: d.fixes.map(fix) }),
  };
}
