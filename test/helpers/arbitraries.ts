/**
 * fast-check generators: valid queries built from the grammar (with random keyword case, whitespace
 * and comments between tokens), and "token soup" made of the language's pieces in random order.
 */
import fc from "fast-check";
import { TIMESPAN_VALUES } from "../../src/syntax/language.js";

const NAMES = [
  "OrderId",
  "CustomerName",
  "Month",
  "Offset",
  "Date",
  "Group",
  "Top",
  "Left",
  "SKU",
  "BilledRevenueUSD",
  "x",
];
const DATASETS = ["ISVOrder", "ISVUsage", "CustomersAndTenants", "OfficeUsage"];
const STRINGS = [
  "'United States'",
  "'%Contoso%'",
  "'2a31c234-1f4e-4c60-909e-76d234f93161'",
  "' 0f8b'",
  "''",
  "'Pay as You Go'",
];
const NUMBERS = ["0", "1", "100000", "-2.5", "42"];

const keywordCase = (word: string) =>
  fc.constantFrom(
    word.toUpperCase(),
    word.toLowerCase(),
    word.charAt(0).toUpperCase() + word.slice(1).toLowerCase(),
  );

const name = fc.constantFrom(...NAMES);
const value = fc.oneof(fc.constantFrom(...STRINGS), fc.constantFrom(...NUMBERS));

function join(...parts: fc.Arbitrary<string[]>[]): fc.Arbitrary<string[]> {
  return fc.tuple(...parts).map((lists) => lists.flat());
}

const list = (item: fc.Arbitrary<string[]>, max: number) =>
  fc
    .array(item, { minLength: 1, maxLength: max })
    .map((items) => items.flatMap((it, i) => (i === 0 ? it : [",", ...it])));

const condition: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(name, fc.constantFrom("=", "!=", ">", "<", ">=", "<="), value).map(([n, op, v]) => [n, op, v]),
  fc
    .tuple(name, fc.boolean(), fc.array(fc.constantFrom(...STRINGS), { minLength: 1, maxLength: 3 }))
    .map(([n, not, vs]) => [
      n,
      ...(not ? ["NOT"] : []),
      "IN",
      "(",
      ...vs.flatMap((v, i) => (i === 0 ? [v] : [",", v])),
      ")",
    ]),
  fc
    .tuple(name, fc.boolean(), fc.constantFrom(...STRINGS))
    .map(([n, not, v]) => [n, ...(not ? ["NOT"] : []), "LIKE", v]),
);

/** Tokens of one valid query. */
export const validQueryTokens: fc.Arbitrary<string[]> = join(
  fc.tuple(keywordCase("select"), fc.boolean()).map(([s, d]) => (d ? [s, "DISTINCT"] : [s])),
  list(
    name.map((n) => [n]),
    8,
  ),
  fc.tuple(keywordCase("from"), fc.constantFrom(...DATASETS)).map(([f, d]) => [f, d]),
  fc
    .option(
      join(
        keywordCase("where").map((w) => [w]),
        fc
          .array(condition, { minLength: 1, maxLength: 4 })
          .map((cs) => cs.flatMap((c, i) => (i === 0 ? c : ["AND", ...c]))),
      ),
    )
    .map((o) => o ?? []),
  fc
    .option(
      join(
        fc.constant(["ORDER", "BY"]),
        list(
          fc.tuple(name, fc.constantFrom("", "ASC", "DESC", "asc")).map(([n, d]) => (d ? [n, d] : [n])),
          3,
        ),
      ),
    )
    .map((o) => o ?? []),
  fc.option(fc.constantFrom("1", "10", "1000").map((n) => ["LIMIT", n])).map((o) => o ?? []),
  fc.option(fc.constantFrom(...TIMESPAN_VALUES).map((t) => ["TIMESPAN", t])).map((o) => o ?? []),
);

/** What goes between two tokens: at least one whitespace character, sometimes a comment. */
const separator: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(" ", "  ", "\n", "\t", "\u00a0", "\r\n", " \n  ") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(" -- note\n", " /* c */ ", "\n/* own line */\n", "\n-- own line\n"),
  },
);

/** Joins tokens with random separators. */
export function withSeparators(tokens: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return tokens.chain((parts) =>
    fc
      .array(separator, { minLength: parts.length, maxLength: parts.length })
      .map((seps) => parts.map((p, i) => (i === 0 ? p : `${seps[i]}${p}`)).join("")),
  );
}

/** A document of one to three valid queries. */
export const validDocument: fc.Arbitrary<string> = fc
  .array(withSeparators(validQueryTokens), { minLength: 1, maxLength: 3 })
  .chain((queries) => fc.boolean().map((trailing) => queries.join(";\n") + (trailing ? ";" : "")));

const PIECES = [
  "SELECT",
  "select",
  "FROM",
  "WHERE",
  "AND",
  "OR",
  "ORDER",
  "BY",
  "LIMIT",
  "TIMESPAN",
  "DISTINCT",
  "IN",
  "NOT",
  "LIKE",
  "ASC",
  "DESC",
  "GROUP",
  "HAVING",
  "AS",
  "JOIN",
  "ON",
  "BETWEEN",
  "IS",
  "NULL",
  "TOP",
  "OFFSET",
  "a",
  "Month",
  "X",
  "SUM",
  "COUNT",
  ",",
  "(",
  ")",
  ";",
  "*",
  ".",
  "=",
  "!=",
  "<>",
  "==",
  "<",
  ">=",
  "1",
  "-2.5",
  "6096xxx",
  "'s'",
  "'open",
  "‘t’",
  '"d"',
  "’",
  "LAST_MONTH",
  "LAST\\_MONTH",
  "#",
  "--c\n",
  "/*b*/",
  "/*open",
  "\u00a0",
  "\n",
  "%20",
];

/** Random sequences of the language's pieces: mostly broken, always lexable somehow. */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom(" ", "", "\n", "  ")), { maxLength: 30 })
  .map((parts) => parts.map(([p, s]) => p + s).join(""));

/**
 * Large documents (issue 18): pieces drawn from `validDocument` and `tokenSoup`, repeated until the
 * text reaches a size drawn between 1 KB and `maxBytes`, with every line break replaced by one of a
 * few drawn endings in turn (LF, CRLF, CR: mixed endings). Use at low case counts.
 */
export function largeDocument(maxBytes = 1 << 20): fc.Arbitrary<string> {
  const maxLog = Math.max(10, Math.floor(Math.log2(maxBytes)));
  return fc
    .record({
      pieces: fc.array(fc.oneof(validDocument, tokenSoup), { minLength: 1, maxLength: 6 }),
      log: fc.integer({ min: 10, max: maxLog }),
      endings: fc.array(fc.constantFrom("\n", "\r\n", "\r"), { minLength: 1, maxLength: 3 }),
    })
    .map(({ pieces, log, endings }) => {
      const unit = `${pieces.join(";\n")};\n`;
      const size = 2 ** log;
      const text = unit.repeat(Math.max(1, Math.ceil(size / Math.max(1, unit.length)))).slice(0, size);
      let k = 0;
      return text.replace(/\r\n|\n|\r/g, () => endings[k++ % endings.length] as string);
    });
}
