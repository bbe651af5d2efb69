/**
 * Validation of what stands where a name belongs: a literal, a function call, `*`, a quoted or
 * qualified name (`"Name"`, `t.Name`), an alias (`AS x`). Each is SQL the language lacks.
 */

import { singleEditFix } from "../diagnostics/make.js";
import type { Span } from "../text/span.js";
import type * as Ast from "./ast.js";
import { CONTEXTUAL, PLAIN_NAME, RESERVED, ValidationContext } from "./validate-context.js";

export class NameRules extends ValidationContext {
  /** Checks something written where a column or metric name belongs. */
  protected checkNameExpression(expression: Ast.Expression, place: "select" | "order" | "condition"): void {
    switch (expression.kind) {
      case "Identifier":
        this.checkQuotedName(expression);
        return;
      case "Star":
        if (place === "select") this.report("RQ1201", expression.span);
        else this.reportVariant("RQ1101", "name", expression.span, { found: "*" });
        return;
      case "FunctionCall":
        this.report("RQ1202", expression.span, { name: expression.name.name });
        return;
      case "QualifiedName":
        this.reportQualifiedName(expression, place);
        return;
      case "Subquery":
        this.report("RQ1211", expression.span);
        return;
      case "StringLiteral":
        // `ORDER BY 'OrderId'`, `SELECT 'OrderId'`: a name written as a value.
        if (expression.quote === "ascii" && PLAIN_NAME.test(expression.value)) {
          this.reportQuotedName(expression.span, expression.value);
          return;
        }
        if (place === "order") {
          this.reportVariant("RQ1101", "name", expression.span, { found: this.slice(expression.span) });
          return;
        }
        this.reportLiteralName(expression, place);
        return;
      case "NumberLiteral":
        this.reportLiteralName(expression, place);
        return;
    }
  }

  /** A number or a value where a name belongs (the order list reports positions on its own). */
  protected reportLiteralName(
    expression: Ast.NumberLiteral | Ast.StringLiteral,
    place: "select" | "order" | "condition",
  ): void {
    const text = this.slice(expression.span);
    if (place === "select") this.report("RQ1217", expression.span, { text });
    else if (place === "condition") this.reportVariant("RQ1101", "name", expression.span, { found: text });
  }

  protected checkQuotedName(id: Ast.Identifier): void {
    if (id.quoted !== undefined) this.reportQuotedName(id.span, id.name);
  }

  protected reportQuotedName(span: Span, name: string): void {
    // Unquoted right before `(` or `.`, the name would read as a call or a qualifier: that fix needs a look.
    const next = this.text.slice(span.end).trimStart().charAt(0);
    const applicability = next === "(" || next === "." ? "unsafe" : "safe";
    // Unquoted, a reserved word is the keyword: the rewrite would break the query, and no name is spelt so.
    if (RESERVED.has(name.toUpperCase())) {
      this.reportVariant("RQ1219", "reserved", span, { name, keyword: name.toUpperCase() });
      return;
    }
    if (PLAIN_NAME.test(name)) {
      this.report("RQ1219", span, { name }, { fixes: [this.writeName(span, name, applicability)] });
      return;
    }
    // `"Order Id"`: "write `Order Id`" would repeat what cannot be written. Names are one word.
    const joined = name.replace(/[ \t]+/g, "");
    if (joined !== name && PLAIN_NAME.test(joined)) {
      const fixes = [this.writeName(span, joined, "unsafe")];
      this.reportVariant("RQ1219", "spaced", span, { name: joined }, { fixes });
    } else this.reportVariant("RQ1219", "notAName", span, { name });
  }

  protected reportQualifiedName(
    name: Ast.QualifiedName,
    place: "select" | "order" | "condition" | "dataset",
  ): void {
    if (name.name?.kind === "Star") {
      if (place === "select") this.report("RQ1201", name.span);
      else this.reportVariant("RQ1101", "anyName", name.span, { found: this.slice(name.span) });
      return;
    }
    const last = name.name;
    // Alone, a contextual word (`x.Having`) would read as the SQL keyword: that rewrite needs a look.
    const applicability = last !== undefined && CONTEXTUAL.has(last.name.toUpperCase()) ? "unsafe" : "safe";
    // `o.` names nothing after its dot: "write `o.`" would repeat the input as the advice.
    if (last === undefined) {
      this.reportVariant("RQ1213", "noName", name.span, { text: this.slice(name.span) });
      return;
    }
    const fixes = last.quoted === undefined ? [this.writeName(name.span, last.name, applicability)] : [];
    this.report("RQ1213", name.span, { name: last.name }, { fixes });
  }

  protected reportAlias(expressionEnd: number, alias: Ast.Alias): void {
    const removal = { start: expressionEnd, end: alias.span.end };
    this.report(
      "RQ1203",
      alias.span,
      { text: this.slice(alias.span) },
      { fixes: [singleEditFix("Remove the alias", "unsafe", removal, "")] },
    );
  }
}
