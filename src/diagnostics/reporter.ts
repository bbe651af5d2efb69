/**
 * A base for the classes that check one query (syntax validation, semantic checks): typed
 * `report`/`reportVariant` that push onto the list the caller collects.
 */

import type { Span } from "../text/span.js";
import type { DiagnosticCode } from "./catalog.js";
import type { Diagnostic } from "./diagnostic.js";
import {
  type CodeWithVariants,
  type DiagnosticArguments,
  makeDiagnostic,
  makeVariant,
  type VariantArguments,
  type VariantOf,
} from "./make.js";

export class DiagnosticReporter {
  constructor(protected readonly out: Diagnostic[]) {}

  protected report<C extends DiagnosticCode>(code: C, span: Span, ...args: DiagnosticArguments<C>): void {
    this.out.push(makeDiagnostic(code, span, ...args));
  }

  protected reportVariant<C extends CodeWithVariants, V extends VariantOf<C>>(
    code: C,
    variant: V,
    span: Span,
    ...args: VariantArguments<C, V>
  ): void {
    this.out.push(makeVariant(code, variant, span, ...args));
  }
}
