import type * as Ast from "./ast.js";

/** Every predicate of a condition list, including those under `NOT` and inside parentheses, in order. */
export function predicates(list: Ast.ConditionList): Ast.Predicate[] {
  const out: Ast.Predicate[] = [];
  const visit = (c: Ast.Condition | undefined) => {
    if (c === undefined) return;
    if (c.kind === "Predicate") out.push(c);
    else if (c.kind === "NotCondition") visit(c.condition);
    else for (const inner of c.conditions.conditions) visit(inner);
  };
  for (const c of list.conditions) visit(c);
  return out;
}
