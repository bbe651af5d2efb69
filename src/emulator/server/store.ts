/**
 * `--data DIR`: the emulator's state on disk. One snapshot file (`state.json`: queries, reports,
 * executions, the ExecuteNow quota window and the clock's offset), one file per completed
 * execution's report (`files/<executionId>`), the link-signing key (`secret`, so links given
 * before a restart still work) and `lock` (the owner's pid: one process per folder). Every file is written atomically: a temporary file with an
 * unpredictable name opened O_EXCL, fsync, rename, fsync of the folder. The handler commits after
 * every request that may change state and answers only once the commit is on disk, so an answer is
 * durable. Commits are grouped: requests that arrive while a snapshot is being written share the
 * next one (see docs/decisions/emulator-persistence.md).
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { EmulatorState, StoredExecution, StoredQuery, StoredReport } from "./state.js";

const STATE_FILE = "state.json";
const LOCK_FILE = "lock";
const SECRET_FILE = "secret";
const FILES = "files";

const date = z.iso.datetime().transform((s) => new Date(s));
const family = z.enum(["mpn", "cmp"]);

const query = z.object({
  family,
  queryId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  query: z.string(),
  type: z.enum(["userDefined", "system"]),
  createdTime: date,
});

const report = z.object({
  family,
  reportId: z.string(),
  reportName: z.string(),
  description: z.string().nullable(),
  queryId: z.string(),
  query: z.string(),
  createdTime: date,
  modifiedTime: date.nullable(),
  executeNow: z.boolean(),
  startTime: date.nullable(),
  reportStatus: z.enum(["Active", "Paused", "Inactive"]),
  recurrenceInterval: z.number().nullable(),
  recurrenceCount: z.number().nullable(),
  callbackUrl: z.string().nullable(),
  callbackMethod: z.enum(["GET", "POST"]),
  format: z.enum(["CSV", "TSV"]),
  queryStartTime: date.nullable(),
  queryEndTime: date.nullable(),
  runs: z.number(),
});

const execution = z.object({
  executionId: z.uuid(),
  reportId: z.string(),
  family,
  dueTime: date,
  executionStatus: z.enum(["Pending", "Running", "Paused", "Completed"]),
  failure: z.string().optional(),
  reportGeneratedTime: date.nullable(),
  reportExpiryTime: date.nullable(),
  reportAccessSecureLink: z.string().nullable(),
  hasFile: z.boolean(),
  format: z.enum(["CSV", "TSV"]).optional(),
});

const snapshot = z.object({
  version: z.literal(1),
  clockOffsetMs: z.number(),
  queries: z.array(query),
  reports: z.array(report),
  executions: z.array(execution),
  executeNowTimes: z.object({ mpn: z.array(z.number()), cmp: z.array(z.number()) }),
});

export interface StoreProblem {
  readonly kind: "store-error";
  readonly message: string;
}

/** What a data folder held when it was opened. */
export interface Restored {
  readonly clockOffsetMs: number;
}

export class DurableStore {
  private writing: Promise<string | undefined> | undefined;
  private queued: Promise<string | undefined> | undefined;

  private constructor(
    readonly dir: string,
    readonly secret: Buffer,
    private readonly state: EmulatorState,
    private readonly clockOffset: () => number,
  ) {}

  /**
   * Opens (creating) a data folder and loads its state into `state`, or says why it cannot: a
   * snapshot that does not parse is reported, never overwritten.
   */
  static async open(
    dir: string,
    state: EmulatorState,
    clockOffset: () => number,
  ): Promise<{ store: DurableStore; restored: Restored | undefined } | StoreProblem> {
    try {
      await mkdir(join(dir, FILES), { recursive: true, mode: 0o700 });
      const held = await lock(dir);
      if (held !== undefined) return held;
      const secret = await loadSecret(dir);
      const store = new DurableStore(dir, secret, state, clockOffset);
      const restored = await store.load();
      if ("kind" in restored) await store.release();
      return "kind" in restored ? restored : { store, restored: restored.value };
    } catch (error) {
      return problem(dir, error);
    }
  }

  /**
   * Writes the state as it is now; resolves once it is on disk, with an error message if it could
   * not be written. A commit that arrives during a write waits for the next one (its change may
   * have come after the write took its snapshot); all such commits share that next write.
   */
  commit(): Promise<string | undefined> {
    if (this.writing === undefined) {
      const write = this.write().finally(() => {
        if (this.writing === write) this.writing = undefined;
      });
      this.writing = write;
      return write;
    }
    this.queued ??= this.writing.then(() => {
      this.queued = undefined;
      return this.commit();
    });
    return this.queued;
  }

  /** Lets another process use the folder (after the last commit). */
  async release(): Promise<void> {
    await unlink(join(this.dir, LOCK_FILE)).catch(() => {});
  }

  /** Writes a completed execution's report file (before the execution is marked Completed). */
  async writeFile(executionId: string, text: string): Promise<void> {
    await writeAtomic(join(this.dir, FILES), executionId, text);
  }

  private async write(): Promise<string | undefined> {
    const text = JSON.stringify(this.serialise());
    const kept = new Set([...this.state.executions.values()].map((e) => e.executionId));
    try {
      await writeAtomic(this.dir, STATE_FILE, text);
      // Files of executions the snapshot no longer holds (deleted reports, reset) go after it.
      for (const name of await readdir(join(this.dir, FILES)))
        if (!kept.has(name) && !name.startsWith("."))
          await unlink(join(this.dir, FILES, name)).catch(() => {});
      return undefined;
    } catch (error) {
      return problem(this.dir, error).message;
    }
  }

  private serialise(): z.input<typeof snapshot> {
    const iso = (d: Date | null) => (d === null ? null : d.toISOString());
    return {
      version: 1,
      clockOffsetMs: this.clockOffset(),
      queries: [...this.state.queries.values()].map((q) => ({
        ...q,
        createdTime: q.createdTime.toISOString(),
      })),
      reports: [...this.state.reports.values()].map((r) => ({
        ...r,
        createdTime: r.createdTime.toISOString(),
        modifiedTime: iso(r.modifiedTime),
        startTime: iso(r.startTime),
        queryStartTime: iso(r.queryStartTime),
        queryEndTime: iso(r.queryEndTime),
      })),
      executions: [...this.state.executions.values()].map(({ file, ...e }) => ({
        ...e,
        dueTime: e.dueTime.toISOString(),
        reportGeneratedTime: iso(e.reportGeneratedTime),
        reportExpiryTime: iso(e.reportExpiryTime),
        hasFile: file !== undefined,
      })),
      executeNowTimes: { ...this.state.executeNowTimes },
    };
  }

  private async load(): Promise<{ value: Restored | undefined } | StoreProblem> {
    let text: string;
    try {
      text = await readFile(join(this.dir, STATE_FILE), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { value: undefined };
      throw error;
    }
    let parsed: z.output<typeof snapshot>;
    try {
      parsed = snapshot.parse(JSON.parse(text));
    } catch (error) {
      return {
        kind: "store-error",
        message: `${join(this.dir, STATE_FILE)} is not a state file this version can read (${String(error).slice(0, 300)}); move it away to start afresh`,
      };
    }
    for (const q of parsed.queries) this.state.queries.set(q.queryId, q satisfies StoredQuery);
    for (const r of parsed.reports) this.state.reports.set(r.reportId, r satisfies StoredReport);
    for (const { hasFile, ...e } of parsed.executions) {
      const stored: StoredExecution = { ...e };
      if (hasFile) {
        const path = join(this.dir, FILES, e.executionId);
        const file = await readFile(path, "utf8").catch(() => undefined);
        if (file === undefined)
          return { kind: "store-error", message: `${path} is missing (${STATE_FILE} lists it)` };
        stored.file = file;
      }
      this.state.executions.set(e.executionId, stored);
    }
    this.state.executeNowTimes.mpn = parsed.executeNowTimes.mpn;
    this.state.executeNowTimes.cmp = parsed.executeNowTimes.cmp;
    return { value: { clockOffsetMs: parsed.clockOffsetMs } };
  }
}

/**
 * One process per folder: `lock` holds the owner's pid. A lock whose process is gone (a kill -9) is
 * taken over; a live one refuses, since two writers would each overwrite the other's snapshot.
 */
async function lock(dir: string): Promise<StoreProblem | undefined> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = Number((await readFile(path, "utf8").catch(() => "")).trim());
    if (Number.isSafeInteger(owner) && owner > 0 && alive(owner))
      return { kind: "store-error", message: `the data folder ${dir} is in use by process ${owner}` };
    await unlink(path).catch(() => {});
  }
  return { kind: "store-error", message: `cannot lock the data folder ${dir}` };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The link-signing key of the folder, created on first use. */
async function loadSecret(dir: string): Promise<Buffer> {
  try {
    const text = await readFile(join(dir, SECRET_FILE), "utf8");
    const key = Buffer.from(text.trim(), "base64url");
    if (key.length >= 32) return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const key = randomBytes(32);
  await writeAtomic(dir, SECRET_FILE, key.toString("base64url"));
  return key;
}

/** temp file (O_EXCL, unpredictable name, 0600) + fsync + rename + fsync of the folder. */
export async function writeAtomic(dir: string, name: string, text: string): Promise<void> {
  const temporary = join(dir, `.${name}.${randomBytes(12).toString("hex")}.tmp`);
  const handle = await open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(temporary).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, join(dir, name));
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
  const folder = await open(dir, "r");
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

function problem(dir: string, error: unknown): StoreProblem {
  const code = (error as NodeJS.ErrnoException).code;
  return {
    kind: "store-error",
    message: `cannot use the data folder ${dir}: ${code ?? String(error)}`,
  };
}
