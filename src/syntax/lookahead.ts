/**
 * The parser's lookahead, precomputed. Chevrotain's default strategy computes, for every `OR`,
 * `OPTION` and `MANY` of the grammar, the token paths (up to `maxLookahead` tokens) that choose each
 * alternative, at `performSelfAnalysis`: about 55 ms of every process start, for a grammar that only
 * changes with the source. `scripts/gen-grammar.ts` records those paths once (`lookahead-record.ts`,
 * through Chevrotain's public `getLookaheadPaths`) into `lookahead.generated.ts`, and this strategy
 * (Chevrotain's documented `ILookaheadStrategy` extension point) builds the decision functions from
 * them. A test fails when the committed table differs from the live grammar's paths, and a decision
 * missing from the table (a grammar edited without `npm run gen`) falls back to computing it.
 *
 * The functions are those Chevrotain's LL(k) strategy builds from the same paths (chevrotain 13.2.0,
 * `parse/grammar/lookahead.js`, MIT licence): a table lookup when every path is one token long,
 * otherwise a walk over the paths; gates (`GATE`) are asked first when the `OR` has any.
 */
import {
  EOF,
  type ILookaheadStrategy,
  type ILookaheadValidationError,
  type IOrAlt,
  type IToken,
  LLkLookaheadStrategy,
  type OptionalProductionType,
  type Rule,
  type TokenType,
} from "chevrotain";

/** Paths of an alternation (per alternative, per path, the token names), or of an optional production. */
export type LookaheadTable = Readonly<Record<string, readonly (readonly (readonly string[])[])[]>>;

/** The key of one decision in the table. */
export function lookaheadKey(
  rule: string,
  prodType: string,
  occurrence: number,
  maxLookahead: number,
): string {
  return `${rule}|${prodType}|${occurrence}|${maxLookahead}`;
}

/** What a lookahead function sees of the parser: Chevrotain's unchecked `LA` (sentinels pad the input). */
interface Reader {
  LA_FAST(howMuch: number): IToken;
}

type Matcher = (token: IToken, type: TokenType) => boolean;

const matchExact: Matcher = (token, type) => token.tokenTypeIdx === type.tokenTypeIdx;
const matchWithCategories: Matcher = (token, type) =>
  token.tokenTypeIdx === type.tokenTypeIdx ||
  (type.isParent === true && type.categoryMatchesMap?.[token.tokenTypeIdx] === true);

function matcherFor(alternatives: readonly TokenType[][][]): Matcher {
  const categories = alternatives.some((paths) =>
    paths.some((path) => path.some((type) => (type.categoryMatches?.length ?? 0) > 0)),
  );
  return categories ? matchWithCategories : matchExact;
}

/** Whether one of `paths` matches the next tokens. */
function anyPathMatches(reader: Reader, paths: readonly TokenType[][], match: Matcher): boolean {
  nextPath: for (const path of paths) {
    for (let i = 0; i < path.length; i++)
      if (!match(reader.LA_FAST(i + 1), path[i] as TokenType)) continue nextPath;
    return true;
  }
  return false;
}

const oneToken = (alternatives: readonly TokenType[][][]) =>
  alternatives.every((paths) => paths.every((path) => path.length === 1));

/** The decision function of an `OR`: the index of the alternative to take, `undefined` for none. */
export function alternationLookahead(
  alternatives: readonly TokenType[][][],
  hasPredicates: boolean,
): (this: Reader, orAlts?: IOrAlt<unknown>[]) => number | undefined {
  const match = matcherFor(alternatives);
  if (hasPredicates)
    return function (this: Reader, orAlts) {
      for (let t = 0; t < alternatives.length; t++) {
        const gate = orAlts?.[t]?.GATE;
        if (gate !== undefined && gate.call(this) === false) continue;
        if (anyPathMatches(this, alternatives[t] as TokenType[][], match)) return t;
      }
      return undefined;
    };
  if (oneToken(alternatives)) {
    const choice: Record<number, number> = {};
    alternatives.forEach((paths, index) => {
      for (const [type] of paths) {
        if (type === undefined) continue;
        if (!((type.tokenTypeIdx as number) in choice)) choice[type.tokenTypeIdx as number] = index;
        for (const extending of type.categoryMatches ?? [])
          if (!Object.hasOwn(choice, extending)) choice[extending] = index;
      }
    });
    return function (this: Reader) {
      return choice[this.LA_FAST(1).tokenTypeIdx];
    };
  }
  return function (this: Reader) {
    for (let t = 0; t < alternatives.length; t++)
      if (anyPathMatches(this, alternatives[t] as TokenType[][], match)) return t;
    return undefined;
  };
}

/** The decision function of an `OPTION`, `MANY` or `AT_LEAST_ONE`: whether to go in (again). */
export function optionalLookahead(paths: readonly TokenType[][]): (this: Reader) => boolean {
  const match = matcherFor([paths as TokenType[][]]);
  if (oneToken([paths as TokenType[][]])) {
    const types = paths.map((path) => path[0] as TokenType);
    const only = types[0];
    if (types.length === 1 && only !== undefined && (only.categoryMatches?.length ?? 0) === 0) {
      const expected = only.tokenTypeIdx;
      return function (this: Reader) {
        return this.LA_FAST(1).tokenTypeIdx === expected;
      };
    }
    const accepted: boolean[] = [];
    for (const type of types) {
      accepted[type.tokenTypeIdx as number] = true;
      for (const extending of type.categoryMatches ?? []) accepted[extending] = true;
    }
    return function (this: Reader) {
      return accepted[this.LA_FAST(1).tokenTypeIdx] === true;
    };
  }
  return function (this: Reader) {
    return anyPathMatches(this, paths as TokenType[][], match);
  };
}

/**
 * The strategy: decisions from `table` (token names resolved against `tokens`), Chevrotain's own
 * LL(k) computation for any decision the table lacks, and its validations (run only in tests).
 */
export class PrecomputedLookahead implements ILookaheadStrategy {
  private readonly computed: ILookaheadStrategy;
  private readonly byName: ReadonlyMap<string, TokenType>;

  constructor(
    private readonly table: LookaheadTable,
    tokens: readonly TokenType[],
    maxLookahead: number,
  ) {
    this.computed = new LLkLookaheadStrategy({ maxLookahead });
    this.byName = new Map([EOF, ...tokens].map((t) => [t.name, t]));
  }

  validate(options: {
    rules: Rule[];
    tokenTypes: TokenType[];
    grammarName: string;
  }): ILookaheadValidationError[] {
    return this.computed.validate(options);
  }

  buildLookaheadForAlternation(options: {
    prodOccurrence: number;
    rule: Rule;
    maxLookahead: number;
    hasPredicates: boolean;
    dynamicTokensEnabled: boolean;
  }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const key = lookaheadKey(options.rule.name, "Alternation", options.prodOccurrence, options.maxLookahead);
    const alternatives = this.resolve(this.table[key]);
    if (alternatives === undefined || options.dynamicTokensEnabled)
      return this.computed.buildLookaheadForAlternation(options);
    return alternationLookahead(alternatives, options.hasPredicates) as (
      orAlts?: IOrAlt<unknown>[],
    ) => number | undefined;
  }

  buildLookaheadForOptional(options: {
    prodOccurrence: number;
    prodType: OptionalProductionType;
    rule: Rule;
    maxLookahead: number;
    dynamicTokensEnabled: boolean;
  }): () => boolean {
    const key = lookaheadKey(
      options.rule.name,
      options.prodType,
      options.prodOccurrence,
      options.maxLookahead,
    );
    const [inside] = this.resolve(this.table[key]) ?? [];
    if (inside === undefined || options.dynamicTokensEnabled)
      return this.computed.buildLookaheadForOptional(options);
    return optionalLookahead(inside) as () => boolean;
  }

  /** Token types for token names; `undefined` when the entry is missing or names an unknown token. */
  private resolve(entry: LookaheadTable[string] | undefined): TokenType[][][] | undefined {
    if (entry === undefined) return undefined;
    const resolved: TokenType[][][] = [];
    for (const paths of entry) {
      const out: TokenType[][] = [];
      for (const path of paths) {
        const types: TokenType[] = [];
        for (const name of path) {
          const type = this.byName.get(name);
          if (type === undefined) return undefined;
          types.push(type);
        }
        out.push(types);
      }
      resolved.push(out);
    }
    return resolved;
  }
}
