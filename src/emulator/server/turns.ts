/**
 * Answers start one per turn of the event loop, in arrival order. libuv accepts one new connection
 * per turn (libuv#3696), so when a turn answered every request that was ready, a client connecting
 * under load waited in the kernel's queue for many turns: of 50 clients connecting at once, the
 * last ones waited up to a second while the first ones were served again and again.
 */
export class Turns {
  private readonly waiting: (() => void)[] = [];
  private head = 0;
  private scheduled = false;

  /** Resolves at the start of a turn of its own, after every earlier caller's. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.head === this.waiting.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const start = this.waiting[this.head];
      this.waiting[this.head++] = noop;
      if (this.head === this.waiting.length) {
        this.waiting.length = 0;
        this.head = 0;
      }
      start?.();
      this.schedule();
    });
  }
}

function noop(): void {}
