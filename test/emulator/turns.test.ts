import { describe, expect, it } from "vitest";
import { Turns } from "../../src/emulator/server/turns.js";

describe("Turns: answers start one per turn of the event loop", () => {
  it("starts callers in arrival order, each in a turn of its own", async () => {
    const turns = new Turns();
    const log: string[] = [];
    const done = ["a", "b", "c"].map((name) => turns.next().then(() => log.push(name)));
    // Queued after the first turn's callback: it runs before the second turn, which a queue that
    // started every waiting caller in one turn would not allow.
    setImmediate(() => log.push("other"));
    await Promise.all(done);
    expect(log).toEqual(["a", "other", "b", "c"]);
  });

  it("keeps going after it ran dry", async () => {
    const turns = new Turns();
    const log: number[] = [];
    await turns.next().then(() => log.push(1));
    await Promise.all([turns.next().then(() => log.push(2)), turns.next().then(() => log.push(3))]);
    expect(log).toEqual([1, 2, 3]);
  });

  it("holds a thousand waiting callers in order", async () => {
    const turns = new Turns();
    const log: number[] = [];
    await Promise.all(Array.from({ length: 1000 }, (_, i) => turns.next().then(() => log.push(i))));
    expect(log).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
