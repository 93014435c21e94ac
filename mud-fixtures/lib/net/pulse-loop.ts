// Drives game.pulse() every pulseMs on the real clock, compensating drift (like ROM's game_loop sleep),
// and never bursting more than a few catch-up pulses after a stall.

import type { Clock } from '../../../src/util/clock.ts';

/** Most pulses run back to back after a stall before the schedule is reset. */
const MAX_CATCH_UP = 4;

export class PulseLoop {
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private readonly clock: Clock;
  private readonly pulseMs: number;
  private readonly tick: () => void;
  /** Pulses skipped because the loop fell behind. */
  skipped = 0;

  constructor(clock: Clock, pulseMs: number, tick: () => void) {
    this.clock = clock;
    this.pulseMs = pulseMs;
    this.tick = tick;
  }

  start(): void {
    this.next = this.clock.now() + this.pulseMs;
    this.schedule();
  }

  private schedule(): void {
    const delay = Math.max(0, this.next - this.clock.now());
    this.timer = setTimeout(() => this.run(), delay);
  }

  private run(): void {
    let n = 0;
    while (this.clock.now() >= this.next && n < MAX_CATCH_UP) {
      this.tick();
      this.next += this.pulseMs;
      n++;
    }
    if (this.clock.now() >= this.next) {
      const behind = Math.floor((this.clock.now() - this.next) / this.pulseMs) + 1;
      this.skipped += behind;
      this.next += behind * this.pulseMs;
    }
    if (this.timer !== undefined) this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
