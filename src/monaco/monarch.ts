/**
 * The Monarch tokenizer for Monaco, generated from the language table (`language.ts`), like the
 * TextMate grammar: reserved words, contextual SQL words, TIMESPAN values and operators all come from
 * there. The string and comment rules mirror the lexer's token patterns.
 */
import {
  ALL_OPERATORS,
  CONTEXTUAL_WORDS,
  RESERVED_WORDS,
  TIMESPAN_VALUES,
  TYPOGRAPHIC_CLOSERS,
  TYPOGRAPHIC_QUOTES,
} from "../syntax/language.js";

const Q = TYPOGRAPHIC_QUOTES;
/** Typographic quotes and double quotes: values the service rejects (the lexer's `TypographicString`). */
const INVALID_STRING = new RegExp(
  `[${Q}][^${Q}\\n\\r]*[${Q}']|'[^'${Q}\\n\\r]*[${TYPOGRAPHIC_CLOSERS}]|"[^"\\n\\r]*"`,
);

/** A Monarch language definition (the subset of Monaco's `IMonarchLanguage` used here). */
export interface MonarchLanguage {
  readonly ignoreCase: boolean;
  readonly defaultToken: string;
  readonly keywords: readonly string[];
  readonly operatorWords: readonly string[];
  readonly unsupported: readonly string[];
  readonly timespans: readonly string[];
  readonly operators: readonly string[];
  readonly tokenizer: Record<string, readonly unknown[]>;
}

/** The tokenizer definition for the `reportql` language id. */
export function monarchLanguage(): MonarchLanguage {
  const operatorWords = RESERVED_WORDS.filter((w) => w.role === "operator").map((w) => w.text);
  return {
    ignoreCase: true,
    defaultToken: "",
    keywords: RESERVED_WORDS.filter((w) => w.role !== "operator").map((w) => w.text),
    operatorWords,
    unsupported: CONTEXTUAL_WORDS.map((w) => w.text),
    timespans: [...TIMESPAN_VALUES],
    operators: ALL_OPERATORS.filter((op) => !/^[A-Z ]+$/.test(op)),
    tokenizer: {
      root: [
        [/--.*$/, "comment"],
        [/\/\*/, "comment", "@comment"],
        [/'[^'\n\r]*'/, "string"],
        [INVALID_STRING, "string.invalid"],
        [/'[^'\n\r]*$/, "string.invalid"],
        [/-?\d+(\.\d+)?(?![A-Za-z_])/, "number"],
        [
          /[A-Za-z_]\w*(?:\\[_*]\w*)*/,
          {
            cases: {
              "@keywords": "keyword",
              "@operatorWords": "keyword.operator",
              "@timespans": "constant",
              "@unsupported": "keyword.unsupported",
              "@default": "identifier",
            },
          },
        ],
        [/<>|==/, "operator.invalid"],
        [/!=|<=|>=|[=<>]/, "operator"],
        [/[,;()]/, "delimiter"],
        [/\*/, "operator.invalid"],
      ],
      comment: [
        [/[^*]+/, "comment"],
        [/\*\//, "comment", "@pop"],
        [/\*/, "comment"],
      ],
    },
  };
}
