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
import type * as FakerModule from "@faker-js/faker";
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
export function planDataset(
  dataset: DatasetInfo,
  options: DataOptions,
  faker: typeof FakerModule,
): ColumnPlan[] {
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
  faker: typeof FakerModule,
): string[] {
  if (kind.values !== undefined) return [...kind.values];
  const f = new faker.Faker({ locale: [faker.en, faker.base] });
  f.seed(seed);
  const size =
    entitySize !== undefined && IDENTIFYING.has(kind.domain) ? entitySize : POOL_SIZES[kind.domain];
  const fixed = FIXED_POOLS[kind.domain];
  if (fixed !== undefined) return [...fixed];
  const draw = DRAWS[kind.domain] ?? ((g: FakerModule.Faker) => capitalise(g.word.noun()));
  // Documented filter values first, so `CustomerMarket = 'United States'` and `ResellerMarket = 'US'` find rows.
  const pool = kind.domain === "country" ? ["United States"] : kind.domain === "countryCode" ? ["US"] : [];
  const seen = new Set(pool);
  for (let tries = 0; pool.length < size && tries < size * 4; tries++) {
    const value = draw(f);
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

const DRAWS: Partial<Record<TextDomain, (f: FakerModule.Faker) => string>> = {
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

/** A SELECT that computes one column for rows `0 .. rows-1`, in row order, with its parameters. */
export function columnSelect(
  plan: ColumnPlan,
  dataset: DatasetInfo,
  options: DataOptions,
  now: Date,
): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [];
  const expression = columnExpression(plan, dataset, now, params);
  const sql = `SELECT ${expression} AS "c${plan.index}" FROM range(${Math.max(0, Math.floor(options.rows))}) AS r(i) ORDER BY i`;
  return { sql, params };
}

function columnExpression(plan: ColumnPlan, dataset: DatasetInfo, now: Date, params: SqlValue[]): string {
  const own = mixSql("i", plan.salt);
  const kind = plan.kind;
  switch (kind.kind) {
    case "flag":
      return `CAST(${own} % 2 AS BIGINT)`;
    case "count":
      return `CAST(${own} % ${kind.max + 1} AS BIGINT)`;
    case "amount": {
      const scale = 10 ** kind.decimals;
      return `CAST(${own} % ${kind.max * scale} AS DOUBLE) / ${scale}`;
    }
    case "day":
    case "timestamp":
      return dateExpression(plan, dataset, now, params);
    default:
      return textExpression(plan, params);
  }
}

function textExpression(plan: ColumnPlan, params: SqlValue[]): string {
  const pool = plan.pool?.() ?? [];
  if (pool.length === 0) return "CAST(NULL AS VARCHAR)";
  params.push(...pool);
  const list = `list_value(${pool.map((_, i) => `$${params.length - pool.length + i + 1}`).join(", ")})`;
  const entity = plan.entity;
  let index: string;
  if (entity === undefined) index = `${mixSql("i", plan.salt)} % ${pool.length}`;
  else {
    const number = `(${mixSql("i", entity.salt)} % ${entity.size})`;
    // An identifying pool has one value per entity; an attribute is a fixed function of the entity.
    index = pool.length === entity.size ? number : `${mixSql(number, plan.salt)} % ${pool.length}`;
  }
  return `${list}[1 + CAST(${index} AS BIGINT)]`;
}

/** The row's day: recent rows first, then spread; other dates sit before or after it. */
function dateExpression(plan: ColumnPlan, dataset: DatasetInfo, now: Date, params: SqlValue[]): string {
  params.push(startOfDay(now).toISOString().slice(0, 10));
  const today = `CAST($${params.length} AS DATE)`;
  const rowSalt = salt(`${dataset.name}:row-day`);
  const back = `CASE WHEN i < ${RECENT_ROWS} THEN i ELSE ${mixSql("i", rowSalt)} % ${SPAN_DAYS} END`;
  const isTime = timeColumn(dataset) === plan.column;
  const after = /(end|expir|lost|cancel|payout|sent)/i.test(plan.column.name);
  const shift = isTime ? "" : ` ${after ? "+" : "-"} CAST(${mixSql("i", plan.salt)} % 365 AS INTEGER)`;
  const day = `(${today} - CAST(${back} AS INTEGER)${shift})`;
  if (plan.kind.kind === "timestamp")
    return `CAST(${day} AS TIMESTAMP) + to_seconds(CAST(${mixSql("i", plan.salt ^ 0x5bd1e995)} % 86400 AS BIGINT))`;
  return plan.kind.kind === "day" && plan.kind.monthly ? `CAST(date_trunc('month', ${day}) AS DATE)` : day;
}
