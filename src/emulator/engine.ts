/**
 * Runs resolved queries on an embedded DuckDB. Tables are made lazily: a synthetic dataset is a set
 * of tables (`d<dataset>_b<n>`), each holding the columns a query needed first and no table had,
 * joined by position in a view (`d<dataset>`), so a 1,000,000-row dataset costs only the columns
 * queries touch. Rows a user loaded from CSV replace the synthetic ones for their dataset.
 * Nothing here throws on user input: problems come back as values.
 */
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { Catalog, ColumnInfo, DatasetInfo } from "../semantic/catalog.js";
import type { ResolvedQuery } from "../semantic/resolve.js";
import { type ColumnPlan, columnsSelect, type DataOptions, planDataset } from "./data.js";
import { type EmulatorDeps, type Importer, loadEmulatorDeps, type MissingDependencies } from "./deps.js";
import { timeColumn } from "./infer.js";
import { quoteIdentifier, type StorageType, type TableLayout, translate } from "./sql.js";
import { badCellMessage, loadRowsSql, type UserTable } from "./user-rows.js";
import type { TimeWindow } from "./window.js";

/** A value of a result row: text, a number, or empty. Dates are text as the CSV writes them. */
export type Cell = string | number | null;

export interface QueryRows {
  readonly ok: true;
  /** The selected columns in order (the catalog's spelling). */
  readonly columns: readonly string[];
  readonly types: readonly StorageType[];
  /** Rows keyed by the selected column names. */
  readonly rows: readonly Record<string, Cell>[];
}

export interface EngineProblem {
  readonly ok: false;
  readonly message: string;
}

export interface EngineOptions {
  readonly catalog: Catalog;
  /** Seed of the synthetic data (default 1). */
  readonly seed?: number;
  /** Synthetic rows per dataset (default 10,000). */
  readonly rows?: number;
  /**
   * The emulator's clock. TIMESPAN windows follow it; a dataset's synthetic dates are relative to its
   * reading when the dataset is first used, and stay put afterwards (real data does not move either).
   */
  readonly now?: () => Date;
  /** Injected libraries (tests); loaded with `loadEmulatorDeps` otherwise. */
  readonly deps?: EmulatorDeps;
  /** How the libraries are imported when not injected (a seam for tests of a missing package). */
  readonly importer?: Importer;
}

export interface RunOptions {
  /** Replaces the TIMESPAN window (`QueryStartTime`/`QueryEndTime`). */
  readonly window?: TimeWindow;
  /** The try query's cap on rows, applied on top of `LIMIT`. */
  readonly rowCap?: number;
}

/** The documented try-query caps: 100 rows on the insights (mpn) pages, 10 on the marketplace (cmp) ones. */
export const TRY_QUERY_ROW_CAP = { insights: 100, marketplace: 10 } as const;

export const DEFAULT_ROWS = 10_000;

export class EmulatorEngine {
  private data: DataOptions;
  private readonly now: () => Date;
  private readonly plans = new Map<DatasetInfo, ColumnPlan[]>();
  /** Per dataset, the built columns and the table holding each (one table per build). */
  private readonly built = new Map<DatasetInfo, Map<number, string>>();
  private readonly userTables = new Map<DatasetInfo, UserTable>();
  /** Per dataset, the clock reading its synthetic dates are relative to: every table of it agrees. */
  private readonly anchors = new Map<DatasetInfo, Date>();
  /** One statement at a time: builds must not interleave with the queries that need them. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly deps: EmulatorDeps,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly catalog: Catalog,
    options: EngineOptions,
  ) {
    // Both are written into SQL as numbers: keep them whole and finite.
    const whole = (n: number | undefined, fallback: number) =>
      Number.isFinite(n) ? Math.max(0, Math.floor(n as number)) : fallback;
    this.data = { seed: whole(options.seed, 1), rows: whole(options.rows, DEFAULT_ROWS) };
    this.now = options.now ?? (() => new Date());
  }

  /** Opens an in-memory engine, or says which packages to install. */
  static async open(options: EngineOptions): Promise<EmulatorEngine | MissingDependencies> {
    const deps = options.deps ?? (await loadEmulatorDeps(options.importer));
    if ("kind" in deps) return deps;
    const instance = await deps.duckdb.DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    // The tables of a dataset line up by position: their rows must stay in `range` order (the
    // default, said here because positional joins depend on it).
    await connection.run("SET preserve_insertion_order = true");
    return new EmulatorEngine(deps, instance, connection, options.catalog, options);
  }

  get seed(): number {
    return this.data.seed;
  }

  get rows(): number {
    return this.data.rows;
  }

  /**
   * Drops the synthetic tables and plans them again from a seed and row count (`POST
   * /_emulator/seed`): the same seed gives the same rows. Rows loaded from CSV stay.
   */
  reseed(seed: number, rows: number): Promise<void> {
    return this.serial(async () => {
      for (const [dataset, built] of this.built) {
        const d = this.catalog.datasets.indexOf(dataset);
        await this.connection.run(`DROP VIEW IF EXISTS ${quoteIdentifier(`d${d}`)}`);
        for (const table of new Set(built.values()))
          await this.connection.run(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
      }
      this.built.clear();
      this.plans.clear();
      this.anchors.clear();
      this.data = { seed: Math.max(0, Math.floor(seed)), rows: Math.max(0, Math.floor(rows)) };
    });
  }

  /** Replaces a dataset's synthetic rows by rows from CSV text (header row = column names). */
  loadCsv(datasetName: string, text: string): Promise<{ ok: true; rows: number } | EngineProblem> {
    return this.serial(async () => {
      const dataset = this.catalog.dataset(datasetName);
      if (dataset === undefined) return { ok: false, message: `Unknown dataset \`${datasetName}\`` };
      const plans = this.plan(dataset);
      const relation = `u${this.catalog.datasets.indexOf(dataset)}`;
      const load = loadRowsSql(this.deps.parseCsv, text, plans, relation);
      if (!load.ok) return load;
      for (const step of load.steps)
        await this.connection.run(
          step.sql,
          step.params.map((cells) => this.deps.duckdb.listValue([...cells])),
        );
      const bad = await this.connection.runAndReadAll(load.check);
      const problem = badCellMessage(bad.getRowsJS()[0], plans);
      if (problem !== undefined) return { ok: false, message: problem };
      this.userTables.set(dataset, { relation, rows: load.rows });
      return { ok: true, rows: load.rows };
    });
  }

  /** Runs a resolved query and returns its rows. */
  run(query: ResolvedQuery, options: RunOptions = {}): Promise<QueryRows | EngineProblem> {
    return this.serial(async () => {
      const layout = await this.layout(query);
      const translated = translate(query, layout, { now: this.now(), ...options });
      if (!translated.ok) return { ok: false, message: translated.message };
      const { sql, params, columns } = translated.translation;
      const reader = await this.connection.runAndReadAll(sql, params as (string | number)[]);
      const names = columns.map((c) => c.name);
      const rows = reader.getRowsJS().map((row) => {
        const out: Record<string, Cell> = {};
        columns.forEach((column, i) => {
          out[column.name] = toCell(row[i], column.type);
        });
        return out;
      });
      return { ok: true, columns: names, types: columns.map((c) => c.type), rows };
    });
  }

  /** Closes the database; the engine is unusable afterwards. */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    // An engine failure is a value, not an exception, to the caller.
    return next.catch((error: unknown) => ({ ok: false, message: `Engine error: ${String(error)}` }) as T);
  }

  private plan(dataset: DatasetInfo): ColumnPlan[] {
    let plans = this.plans.get(dataset);
    if (plans === undefined) {
      plans = planDataset(dataset, this.data, this.deps.faker);
      this.plans.set(dataset, plans);
    }
    return plans;
  }

  /** The relation holding the query's dataset, with every column the query touches built. */
  private async layout(query: ResolvedQuery): Promise<TableLayout> {
    const dataset = query.dataset;
    const plans = this.plan(dataset);
    const time = timeColumn(dataset);
    const layoutOf = (relation: string, indexes: Iterable<number>): TableLayout => {
      const columns = new Map<ColumnInfo, { name: string; type: StorageType }>();
      for (const i of indexes) {
        const p = plans[i] as ColumnPlan;
        columns.set(p.column, { name: `c${i}`, type: p.storage });
      }
      return { relation, columns, timeColumn: time };
    };
    const user = this.userTables.get(dataset);
    if (user !== undefined) return layoutOf(user.relation, plans.keys());
    const needed = new Set(
      [...query.select, ...query.where.map((c) => c.column), ...query.orderBy.map((o) => o.column)].map(
        (c) => c.column,
      ),
    );
    if (time !== undefined) needed.add(time);
    const relation = await this.build(
      dataset,
      plans,
      [...needed].map((c) => dataset.columns.indexOf(c)),
    );
    return layoutOf(relation, this.built.get(dataset)?.keys() ?? []);
  }

  /** Builds the missing columns in one table and the view over all built ones; returns the view's name. */
  private async build(
    dataset: DatasetInfo,
    plans: readonly ColumnPlan[],
    indexes: readonly number[],
  ): Promise<string> {
    const d = this.catalog.datasets.indexOf(dataset);
    let built = this.built.get(dataset);
    if (built === undefined) {
      built = new Map();
      this.built.set(dataset, built);
    }
    const missing = [...new Set(indexes)].filter((i) => !built.has(i)).sort((a, b) => a - b);
    const view = `d${d}`;
    if (missing.length === 0 && built.size > 0) return view;
    if (missing.length > 0) {
      const table = `d${d}_b${new Set(built.values()).size}`;
      let anchor = this.anchors.get(dataset);
      if (anchor === undefined) {
        anchor = this.now();
        this.anchors.set(dataset, anchor);
      }
      const select = columnsSelect(
        missing.map((i) => plans[i] as ColumnPlan),
        dataset,
        this.data,
        anchor,
      );
      const params = select.params.map((p) =>
        typeof p === "object" ? this.deps.duckdb.listValue([...p]) : p,
      );
      await this.connection.run(`CREATE TABLE ${quoteIdentifier(table)} AS ${select.sql}`, params);
      for (const i of missing) built.set(i, table);
    }
    // Tables of one dataset hold the same rows in the same order: a positional join lines them up.
    const tables = [...new Set(built.values())].map(quoteIdentifier);
    const from = tables.length > 0 ? tables.join(" POSITIONAL JOIN ") : `range(${this.data.rows})`;
    await this.connection.run(`CREATE OR REPLACE VIEW ${quoteIdentifier(view)} AS SELECT * FROM ${from}`);
    return view;
  }
}

/** A DuckDB value as a result cell: dates as text, `2024-05-01` and `2024-05-01 13:45:00` (UTC). */
function toCell(value: unknown, type: StorageType): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  // Sums of amounts carry binary noise (50912.74300000001); no synthetic value has more decimals.
  if (typeof value === "number") return Number.isInteger(value) ? value : Number(value.toFixed(6));
  if (typeof value === "string") return value;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return type === "DATE" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  return String(value);
}
