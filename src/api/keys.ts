/**
 * Keys of a JSON body as the service reads them: matched to the documented field names without
 * regard to case (the service's own samples vary), with spaces, misspellings, duplicates and fields
 * of another body reported. The result is the body in documented spelling, ready for the schema.
 */
import type { Node as JsonNode } from "jsonc-parser";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  type DiagnosticExtras,
  diagnosticArguments,
  makeDiagnostic,
  singleEditFix,
  type TemplateData,
} from "../diagnostics/make.js";
import { closestNames } from "../semantic/suggest.js";
import { span } from "../text/span.js";
import { removePropertyFix } from "./json-edits.js";
import { BODY_TITLES, type BodyKind, bodyFields, type FamilyOrAny } from "./schemas.js";

/** A property of the body under its documented name. */
export interface Field {
  readonly name: string;
  readonly key: JsonNode;
  readonly value: JsonNode;
}

/** The body's fields by documented name, the first of each, and what its keys said. */
export interface KeyedBody {
  readonly fields: ReadonlyMap<string, Field>;
  /** Documented fields a misspelt key was meant to be: their absence is already reported. */
  readonly meant: ReadonlySet<string>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Fields of a Create Report that an Update Report cannot change. */
const NOT_UPDATABLE = ["QueryId", "ExecuteNow", "QueryStartTime", "QueryEndTime"];

function nodeSpan(node: JsonNode) {
  return span(node.offset, node.offset + node.length);
}

/** Maps the body's keys to documented fields and reports the ones that are not. */
export function keyBody(text: string, body: JsonNode, kind: BodyKind, family: FamilyOrAny): KeyedBody {
  const names = bodyFields(kind, family).map((f) => f.name);
  const byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
  const fields = new Map<string, Field>();
  const meant = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const report: Report = (code, node, data, extras = {}) =>
    diagnostics.push(makeDiagnostic(code, nodeSpan(node), ...diagnosticArguments(data, extras)));
  const properties = (body.children ?? []).flatMap((p) => {
    const [key, value] = p.children ?? [];
    return key && value && typeof key.value === "string" ? [{ key, value, raw: key.value as string }] : [];
  });
  const present = new Set(properties.map((p) => byLower.get(p.raw.trim().toLowerCase())).filter(Boolean));
  for (const { key, value, raw } of properties) {
    const trimmed = raw.trim();
    const name = byLower.get(trimmed.toLowerCase());
    if (name === undefined) {
      reportUnknownKey(text, kind, key, trimmed, names, present, meant, report);
      continue;
    }
    if (trimmed !== raw) {
      report(
        "RQ3004",
        key,
        { key: raw, field: name },
        {
          fixes: [singleEditFix(`Write \`${trimmed}\``, "safe", nodeSpan(key), JSON.stringify(trimmed))],
        },
      );
    }
    if (fields.has(name)) report("RQ3005", key, { field: name });
    else fields.set(name, { name, key, value });
  }
  return { fields, meant, diagnostics };
}

type Report = <C extends DiagnosticCode>(
  code: C,
  node: JsonNode,
  data: TemplateData<C>,
  extras?: DiagnosticExtras,
) => void;

function reportUnknownKey(
  text: string,
  kind: BodyKind,
  key: JsonNode,
  typed: string,
  names: readonly string[],
  present: ReadonlySet<string | undefined>,
  meant: Set<string>,
  report: Report,
): void {
  if (kind === "updateReport" && NOT_UPDATABLE.some((n) => n.toLowerCase() === typed.toLowerCase())) {
    // Safe: the service does not apply the field on an update, so removing it changes nothing.
    report("RQ3020", key, { field: typed }, { fixes: [removePropertyFix(text, key, "safe")] });
    return;
  }
  // A key close to a field that is not otherwise set is that field misspelt.
  const [closest] = closestNames(
    typed,
    names.filter((n) => !present.has(n) && !meant.has(n)),
    1,
  );
  if (closest !== undefined) {
    meant.add(closest);
    report(
      "RQ3003",
      key,
      { key: typed, field: closest, body: BODY_TITLES[kind] },
      { fixes: [singleEditFix(`Write \`${closest}\``, "unsafe", nodeSpan(key), JSON.stringify(closest))] },
    );
    return;
  }
  report("RQ3002", key, {
    key: typed,
    body: BODY_TITLES[kind],
    fields: names.map((n) => `\`${n}\``).join(", "),
  });
}
