/**
 * fast-check arbitraries built from the shipped JSON Schemas, for the subset of JSON Schema the
 * contract produces (anyOf, const, enum, string with pattern/format/length, integer bounds, boolean,
 * null, object). Bodies generated here come from the schemas, not from a second description.
 */
import fc from "fast-check";

type Schema = Record<string, unknown>;

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const pattern = typeof schema.pattern === "string" ? new RegExp(schema.pattern) : undefined;
  if (schema.format === "uri") return fc.webUrl({ validSchemes: ["http", "https"] });
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : 40;
  // A pattern that only excludes characters is filtered; a pattern that shapes the text generates it.
  if (pattern && !/^\^\[\^/.test(String(schema.pattern))) return fc.stringMatching(pattern);
  const text = fc.string({ minLength, maxLength: Math.min(maxLength, 300) });
  return pattern ? text.filter((s) => pattern.test(s)) : text;
}

/** An arbitrary of the values a JSON Schema accepts. */
export function arbitraryOf(schema: Schema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as Schema[]).map(arbitraryOf));
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.type))
    return fc.oneof(...(schema.type as string[]).map((type) => arbitraryOf({ ...schema, type })));
  switch (schema.type) {
    case "string":
      return stringArbitrary(schema);
    case "integer": {
      const min = typeof schema.minimum === "number" ? schema.minimum : -1000;
      const max = typeof schema.maximum === "number" ? schema.maximum : 1_000_000;
      return fc.integer({ min: Math.max(min, -1_000_000), max: Math.min(max, 1_000_000) });
    }
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "object":
      return objectArbitrary(schema);
  }
  throw new Error(`Test helper: no arbitrary for schema ${JSON.stringify(schema).slice(0, 200)}`);
}

function objectArbitrary(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = (schema.required ?? []) as string[];
  const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryOf(s)]));
  const record = fc.record(model, { requiredKeys: required });
  const condition = schema.if as Schema | undefined;
  const then = schema.then as Schema | undefined;
  if (condition === undefined || then === undefined) return record;
  // `if`/`then` with `required`: keep the records that meet `then` whenever they meet `if`.
  return record.filter((value) => !matches(condition, value) || matches(then, value));
}

/** Whether a value meets a schema made of `not`, `required` and `properties` with `const`. */
function matches(schema: Schema, value: Record<string, unknown>): boolean {
  if (schema.not !== undefined && matches(schema.not as Schema, value)) return false;
  if (Array.isArray(schema.required) && !(schema.required as string[]).every((k) => k in value)) return false;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  return Object.entries(properties).every(
    ([k, s]) => !(k in value) || !("const" in s) || value[k] === s.const,
  );
}
