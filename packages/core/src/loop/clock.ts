/**
 * Time as the loop sees it. Inject a {@link ManualClock} in tests so a whole loop runs
 * deterministically and instantly.
 */
export interface Clock {
  /** Current time, Unix ms. */
  now(): number;
  /** Resolves after `ms` (or when a manual clock is advanced past it). */
  sleep(ms: number): Promise<void>;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** The real clock (timers are unref'd so they never keep a process alive). */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, ms).unref?.();
    }),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

interface PendingTimer {
  readonly at: number;
  readonly order: number;
  readonly fn: () => void;
}

/**
 * A clock that only moves when told to. `advance(ms)` fires due timers in time order, letting
 * the promise chains they start settle between timers.
 *
 * @example
 * const clock = new ManualClock(0);
 * const loop = createLoop({ ..., clock });
 * await clock.advance(60_000); // one scheduled tick
 */
export class ManualClock implements Clock {
  #now: number;
  #order = 0;
  #timers: PendingTimer[] = [];

  /** @param start The initial time, Unix ms. */
  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms));
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer: PendingTimer = { at: this.#now + Math.max(0, ms), order: this.#order++, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((candidate) => candidate !== timer);
    };
  }

  /** Number of timers waiting. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const due = this.#timers
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}

/** Lets pending promise chains run (several macrotask turns, enough for nested awaits). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}
