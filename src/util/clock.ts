// Injected time. Everything that schedules or measures takes a Clock so tests can drive time exactly.

/** A monotonic millisecond clock plus wall time for cross-process stamps. */
export interface Clock {
  /** Monotonic milliseconds (fractional), arbitrary origin. Use for durations and scheduling. */
  now(): number;
  /** Unix epoch milliseconds (integer). Use only for stamps shared with other processes/logs. */
  wallNow(): number;
}

/** The real clock: performance.now() for monotonic time, Date.now() for wall time. */
export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
};

/** A clock that only moves when told to; for exact, fast tests. */
export class ManualClock implements Clock {
  private nowMs: number;
  private readonly wallOriginMs: number;

  constructor(startMs = 0, wallOriginMs = 1_700_000_000_000) {
    this.nowMs = startMs;
    this.wallOriginMs = wallOriginMs;
  }

  now(): number {
    return this.nowMs;
  }

  wallNow(): number {
    return Math.floor(this.wallOriginMs + this.nowMs);
  }

  /** Move time forward by `ms` (must be >= 0). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ms must be >= 0 (got ${ms})`);
    this.nowMs += ms;
  }

  /** Jump to an absolute monotonic time (must not go backwards). */
  set(ms: number): void {
    if (ms < this.nowMs)
      throw new RangeError(`ManualClock.set: time cannot go backwards (${ms} < ${this.nowMs})`);
    this.nowMs = ms;
  }
}
