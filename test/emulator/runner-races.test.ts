/**
 * Executions that race with the requests around them: a report deleted while its run writes the file
 * (with `--data`) ends without a link or a callback (the store is held at `writeFile` so the delete
 * lands in that window every time); a clock advance that arrives while the 1-second tick runs the
 * same due run answers only once that run completed.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmulatorDeps } from "../../src/emulator/deps.js";
import type { EmulatorEngine } from "../../src/emulator/engine.js";
import { EmulatorClock } from "../../src/emulator/server/clock.js";
import { ExecutionRunner, type RunnerStore } from "../../src/emulator/server/runner.js";
import { EmulatorState, type StoredReport } from "../../src/emulator/server/state.js";
import { builtinCatalog } from "../../src/semantic/catalog.js";
import { openEngine } from "./helpers.js";

const clock = new EmulatorClock(new Date("2026-06-15T10:00:00Z"));
let engine: EmulatorEngine;

beforeAll(async () => {
  engine = await openEngine({ catalog: builtinCatalog("all"), rows: 200, now: () => clock.now() });
});
afterAll(() => engine.close());

/** A store whose `writeFile` waits until released, and says when it was reached. */
function heldStore() {
  let release = () => {};
  let reached = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const atWrite = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const store: RunnerStore = {
    writeFile: async () => {
      reached();
      await held;
    },
    commit: async () => undefined,
  };
  return { store, atWrite, release };
}

async function runner(state: EmulatorState, store?: RunnerStore) {
  const deps = await loadEmulatorDeps();
  if ("kind" in deps) throw new Error(deps.message);
  return new ExecutionRunner({
    engine,
    deps,
    state,
    clock,
    secret: randomBytes(32),
    executeNowDelayMs: 0,
    linkTtlHours: 1,
    allowPrivateCallbacks: false,
    ...(store !== undefined && { store }),
  });
}

function report(): StoredReport {
  return {
    family: "cmp",
    reportId: randomUUID(),
    reportName: "r",
    description: null,
    queryId: randomUUID(),
    query: "SELECT OrderId FROM ISVOrder",
    createdTime: clock.now(),
    modifiedTime: null,
    executeNow: true,
    startTime: null,
    reportStatus: "Active",
    recurrenceInterval: null,
    recurrenceCount: null,
    // Nothing listens there: a callback would be journaled with its error, which is enough to see it.
    callbackUrl: "http://127.0.0.1:9/ready",
    callbackMethod: "POST",
    format: "CSV",
    queryStartTime: null,
    queryEndTime: null,
    runs: 0,
  };
}

describe("a report deleted while its run saves the file", () => {
  it("ends without a link and without a callback", async () => {
    const state = new EmulatorState();
    const { store, atWrite, release } = heldStore();
    const runs = await runner(state, store);
    const stored = report();
    state.reports.set(stored.reportId, stored);
    const execution = runs.executeNow(stored);
    await atWrite;
    // What DELETE /ScheduledReport/{id} does.
    state.reports.delete(stored.reportId);
    state.executions.delete(execution.executionId);
    release();
    await runs.idle();
    expect(state.journal.filter((e) => e.kind === "callback")).toEqual([]);
    expect(execution.reportAccessSecureLink).toBeNull();
  });
});

describe("a clock advance while the tick runs the same due run", () => {
  it("answers once that run completed, though the tick started it", async () => {
    const state = new EmulatorState();
    const runs = await runner(state);
    const scheduled: StoredReport = {
      ...report(),
      executeNow: false,
      callbackUrl: null,
      startTime: new Date(clock.now().getTime() - 3_600_000),
      recurrenceInterval: 4,
      recurrenceCount: 1,
    };
    state.reports.set(scheduled.reportId, scheduled);
    const tick = runs.runDue();
    const advance = await runs.runDue();
    expect(advance).toEqual({ executed: 0, expired: 0 });
    expect([...state.executions.values()].map((e) => e.executionStatus)).toEqual(["Completed"]);
    await tick;
  });
});
