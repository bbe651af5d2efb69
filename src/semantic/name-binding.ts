/**
 * Name binding: the query's dataset, then each name (selected, compared, sorted) against that dataset's
 * columns and metrics, with suggestions; names written as calls and `SELECT` list rules.
 */

import type { Edit } from "../diagnostics/diagnostic.js";
import { singleEditFix } from "../diagnostics/make.js";
import type * as Ast from "../syntax/ast.js";
import { predicates } from "../syntax/walk.js";
import { builtinCatalog, type ColumnInfo, type DatasetInfo } from "./catalog.js";

/** Every built-in dataset, to tell a dataset of the other family from a misspelt one. */
const ALL = builtinCatalog("all");

import { isPlainName, replaceFixes } from "./check-context.js";
import { closestNames, SuggestionIndex } from "./suggest.js";
import { TimespanRules } from "./timespan.js";

/**
 * Each dataset's column names (and each catalog's dataset names) prepared for suggestions once: a
 * file with many unknown names asks about the same dataset's columns for each of them.
 */
const columnIndexes = new WeakMap<DatasetInfo, SuggestionIndex>();
const datasetIndexes = new WeakMap<object, SuggestionIndex>();

function columnIndex(dataset: DatasetInfo): SuggestionIndex {
  let index = columnIndexes.get(dataset);
  if (index === undefined) {
    index = new SuggestionIndex(dataset.columns.map((c) => c.name));
    columnIndexes.set(dataset, index);
  }
  return index;
}

function datasetIndex(catalog: { readonly datasets: readonly DatasetInfo[] }): SuggestionIndex {
  let index = datasetIndexes.get(catalog);
  if (index === undefined) {
    index = new SuggestionIndex(catalog.datasets.map((d) => d.name));
    datasetIndexes.set(catalog, index);
  }
  return index;
}

export class NameBinding extends TimespanRules {
  protected checkDataset(): void {
    const ref = this.query.from?.dataset;
    const id = ref?.kind === "QualifiedName" ? ref.name : ref;
    if (id === undefined || id.kind !== "Identifier") return;
    this.dataset = this.catalog.dataset(id.name);
    if (this.dataset !== undefined) {
      if (!this.dataset.columnsKnown) this.report("RQ2018", id.span, { dataset: this.dataset.name });
      return;
    }
    const suggestions = closestNames(id.name, datasetIndex(this.catalog));
    // A dataset of the other family (checked with a one-family catalog) is not misspelt: say where it is.
    const elsewhere = this.catalog === ALL ? undefined : ALL.dataset(id.name);
    if (elsewhere?.family !== undefined) {
      const data = { name: elsewhere.name, family: elsewhere.family, suggestions: [] };
      this.reportVariant("RQ2001", "otherFamily", id.span, data);
      return;
    }
    const extras = { fixes: replaceFixes(id, suggestions) };
    if (suggestions.length > 0)
      this.reportVariant("RQ2001", "didYouMean", id.span, { name: id.name, suggestions }, extras);
    else this.report("RQ2001", id.span, { name: id.name, suggestions }, extras);
  }

  /**
   * Every name in a column position (selected, tested, sorted, grouped or passed to a call), in
   * document order; names written as calls (`Name(Suffix)`) go to `calls`.
   */
  protected nameUses(calls: Ast.FunctionCall[]): Ast.Identifier[] {
    const uses: Ast.Identifier[] = [];
    const fromExpression = (e: Ast.Expression | undefined) => {
      if (e === undefined) return;
      if (e.kind === "Identifier") uses.push(e);
      else if (e.kind === "QualifiedName" && e.name?.kind === "Identifier") uses.push(e.name);
      else if (e.kind === "FunctionCall") {
        if (this.nameWrittenAsCall(e) !== undefined) calls.push(e);
        else for (const arg of e.args) fromExpression(arg);
      }
    };
    for (const clause of this.query.clauses) {
      if (clause.kind === "SelectClause") for (const item of clause.items) fromExpression(item.expression);
      else if (clause.kind === "WhereClause" || clause.kind === "HavingClause")
        for (const p of predicates(clause)) fromExpression(p.subject);
      else if (clause.kind === "OrderByClause")
        for (const item of clause.items) fromExpression(item.expression);
      else if (clause.kind === "GroupByClause") for (const item of clause.items) fromExpression(item);
    }
    return uses;
  }

  protected checkNames(): void {
    const dataset = this.dataset;
    if (dataset === undefined || !dataset.columnsKnown) return;
    const calls: Ast.FunctionCall[] = [];
    const uses = this.nameUses(calls);
    for (const call of calls) {
      // `EstimatedExtendedCharge(CC)`, as a spec example writes it, is the metric `EstimatedExtendedChargeCC`.
      const name = this.nameWrittenAsCall(call) as string;
      this.reportVariant(
        "RQ2002",
        "didYouMean",
        call.span,
        {
          name: this.slice(call),
          dataset: dataset.name,
          suggestions: [name],
          elsewhere: [],
          writtenAsCall: true,
        },
        { fixes: [singleEditFix(`Write \`${name}\``, "unsafe", call.span, name)] },
      );
    }
    const aliases = this.selectAliases();
    for (const id of uses) {
      const column = dataset.column(id.name);
      if (column === undefined) {
        const aliased = aliases.get(id.name.toLowerCase());
        if (aliased !== undefined && aliased.expression.span.start !== id.span.start) {
          this.reportAliasUse(id, aliased, dataset);
          continue;
        }
        // A name holding an unreadable character is already reported (RQ1001). Tested only for names
        // the catalog lacks (a test per name was a few percent of check): a name it has is known.
        if (isPlainName(id.name)) this.reportUnknownColumn(id, dataset);
        continue;
      }
      if (column.dropped !== undefined)
        this.report("RQ2019", id.span, {
          name: column.name,
          dataset: dataset.name,
          date: column.dropped.source.date,
          note: column.dropped.note,
        });
      else if (column.definitionsOnly)
        this.report("RQ2003", id.span, { name: column.name, dataset: dataset.name });
    }
  }

  /** The select list's aliases (`SELECT a AS b`), by lower-cased name: the first one given wins. */
  private selectAliases(): Map<string, Ast.SelectItem> {
    const aliases = new Map<string, Ast.SelectItem>();
    for (const item of this.query.select?.items ?? []) {
      const name = item.alias?.name?.name.toLowerCase();
      if (name !== undefined && !aliases.has(name)) aliases.set(name, item);
    }
    return aliases;
  }

  /**
   * A name that is a `SELECT` alias (`ORDER BY b` after `SELECT a AS b`): the language has no aliases,
   * so the name is the column's. Saying "did you mean" a look-alike column would mislead.
   */
  private reportAliasUse(id: Ast.Identifier, item: Ast.SelectItem, dataset: DatasetInfo): void {
    const alias = item.alias as Ast.Alias;
    const related = [{ span: alias.span, message: "The alias is given here" }];
    const expression = item.expression;
    const target =
      expression.kind === "Identifier"
        ? expression
        : expression.kind === "QualifiedName" && expression.name?.kind === "Identifier"
          ? expression.name
          : undefined;
    if (target === undefined || !isPlainName(target.name)) {
      const data = { name: id.name, dataset: dataset.name };
      this.reportVariant("RQ2002", "aliasOfExpression", id.span, data, { related });
      return;
    }
    const column = dataset.column(target.name)?.name ?? target.name;
    // The alias's own column, exactly what the name stands for: a safe rewrite.
    const fixes = [singleEditFix(`Write \`${column}\``, "safe", id.span, column)];
    const data = { name: id.name, column, dataset: dataset.name, suggestions: [column], elsewhere: [] };
    this.reportVariant("RQ2002", "alias", id.span, data, { related, fixes });
  }

  protected reportUnknownColumn(id: Ast.Identifier, dataset: DatasetInfo): void {
    const suggestions = closestNames(id.name, columnIndex(dataset));
    const elsewhere = this.catalog
      .datasetsWithColumn(id.name)
      .filter((d) => d !== dataset)
      .map((d) => d.name);
    const data = { name: id.name, dataset: dataset.name, suggestions, elsewhere: elsewhere.slice(0, 3) };
    const extras = { fixes: replaceFixes(id, suggestions) };
    const others = elsewhere.length > 3;
    if (elsewhere.length === 0) {
      if (suggestions.length > 0) this.reportVariant("RQ2002", "didYouMean", id.span, data, extras);
      else this.report("RQ2002", id.span, data, extras);
    } else if (suggestions.length > 0)
      this.reportVariant(
        "RQ2002",
        others ? "didYouMeanExistsInOthers" : "didYouMeanExistsIn",
        id.span,
        data,
        extras,
      );
    else this.reportVariant("RQ2002", others ? "existsInOthers" : "existsIn", id.span, data, extras);
  }

  /** The column a call such as `Name(Suffix)` spells with parentheses, if the dataset has one. */
  protected nameWrittenAsCall(call: Ast.FunctionCall): string | undefined {
    const [arg, ...rest] = call.args;
    if (arg?.kind !== "Identifier" || rest.length > 0) return undefined;
    return this.dataset?.column(call.name.name + arg.name)?.name;
  }

  /**
   * Edits that remove `[start, end)`, where the text from `start` to `keepFrom` is one token and then
   * white space, unless a comment stands in that white space: then only the token before it and the part
   * from `keepFrom` are removed, and the comment stays.
   */
  private removalKeepingComments(start: number, end: number, keepFrom: number): Edit[] {
    const between = this.text.slice(start, keepFrom);
    if (!between.includes("--") && !between.includes("/*")) return [{ span: { start, end }, newText: "" }];
    const tokenEnd =
      start +
      (between.search(/[\s\uFEFF]|--|\/\*/) === -1 ? between.length : between.search(/[\s\uFEFF]|--|\/\*/));
    const edits: Edit[] = tokenEnd > start ? [{ span: { start, end: tokenEnd }, newText: "" }] : [];
    if (end > keepFrom) edits.push({ span: { start: keepFrom, end }, newText: "" });
    return edits;
  }

  protected checkSelectList(): void {
    const select = this.query.select;
    if (select === undefined) return;
    const dataset = this.dataset;
    // Keyed by the catalog's column when the dataset has it (no lower-cased copy per name; the name's
    // hash is cached from the name check's lookup), by the lower-cased name otherwise: names are
    // case-insensitive either way.
    const seen = new Map<ColumnInfo | string, Ast.SelectItem>();
    for (let index = 0; index < select.items.length; index++) {
      const item = select.items[index] as Ast.SelectItem;
      if (item.expression.kind !== "Identifier") continue;
      const name = item.expression.name;
      const key = dataset?.column(name) ?? name.toLowerCase();
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, item);
        continue;
      }
      // Remove the repeated item (its alias included: left behind, `AS x` would attach to the item
      // before) with the comma or the white space before it, so the list stays well formed; a comment
      // between the two stays (a safe fix never deletes what the user wrote to be read).
      const previous = select.items[index - 1];
      const from = previous?.comma?.start ?? previous?.span.end ?? item.span.start;
      const end = (item.alias ?? item.expression).span.end;
      const edits = this.removalKeepingComments(from, end, item.expression.span.start);
      this.report(
        "RQ2004",
        item.expression.span,
        { name: item.expression.name },
        {
          related: [{ span: first.expression.span, message: "First selected here" }],
          fixes: [{ title: "Remove the repetition", applicability: "safe", edits }],
        },
      );
    }
    if (select.distinct !== undefined && dataset !== undefined) {
      const hasMetric = select.items.some(
        (i) => i.expression.kind === "Identifier" && dataset.column(i.expression.name)?.kind === "metric",
      );
      if (hasMetric) {
        const end = select.items[0]?.span.start ?? select.distinct.span.end;
        this.report(
          "RQ2005",
          select.distinct.span,
          {},
          {
            fixes: [
              {
                title: "Remove `DISTINCT`",
                applicability: "safe",
                edits: this.removalKeepingComments(select.distinct.span.start, end, end),
              },
            ],
          },
        );
      }
    }
  }
}
