/**
 * Catalog entries of the configuration codes (RQ92xx): problems of a `reportql.config.json` (or the
 * `reportql` key of a `package.json`), found by the lint layer's `readConfig`. Same shape and rules as
 * `catalog.ts`, which includes them after the other tooling codes. An `example` is a configuration
 * text; the catalog test and the reference page read it with `readConfig`.
 */
import type { DiagnosticDefinition } from "./catalog.js";

export const CONFIG_DIAGNOSTICS = [
  {
    code: "RQ9201",
    name: "invalid-config-json",
    severity: "error",
    phase: "tooling",
    message:
      "The configuration is not valid JSON: {reason}; correct it here (comments and trailing commas are not allowed)",
    variants: {
      empty: "The configuration file is empty; write a JSON object with `catalog`, `rules` or `ignore`",
      typographicQuote: 'Typographic quote `{quote}` in the configuration; use the ASCII double quote `"`',
      tooDeep:
        "The configuration is nested deeper than {limit} levels; a configuration is three levels deep at most",
    },
    summary:
      "The configuration file cannot be read as JSON, so none of its settings apply: every file is checked with the defaults until it is corrected.",
    example: '{"rules": {"RQ2015": "off",}}',
    fix: "Correct the JSON at the reported place. Quotes copied from a word processor (“ ”) are the usual cause.",
  },
  {
    code: "RQ9202",
    name: "unknown-config-key",
    severity: "error",
    phase: "tooling",
    message: "`{key}` is not a configuration key; the keys are `catalog`, `rules` and `ignore`",
    variants: {
      didYouMean: "`{key}` is not a configuration key; did you mean `{suggestion}`?",
    },
    summary:
      "A key the configuration does not know is most often a typo: its setting would silently do nothing, so it is an error.",
    example: '{"catalgo": "insights"}',
    fix: "Correct the key; the fix (safe) writes the key it is closest to.",
  },
  {
    code: "RQ9203",
    name: "unknown-rule-in-config",
    severity: "error",
    phase: "tooling",
    message: "`{rule}` is not a reportql code or name; `reportql explain CODE` describes the codes",
    variants: {
      didYouMean: "`{rule}` is not a reportql code or name; did you mean `{suggestion}`?",
    },
    summary:
      "A key of `rules` names no diagnostic code or name, so its severity would apply to nothing. `reportql rules` lists the codes and names.",
    example: '{"rules": {"RQ2O15": "off"}}',
    fix: "Correct the code or name. The fix writes the closest one; it is a guess, so it is unsafe: check the code it names.",
  },
  {
    code: "RQ9204",
    name: "invalid-rule-severity",
    severity: "error",
    phase: "tooling",
    message: "Expected `off`, `hint`, `info`, `warn` or `error`, found {found}",
    summary:
      "A rule's severity is one of five words; any other value is an error and the rule keeps its default.",
    example: '{"rules": {"RQ2015": "loud"}}',
    fix: "Write `off`, `hint`, `info`, `warn` or `error`.",
  },
  {
    code: "RQ9205",
    name: "invalid-config-value",
    severity: "error",
    phase: "tooling",
    message: "The configuration is an object with `catalog`, `rules` and `ignore`, not {found}",
    variants: {
      catalog: "`catalog` takes `insights`, `marketplace`, `all` or the path of a catalog file, not {found}",
      rules:
        "`rules` takes an object mapping codes or names to `off`, `hint`, `info`, `warn` or `error`, not {found}",
      ignore: "`ignore` takes an array of glob patterns, not {found}",
      ignoreEntry: "An `ignore` entry is a glob pattern (a string), not {found}",
      emptyPattern: "An empty pattern matches no file; write a glob such as `legacy/**`, or remove it",
    },
    summary:
      "A configuration setting has a value of the wrong kind; that setting is ignored, the others apply.",
    example: '{"ignore": "legacy/**"}',
    fix: "Write the value the message names.",
  },
  {
    code: "RQ9206",
    name: "repeated-config-setting",
    severity: "warning",
    phase: "tooling",
    message: "`{key}` is written more than once; only the last is used, so remove the others",
    variants: {
      sameCode: "`{key}` sets {code}, as `{earlier}` does; only the last is used, so remove the others",
    },
    summary:
      "JSON readers keep the last of two equal keys, so the earlier setting is dropped without a word; a code and its name set the same rule.",
    example: '{"rules": {"RQ2015": "off", "default-timespan": "warn"}}',
    fix: "Keep one setting and remove the others.",
  },
  {
    code: "RQ9207",
    name: "retired-rule-in-config",
    severity: "warning",
    phase: "tooling",
    message:
      "{code} ({name}) is retired and replaced by {replacement} ({replacementName}); the setting applies to {replacement}: write `{suggestion}` instead",
    variants: {
      notReplaced:
        "{code} ({name}) is retired and no longer reported, so this setting does nothing; remove it (`reportql explain {code}` says why)",
    },
    summary:
      "A rule names a code reportql no longer reports. When another code took over its check, the setting applies to that code (unless it is set itself); otherwise it does nothing.",
    example: '{"rules": {"RQ9106": "off"}}',
    fix: "Write the code that replaced it (a safe fix does), or remove the setting.",
  },
  {
    code: "RQ9208",
    name: "unreadable-config",
    severity: "error",
    phase: "tooling",
    message: "The configuration cannot be read: {reason}",
    summary:
      "A configuration file exists but could not be read (it is a folder, or has no read permission), or a library caller passed something other than text.",
    example: "reportql check (in a folder holding a folder named reportql.config.json)",
    fix: "Make the file readable, or remove what stands in its place.",
  },
  {
    code: "RQ9209",
    name: "unusable-config-catalog",
    severity: "error",
    phase: "tooling",
    message:
      "`{catalog}` is neither a built-in catalog nor a readable file (`{path}`); write `all`, `insights`, `marketplace` or the path of a catalog file, relative to this file",
    variants: {
      unusable:
        "The catalog file `{catalog}` cannot be used (`{path}`); `reportql check --catalog {catalog}` lists its problems",
    },
    summary:
      "The configuration's `catalog` names a file that cannot be read or holds no usable catalog. `reportql check` stops with an error; the language server checks with the `all` catalog meanwhile and shows this on the configuration file when it is open.",
    example: "reportql lsp (editing a reportql.config.json whose `catalog` is `cats/missing.json`)",
    fix: "Correct the path (relative to the configuration file), or write a built-in catalog's name.",
  },
] as const satisfies readonly DiagnosticDefinition[];
