/**
 * Executions: created Pending (an ExecuteNow report's one run, or each scheduled run once the clock
 * reaches it), Running while the engine works, then Completed with a report file behind an expiring
 * signed link (HMAC over the execution id and the expiry, as a SAS link: no bearer needed), and the
 * report's callback called. The query runs over the window its TIMESPAN gives at the run's due time,
 * or `QueryStartTime`/`QueryEndTime` when the report has them.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { writeReport } from "../csv.js";
import type { EmulatorDeps } from "../deps.js";
import type { EmulatorEngine } from "../engine.js";
import { prepareQuery } from "../query.js";
import { explicitWindow, timespanWindow } from "../window.js";
import { callbackTarget, deliver } from "./callbacks.js";
import type { EmulatorClock } from "./clock.js";
import {
  type EmulatorState,
  EXECUTION_HISTORY_MS,
  type StoredExecution,
  type StoredReport,
} from "./state.js";

export interface RunnerOptions {
  readonly engine: EmulatorEngine;
  readonly deps: EmulatorDeps;
  readonly state: EmulatorState;
  readonly clock: EmulatorClock;
  readonly secret: Buffer;
  /** Real milliseconds before an ExecuteNow run starts. */
  readonly executeNowDelayMs: number;
  /** Clock hours a download link lives. */
  readonly linkTtlHours: number;
  readonly allowPrivateCallbacks: boolean;
  /** With `--data`: report files written to disk, and state committed after each change. */
  readonly store?: RunnerStore;
}

export interface RunnerStore {
  writeFile(executionId: string, text: string): Promise<void>;
  commit(): Promise<string | undefined>;
}

/** `run`'s flag for the runs of `runDue`'s batch. */
const BATCH = true;
const HOUR = 3_600_000;

export class ExecutionRunner {
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Scheduled runs in progress (runDue waits for them all). */
  private readonly scheduled = new Set<Promise<void>>();

  constructor(private readonly o: RunnerOptions) {}

  /** Creates the one run of an ExecuteNow report and starts it shortly. */
  executeNow(report: StoredReport): StoredExecution {
    const execution = this.create(report, this.o.clock.now());
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.run(execution.executionId));
    }, this.o.executeNowDelayMs);
    timer.unref?.();
    this.timers.add(timer);
    return execution;
  }

  /**
   * Creates every scheduled run the clock has reached (up to the report's RecurrenceCount) and runs
   * them; resolves when they are done. A run already older than the executions API's 90 days of
   * history can never be listed, so its report file could never be downloaded: it is completed
   * without running the query (no file, no link, no callback), which keeps an advance by years as
   * cheap as one by 90 days. `expired` counts those runs.
   */
  async runDue(): Promise<{ executed: number; expired: number }> {
    const now = this.o.clock.now().getTime();
    const since = now - EXECUTION_HISTORY_MS;
    const created: StoredExecution[] = [];
    let expired = 0;
    for (const report of this.o.state.reports.values()) {
      if (report.executeNow || report.reportStatus !== "Active" || report.startTime === null) continue;
      const interval = (report.recurrenceInterval ?? 24) * HOUR;
      expired += this.passExpired(report, interval, since);
      while (report.recurrenceCount === null || report.runs < report.recurrenceCount) {
        const due = report.startTime.getTime() + report.runs * interval;
        if (due > now) break;
        report.runs++;
        created.push(this.create(report, new Date(due)));
      }
    }
    this.forgetUnreachable(since, now);
    // The runs are registered before anything is awaited, so a concurrent call sees them.
    const saved = created.length + expired > 0 ? this.o.store?.commit() : undefined;
    for (const e of created) {
      const run = this.track(
        saved === undefined ? this.run(e.executionId, BATCH) : this.after(saved, e.executionId),
      );
      this.scheduled.add(run);
      void run.finally(() => this.scheduled.delete(run));
    }
    // Every scheduled run in progress, also those a concurrent call started (the 1-second tick, an
    // advance sent at the same time): an advance answers once the runs the clock reached are done.
    while (this.scheduled.size > 0) await Promise.all([...this.scheduled]);
    // The batch's runs are saved together (each saved its own: 18.2 s for 1,770 runs with --data,
    // 5.4 s so; 4.9 s in memory). An advance answers only after this, as before.
    if (created.length > 0) await this.o.store?.commit();
    return { executed: created.length + expired, expired };
  }

  /**
   * Counts off the report's runs due before `since` without making them: completed at once without
   * running, they would be forgotten by `forgetUnreachable` in the same call. Making each first
   * held 2.6 GB at the peak of an advance by 10 years over 100 reports every 4 hours (2.1 million
   * runs; 0.67 GB counted off, the 54,000 runs of the last 90 days being the rest). Answers how
   * many; a report whose RecurrenceCount they use up is Inactive, as `finish` would make it.
   */
  private passExpired(report: StoredReport, interval: number, since: number): number {
    const start = report.startTime?.getTime();
    if (start === undefined || start + report.runs * interval >= since) return 0;
    const behind = Math.ceil((since - start) / interval) - report.runs;
    const left = report.recurrenceCount === null ? behind : report.recurrenceCount - report.runs;
    const passed = Math.max(0, Math.min(behind, left));
    report.runs += passed;
    if (report.recurrenceCount !== null && report.runs >= report.recurrenceCount)
      report.reportStatus = "Inactive";
    return passed;
  }

  /**
   * The completed runs that left the 90 days of history and whose link has expired (or that have
   * none): no request can list them or download their file any more (a download checks the link's
   * expiry first), so memory, and with `--data` the saved state, stays bounded however far the clock
   * moves. A run still pending or running is kept.
   */
  private forgetUnreachable(since: number, now: number): void {
    for (const [id, e] of this.o.state.executions)
      if (
        e.executionStatus === "Completed" &&
        e.dueTime.getTime() < since &&
        (e.reportExpiryTime?.getTime() ?? 0) < now
      )
        this.o.state.executions.delete(id);
  }

  /**
   * A paused report's schedule slots that fell due while it was paused, passed over when it is
   * resumed: pausing "stops scheduled executions", so resuming continues with the next slot rather
   * than running every missed one at once. The slots still count toward RecurrenceCount (the
   * schedule is `StartTime + k × RecurrenceInterval`, k below the count); a report with none left is
   * Inactive. Answers how many were passed over.
   */
  skipMissed(report: StoredReport): number {
    if (report.executeNow || report.startTime === null) return 0;
    const now = this.o.clock.now().getTime();
    const interval = (report.recurrenceInterval ?? 24) * HOUR;
    let skipped = 0;
    while (report.recurrenceCount === null || report.runs < report.recurrenceCount) {
      if (report.startTime.getTime() + report.runs * interval > now) break;
      report.runs++;
      skipped++;
    }
    const running = [...this.o.state.executions.values()].some(
      (e) => e.reportId === report.reportId && e.executionStatus !== "Completed",
    );
    if (report.recurrenceCount !== null && report.runs >= report.recurrenceCount && !running)
      report.reportStatus = "Inactive";
    return skipped;
  }

  /** A run once the state that lists it is saved. */
  private async after(saved: Promise<unknown>, executionId: string): Promise<void> {
    await saved;
    await this.run(executionId, BATCH);
  }

  /** Starts every run a restart interrupted (Pending or Running when the state was saved). */
  resumeInterrupted(): void {
    for (const execution of this.o.state.executions.values())
      if (execution.executionStatus === "Pending" || execution.executionStatus === "Running") {
        execution.executionStatus = "Pending";
        this.start(execution.executionId);
      }
  }

  /** Starts a run now (a resumed report's pending run). */
  start(executionId: string): void {
    void this.track(this.run(executionId));
  }

  /** Waits for every run in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Stops the timers of runs not started. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /**
   * Signs an execution's link again once it has expired, as a storage SAS link is issued per
   * request: getting the execution again gives a working link (what `LinkExpiredError` advises).
   */
  renewLink(execution: StoredExecution): void {
    const expiry = execution.reportExpiryTime;
    if (execution.reportAccessSecureLink === null || expiry === null) return;
    if (this.o.clock.now().getTime() > expiry.getTime()) this.signLink(execution);
  }

  /** A link valid for `linkTtlHours` from now. */
  private signLink(execution: StoredExecution): void {
    const expiry = new Date(this.o.clock.now().getTime() + this.o.linkTtlHours * HOUR);
    const expires = String(expiry.getTime());
    const signature = this.sign(execution.executionId, expires).toString();
    execution.reportExpiryTime = expiry;
    // A path: the answer puts the server's current URL in front (the port may change on a restart).
    execution.reportAccessSecureLink = `/_emulator/files/${execution.executionId}?se=${expires}&sig=${signature}`;
  }

  /** The file behind a signed link, or why not: a bad signature, an expired link, no file. */
  download(
    executionId: string,
    expires: string,
    signature: string,
  ):
    | { status: 200; file: string; format: string; generated: Date }
    | { status: 403 }
    | { status: "expired"; expiry: Date }
    | { status: 404 } {
    const expected = this.sign(executionId, expires);
    const given = Buffer.from(signature, "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 403 };
    const expiry = Number(expires);
    if (!Number.isFinite(expiry)) return { status: 403 };
    if (this.o.clock.now().getTime() > expiry) return { status: "expired", expiry: new Date(expiry) };
    const execution = this.o.state.executions.get(executionId);
    const report = execution && this.o.state.reports.get(execution.reportId);
    if (execution?.file === undefined || report === undefined) return { status: 404 };
    return {
      status: 200,
      file: execution.file,
      format: execution.format ?? report.format,
      generated: execution.reportGeneratedTime ?? execution.dueTime,
    };
  }

  private create(report: StoredReport, dueTime: Date): StoredExecution {
    const execution: StoredExecution = {
      executionId: randomUUID(),
      reportId: report.reportId,
      family: report.family,
      dueTime,
      executionStatus: "Pending",
      reportGeneratedTime: null,
      reportExpiryTime: null,
      reportAccessSecureLink: null,
    };
    this.o.state.executions.set(execution.executionId, execution);
    return execution;
  }

  /** Runs are never awaited by a request: a failure is recorded on the execution, never thrown. */
  private track(run: Promise<void>): Promise<void> {
    const safe = run.catch(() => undefined);
    this.pending.add(safe);
    return safe.finally(() => this.pending.delete(safe));
  }

  private sign(executionId: string, expires: string): Buffer {
    return Buffer.from(
      createHmac("sha256", this.o.secret).update(`${executionId}\n${expires}`).digest("base64url"),
    );
  }

  /**
   * Runs one execution. A run of `runDue`'s batch (`batch`) leaves saving its completion to the
   * batch's one commit, unless a callback announces it: the listener may read the execution after a
   * restart. Cut short by a kill, an unsaved run is Pending or Running in the saved state, and runs
   * again at the next start (`resumeInterrupted`); no answer to a change said it had completed.
   */
  private async run(executionId: string, batch = false): Promise<void> {
    const execution = this.o.state.executions.get(executionId);
    const report = execution && this.o.state.reports.get(execution.reportId);
    // Deleted with its report, or paused meanwhile: nothing to do.
    if (execution === undefined || report === undefined || execution.executionStatus !== "Pending") return;
    execution.executionStatus = "Running";
    const fault = this.o.state.takeExecutionFault();
    // The format when the run starts: an update during the run changes the next runs, not this file.
    const format = report.format;
    const file: { text: string; failure?: string } =
      fault !== undefined
        ? { text: "", failure: fault }
        : await this.produce(report, format, execution.dueTime).catch((error: unknown) => ({
            text: "",
            failure: `Engine error: ${String(error)}`,
          }));
    // Deleted (with its report, or by a reset) while it ran: it ends here, with no callback. Asked
    // again after each wait, since with `--data` the file is written and the state saved meanwhile.
    const current = () =>
      this.o.state.executions.get(executionId) === execution &&
      this.o.state.reports.get(report.reportId) === report;
    if (!current()) return;
    if (file.failure === undefined && this.o.store !== undefined)
      await this.o.store.writeFile(executionId, file.text).catch((error: unknown) => {
        file.failure = `The report file could not be saved: ${String(error)}`;
      });
    if (!current()) return;
    if (file.failure !== undefined) return this.failed(execution, report, file.failure);
    execution.file = file.text;
    execution.format = format;
    execution.reportGeneratedTime = this.o.clock.now();
    this.signLink(execution);
    this.finish(execution, report);
    if (!batch || report.callbackUrl !== null) await this.o.store?.commit();
    if (report.callbackUrl !== null && current()) await this.callback(report);
  }

  /** Completed, and the report Inactive after its last run. */
  private finish(execution: StoredExecution, report: StoredReport): void {
    execution.executionStatus = "Completed";
    if (report.executeNow || (report.recurrenceCount !== null && report.runs >= report.recurrenceCount))
      report.reportStatus = "Inactive";
  }

  /**
   * A failed run. The documentation lists no failed status (Pending, Running, Paused, Completed), so
   * the run ends Completed without a file or link, the reason is journaled, and no callback is made
   * (callbacks announce a report that can be downloaded). See docs/decisions/emulator-persistence.md.
   */
  private async failed(execution: StoredExecution, report: StoredReport, failure: string): Promise<void> {
    execution.failure = failure;
    execution.reportGeneratedTime = this.o.clock.now();
    this.finish(execution, report);
    this.o.state.record({
      time: this.o.clock.now().toISOString(),
      kind: "execution",
      method: "RUN",
      path: `/ScheduledReport/execution/${report.reportId}?executionId=${execution.executionId}`,
      error: failure,
    });
    await this.o.store?.commit();
  }

  private async produce(
    report: StoredReport,
    format: StoredReport["format"],
    due: Date,
  ): Promise<{ text: string; failure?: string }> {
    const prepared = prepareQuery(report.query, this.o.engine.catalog);
    if (!prepared.ok) return { text: "", failure: prepared.problems.map((p) => p.message).join("; ") };
    const window =
      report.queryStartTime !== null && report.queryEndTime !== null
        ? explicitWindow(report.queryStartTime, report.queryEndTime)
        : timespanWindow(prepared.query.timespan.value, due);
    const rows = await this.o.engine.run(prepared.query, { window });
    if (!rows.ok) return { text: "", failure: rows.message };
    return { text: writeReport(format, rows, this.o.deps.stringifyCsv) };
  }

  private async callback(report: StoredReport): Promise<void> {
    const target = callbackTarget(report.callbackUrl as string, report.callbackMethod, report.reportId);
    const body = JSON.stringify({ reportId: report.reportId });
    const outcome = await deliver(target, body, this.o.allowPrivateCallbacks);
    this.o.state.record({
      time: this.o.clock.now().toISOString(),
      kind: "callback",
      method: outcome.method,
      path: outcome.url,
      ...(outcome.status !== undefined && { status: outcome.status }),
      ...(outcome.error !== undefined && { error: outcome.error }),
    });
  }
}
