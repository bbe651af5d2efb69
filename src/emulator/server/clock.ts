/**
 * The emulator's clock: it starts at a given instant (the real time by default) and follows real
 * time unless moved. `advance` moves it forward; everything that compares with "now" (StartTime's
 * 4-hour lead, schedules, link expiry, TIMESPAN windows) reads it.
 */
export class EmulatorClock {
  private offsetMs: number;

  constructor(
    private readonly start: Date | undefined = undefined,
    private readonly realNow: () => number = Date.now,
  ) {
    this.offsetMs = start === undefined ? 0 : start.getTime() - realNow();
  }

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }

  /** Moves the clock forward by some hours (fractions allowed, never backwards). */
  advance(hours: number): Date {
    this.offsetMs += Math.max(0, hours) * 3_600_000;
    return this.now();
  }

  /** How far the clock is from real time, in ms (kept by `--data`). */
  offset(): number {
    return this.offsetMs;
  }

  /** Restores an offset read from a data folder. */
  restore(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }

  /** Back to the starting instant (or the real time). */
  reset(): void {
    this.offsetMs = this.start === undefined ? 0 : this.start.getTime() - this.realNow();
  }
}
