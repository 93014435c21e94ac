// Packets waiting for a due time, released in due order by one scheduler timer. Shared by every
// stage that holds packets (latency, bandwidth stalls, reorder, outage, slicer, slow close).
import type { Packet, StageContext, TimerHandle } from './types.ts';

interface Held {
  due: number;
  packet: Packet;
  /** Clock time the packet entered the holding stage, ms (re-timing counts from it). */
  since: number;
}

/** A due-ordered queue with one timer; ties keep insertion order. */
export class HoldQueue {
  private items: Held[] = [];
  private start = 0;
  private timer: TimerHandle | undefined;
  private timerDue = Number.POSITIVE_INFINITY;
  private readonly ctx: StageContext;
  /** Due time of the last packet added (FIFO callers use it to keep order). */
  lastDue = Number.NEGATIVE_INFINITY;

  constructor(ctx: StageContext) {
    this.ctx = ctx;
  }

  get size(): number {
    return this.items.length - this.start;
  }

  /** Hold `packet` until clock time `due` (Infinity = until flushed). */
  hold(packet: Packet, due: number): void {
    const a = this.items;
    const held: Held = { due, packet, since: this.ctx.clock.now() };
    let i = a.length;
    while (i > this.start && a[i - 1].due > due) i--;
    if (i === a.length) a.push(held);
    else a.splice(i, 0, held);
    if (due > this.lastDue) this.lastDue = due;
    this.arm();
  }

  /**
   * Give every held packet a new due time from `dueOf(since)` (a changed setting applies to what is
   * already held, as in Toxiproxy), keeping the current order: each is due no earlier than the one
   * before it. What is due now leaves at once.
   */
  retime(dueOf: (since: number, packet: Packet) => number): void {
    let prev = Number.NEGATIVE_INFINITY;
    for (let i = this.start; i < this.items.length; i++) {
      const h = this.items[i];
      if (h.due !== Number.POSITIVE_INFINITY) h.due = Math.max(prev, dueOf(h.since, h.packet));
      prev = h.due;
    }
    this.lastDue = this.size > 0 ? prev : this.lastDue;
    this.cancel();
    this.release();
  }

  /** Emit everything held now, in order, and cancel the timer. */
  flush(): void {
    this.cancel();
    const pending = this.take();
    for (const h of pending) this.ctx.emit(h.packet);
  }

  /** Forget everything held (returns how many) and cancel the timer. */
  dispose(): number {
    this.cancel();
    return this.take().length;
  }

  /** Release everything due up to `now` (called by the timer; callers may call it after changes). */
  release(): void {
    const now = this.ctx.clock.now();
    while (this.start < this.items.length && this.items[this.start].due <= now) {
      const h = this.items[this.start++];
      this.ctx.emit(h.packet);
    }
    if (this.start > 1024 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    this.arm();
  }

  private take(): Held[] {
    const out = this.items.slice(this.start);
    this.items = [];
    this.start = 0;
    return out;
  }

  private cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
  }

  private arm(): void {
    const head = this.items[this.start];
    if (!head) {
      this.cancel();
      return;
    }
    if (head.due === Number.POSITIVE_INFINITY) return;
    if (this.timer && this.timerDue <= head.due) return;
    this.timer?.cancel();
    this.timerDue = head.due;
    this.timer = this.ctx.at(head.due, () => {
      this.timer = undefined;
      this.timerDue = Number.POSITIVE_INFINITY;
      this.release();
    });
  }
}
