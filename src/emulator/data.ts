/**
 * Deterministic synthetic rows for any dataset of a catalog.
 *
 * Each column has a plan (infer.ts) and, for text, a pool of values drawn with a seeded faker. Rows
 * are then computed by the engine from the row number alone: `mix(row, salt)` (a 32-bit integer hash
 * written in portable integer arithmetic) picks pool entries, amounts and day offsets. So a column
 * can be built on its own, when a query first needs it, and the data depends only on the seed, the
 * row count and the clock's day, not on the engine's version or on which columns were built before.
 *
 * Realism where it is cheap: columns of one entity (`CustomerName`, `CustomerId`, `CustomerCountry`)
 * draw from the same entity number, so a customer keeps its name, id and country; the first 14 rows
 * fall on the last 14 days so `TODAY`, `YESTERDAY` and `LAST_7_DAYS` have data, and the rest spread
 * over about three years so every TIMESPAN does; amounts have cents; flags are 0/1.
 */
import type { Faker } from "@faker-js/faker";
import type { ColumnInfo, DatasetInfo } from "../semantic/catalog.js";
import { storageType, type TextDomain, timeColumn, type ValueKind, valueKind } from "./infer.js";
import type { SqlValue, StorageType } from "./sql.js";
import { startOfDay } from "./window.js";

export interface DataOptions {
  readonly seed: number;
  readonly rows: number;
}

/** How one column is generated. */
export interface ColumnPlan {
  readonly column: ColumnInfo;
  /** Position in the dataset: the stored name is `c<index>`. */
  readonly index: number;
  readonly storage: StorageType;
  readonly kind: ValueKind;
  /** Columns of one entity share its number. */
  readonly entity: { readonly salt: number; readonly size: number } | undefined;
  readonly salt: number;
  /** A text column's values, drawn on first use (faker is the slow part of planning). */
  readonly pool: (() => readonly string[]) | undefined;
}

/** The days the synthetic dates spread over, back from today. */
export const SPAN_DAYS = 3 * 365;

/** The rows that fall on the most recent days, one per day. */
const RECENT_ROWS = 14;

const ENTITIES: readonly [RegExp, string, number][] = [
  [/^(customer|account|duns|tenantdomain|firstname|lastname|email$)/i, "customer", 400],
  [/^(partner|mpn|pga|provider|indirectprovider)/i, "partner", 40],
  [/^reseller/i, "reseller", 60],
  [/^(offer|plan|sku|product|privateoffer|servicePlan)/i, "offer", 12],
  [/^(subscription|marketplacesubscription)/i, "subscription", 1500],
  [/^(order|purchaserecord)/i, "order", 4000],
];

const POOL_SIZES: Readonly<Record<TextDomain, number>> = {
  uuid: 500,
  digits: 500,
  company: 300,
  person: 300,
  first: 200,
  last: 200,
  email: 400,
  domain: 300,
  country: 40,
  countryCode: 40,
  city: 120,
  state: 40,
  postal: 200,
  street: 300,
  currency: 8,
  level: 3,
  product: 30,
  word: 12,
};

/** Values that identify an entity: one per entity, so the entity number picks it directly. */
const IDENTIFYING: ReadonlySet<TextDomain> = new Set([
  "uuid",
  "digits",
  "company",
  "person",
  "email",
  "domain",
]);

/** FNV-1a of a string: salts from names, so a column's data does not depend on its position. */
export function salt(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The 32-bit integer hash the SQL computes (see `mixSql`), in JavaScript, for tests. */
export function mix(row: number, s: number): number {
  let x = (row ^ s) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** The same hash in SQL: BIGINT arithmetic that never overflows (operands < 2^32, multiplier < 2^27). */
export function mixSql(row: string, s: number): string {
  const round = (x: string) => `((xor(${x}, ${x} >> 16) * 73244475) % 4294967296)`;
  const x0 = `xor(${row}, ${s >>> 0})`;
  const x2 = round(round(x0));
  return `xor(${x2}, ${x2} >> 16)`;
}

/** Plans every column of a dataset; pools are drawn from faker seeded per column. */
export function planDataset(dataset: DatasetInfo, options: DataOptions, faker: Faker): ColumnPlan[] {
  return dataset.columns.map((column, index) => {
    const kind = valueKind(column);
    const s = salt(`${options.seed}:${dataset.name}:${column.name}`);
    const entityRule = ENTITIES.find(([pattern]) => pattern.test(column.name));
    const entity =
      entityRule === undefined
        ? undefined
        : { salt: salt(`${options.seed}:${dataset.name}:${entityRule[1]}`), size: entityRule[2] };
    const pool = kind.kind === "text" ? memo(() => textPool(kind, entity?.size, s, faker)) : undefined;
    return { column, index, storage: storageType(kind), kind, entity, salt: s, pool };
  });
}

function memo<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

function textPool(
  kind: Extract<ValueKind, { kind: "text" }>,
  entitySize: number | undefined,
  seed: number,
  faker: Faker,
): string[] {
  if (kind.values !== undefined) return [...kind.values];
  // One generator, reseeded per pool: building one costs about as much as a pool.
  faker.seed(seed);
  const size =
    entitySize !== undefined && IDENTIFYING.has(kind.domain) ? entitySize : POOL_SIZES[kind.domain];
  const fixed = FIXED_POOLS[kind.domain];
  if (fixed !== undefined) return [...fixed];
  const draw = DRAWS[kind.domain] ?? ((g: Faker) => capitalise(g.word.noun()));
  // Documented filter values first, so `CustomerMarket = 'United States'` and `ResellerMarket = 'US'` find rows.
  const pool = kind.domain === "country" ? ["United States"] : kind.domain === "countryCode" ? ["US"] : [];
  const seen = new Set(pool);
  for (let tries = 0; pool.length < size && tries < size * 4; tries++) {
    const value = draw(faker);
    if (!seen.has(value)) {
      seen.add(value);
      pool.push(value);
    }
  }
  return pool;
}

const FIXED_POOLS: Partial<Record<TextDomain, readonly string[]>> = {
  currency: ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "INR", "BRL"],
  level: ["High", "Medium", "Low"],
};

const DRAWS: Partial<Record<TextDomain, (f: Faker) => string>> = {
  uuid: (f) => f.string.uuid(),
  digits: (f) => f.string.numeric({ length: 7, allowLeadingZeros: false }),
  company: (f) => f.company.name(),
  person: (f) => f.person.fullName(),
  first: (f) => f.person.firstName(),
  last: (f) => f.person.lastName(),
  email: (f) => f.internet.email().toLowerCase(),
  domain: (f) => f.internet.domainName(),
  country: (f) => f.location.country(),
  countryCode: (f) => f.location.countryCode(),
  city: (f) => f.location.city(),
  state: (f) => f.location.state(),
  postal: (f) => f.location.zipCode("#####"),
  street: (f) => f.location.streetAddress(),
  product: (f) => f.commerce.productName(),
};

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The hashes a SELECT needs, each computed once in stacked projections. Written inline, each round
 * of `mixSql` repeats its input twice, so a hash of a hash grows to dozens of copies and a wide
 * dataset's statement took seconds to plan; named intermediate columns keep it linear.
 */
class Hashes {
  private readonly byRow = new Map<number, string>();
  private readonly byEntity = new Map<string, { entity: string; salt: number }>();
  private readonly entities = new Map<string, { salt: number; size: number }>();

  /** `mix(i, salt)`, by the name of its column. */
  row(s: number): string {
    const key = s >>> 0;
    let name = this.byRow.get(key);
    if (name === undefined) {
      name = `h${this.byRow.size}`;
      this.byRow.set(key, name);
    }
    return name;
  }

  /** The entity number of a group (`mix(i, salt) % size`), by the name of its column. */
  entity(e: { salt: number; size: number }): string {
    const name = `e${e.salt >>> 0}`;
    this.entities.set(name, e);
    return name;
  }

  /** `mix(entity number, salt)`, by the name of its column. */
  ofEntity(e: { salt: number; size: number }, s: number): string {
    const entity = this.entity(e);
    const name = `g${this.byEntity.size}`;
    this.byEntity.set(name, { entity, salt: s >>> 0 });
    return name;
  }

  /** The FROM clause: rows, then the row hashes, the entity numbers, and the entity hashes. */
  from(rows: number): string {
    for (const e of this.entities.values()) this.row(e.salt);
    let from = `range(${rows}) AS r(i)`;
    from = stackMix(
      from,
      [...this.byRow].map(([salt, name]) => ({ name, input: "i", salt })),
    );
    const numbers = [...this.entities].map(([name, e]) => `${this.row(e.salt)} % ${e.size} AS ${name}`);
    if (numbers.length > 0) from = `(SELECT *, ${numbers.join(", ")} FROM ${from})`;
    return stackMix(
      from,
      [...this.byEntity].map(([name, h]) => ({ name, input: h.entity, salt: h.salt })),
    );
  }
}

/** Three projections computing `mix(input, salt)` into each request's column. */
function stackMix(from: string, requests: readonly { name: string; input: string; salt: number }[]): string {
  if (requests.length === 0) return from;
  const round = (x: string) => `((xor(${x}, ${x} >> 16) * 73244475) % 4294967296)`;
  const layer = (f: (r: (typeof requests)[number]) => string, inner: string) =>
    `(SELECT *, ${requests.map((r) => `${f(r)} AS ${r.name}_t`).join(", ")} FROM ${inner})`;
  const rename = (inner: string) =>
    `(SELECT * EXCLUDE (${requests.map((r) => `${r.name}_t`).join(", ")}), ${requests.map((r) => `${r.name}_t AS ${r.name}_u`).join(", ")} FROM ${inner})`;
  const x0 = rename(layer((r) => `xor(${r.input}, ${r.salt})`, from));
  const x1 = `(SELECT * EXCLUDE (${requests.map((r) => `${r.name}_u`).join(", ")}), ${requests.map((r) => `${round(`${r.name}_u`)} AS ${r.name}_v`).join(", ")} FROM ${x0})`;
  const x2 = `(SELECT * EXCLUDE (${requests.map((r) => `${r.name}_v`).join(", ")}), ${requests.map((r) => `${round(`${r.name}_v`)} AS ${r.name}_w`).join(", ")} FROM ${x1})`;
  return `(SELECT * EXCLUDE (${requests.map((r) => `${r.name}_w`).join(", ")}), ${requests.map((r) => `xor(${r.name}_w, ${r.name}_w >> 16) AS ${r.name}`).join(", ")} FROM ${x2})`;
}

/** A SELECT that computes some columns for rows `0 .. rows-1`, in row order, with its parameters. */
export function columnsSelect(
  plans: readonly ColumnPlan[],
  dataset: DatasetInfo,
  options: DataOptions,
  now: Date,
): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [];
  const hashes = new Hashes();
  const expressions = plans.map(
    (plan) => `${columnExpression(plan, dataset, now, params, hashes)} AS "c${plan.index}"`,
  );
  const rows = Math.max(0, Math.floor(options.rows));
  // No ORDER BY: the rows come out of `range` in order and projections keep it (the engine sets
  // DuckDB's preserve_insertion_order); sorting 1,000,000 rows was 40% of a build's CPU.
  return { sql: `SELECT ${expressions.join(", ")} FROM ${hashes.from(rows)}`, params };
}

function columnExpression(
  plan: ColumnPlan,
  dataset: DatasetInfo,
  now: Date,
  params: SqlValue[],
  hashes: Hashes,
): string {
  const kind = plan.kind;
  switch (kind.kind) {
    case "flag":
      return `CAST(${hashes.row(plan.salt)} % 2 AS BIGINT)`;
    case "count":
      return `CAST(${hashes.row(plan.salt)} % ${kind.max + 1} AS BIGINT)`;
    case "amount": {
      const scale = 10 ** kind.decimals;
      return `CAST(${hashes.row(plan.salt)} % ${kind.max * scale} AS DOUBLE) / ${scale}`;
    }
    case "day":
    case "timestamp":
      return dateExpression(plan, dataset, now, params, hashes);
    default:
      return textExpression(plan, params, hashes);
  }
}

function textExpression(plan: ColumnPlan, params: SqlValue[], hashes: Hashes): string {
  const pool = plan.pool?.() ?? [];
  if (pool.length === 0) return "CAST(NULL AS VARCHAR)";
  // One list parameter per pool: a parameter per value makes statements slow to plan.
  params.push(pool);
  const list = `CAST($${params.length} AS VARCHAR[])`;
  const entity = plan.entity;
  let index: string;
  if (entity === undefined) index = `${hashes.row(plan.salt)} % ${pool.length}`;
  // An identifying pool has one value per entity; an attribute is a fixed function of the entity.
  else if (pool.length === entity.size) index = hashes.entity(entity);
  else index = `${hashes.ofEntity(entity, plan.salt)} % ${pool.length}`;
  return `${list}[1 + CAST(${index} AS BIGINT)]`;
}

/** The row's day: recent rows first, then spread; other dates sit before or after it. */
function dateExpression(
  plan: ColumnPlan,
  dataset: DatasetInfo,
  now: Date,
  params: SqlValue[],
  hashes: Hashes,
): string {
  params.push(startOfDay(now).toISOString().slice(0, 10));
  const today = `CAST($${params.length} AS DATE)`;
  const rowDay = hashes.row(salt(`${dataset.name}:row-day`));
  const back = `CASE WHEN i < ${RECENT_ROWS} THEN i ELSE ${rowDay} % ${SPAN_DAYS} END`;
  const isTime = timeColumn(dataset) === plan.column;
  const after = /(end|expir|lost|cancel|payout|sent)/i.test(plan.column.name);
  const shift = isTime ? "" : ` ${after ? "+" : "-"} CAST(${hashes.row(plan.salt)} % 365 AS INTEGER)`;
  const day = `(${today} - CAST(${back} AS INTEGER)${shift})`;
  if (plan.kind.kind === "timestamp")
    return `CAST(${day} AS TIMESTAMP) + to_seconds(CAST(${hashes.row(plan.salt ^ 0x5bd1e995)} % 86400 AS BIGINT))`;
  return plan.kind.kind === "day" && plan.kind.monthly ? `CAST(date_trunc('month', ${day}) AS DATE)` : day;
}
