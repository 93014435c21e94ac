// Precise delivery times. Node timers resolve to ~1 ms and overshoot under load, so the real-time
// scheduler sleeps with setTimeout until `spinMs` before the earliest due time, then polls with
// setImmediate (yielding to I/O every turn) and fires everything due in one batch, in due order.
//
//   at(due) -> heap ──(due - now > spinMs)──> setTimeout(due - now - spinMs) ─┐
//                  └─(due - now <= spinMs)──> setImmediate poll <────────────┘ -> fire all due
//
// ManualScheduler is the same contract over a ManualClock: `advance(ms)` fires callbacks in due
// order, setting the clock to each due time, so tests see exact delivery times.
import type { Clock, ManualClock } from '../util/clock.ts';
import { systemClock } from '../util/clock.ts';
import type { Scheduler, TimerHandle } from './types.ts';

interface Entry {
  due: number;
  seq: number;
  fn: () => void;
  /** Position in the heap; -1 once fired or cancelled. */
  index: number;
}

/** Node fires a timer longer than this after 1 ms instead (TimeoutOverflowWarning): the largest wait, ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A binary min-heap of entries ordered by (due, seq); entries know their index, so cancel is O(log n). */
class EntryHeap {
  private readonly items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Entry | undefined {
    return this.items[0];
  }

  push(e: Entry): void {
    e.index = this.items.length;
    this.items.push(e);
    this.up(e.index);
  }

  pop(): Entry | undefined {
    const top = this.items[0];
    if (top) this.remove(top);
    return top;
  }

  /** Take an entry out wherever it is (a cancelled callback leaves the heap at once). */
  remove(e: Entry): void {
    const a = this.items;
    const i = e.index;
    if (i < 0 || a[i] !== e) return;
    e.index = -1;
    const last = a.pop() as Entry;
    if (i === a.length) return;
    a[i] = last;
    last.index = i;
    this.down(i);
    this.up(last.index);
  }

  clear(): void {
    for (const e of this.items) e.index = -1;
    this.items.length = 0;
  }

  private swap(i: number, j: number): void {
    const a = this.items;
    [a[i], a[j]] = [a[j], a[i]];
    a[i].index = i;
    a[j].index = j;
  }

  private up(i: number): void {
    const a = this.items;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(a[i], a[parent])) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const a = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && less(a[l], a[m])) m = l;
      if (r < a.length && less(a[r], a[m])) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}

function less(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

abstract class HeapScheduler implements Scheduler {
  abstract readonly clock: Clock;
  protected readonly heap = new EntryHeap();
  protected seq = 0;
  protected closed = false;

  at(dueMs: number, fn: () => void): TimerHandle {
    const entry: Entry = { due: dueMs, seq: this.seq++, fn, index: -1 };
    if (this.closed) return { cancel: () => {} };
    this.heap.push(entry);
    this.armed(entry);
    return {
      cancel: () => this.heap.remove(entry),
    };
  }

  /** Number of callbacks waiting (cancelled ones leave at once). */
  get pending(): number {
    return this.heap.size;
  }

  close(): void {
    this.closed = true;
    this.heap.clear();
  }

  /** Fire every entry due at or before `now`, including ones added by callbacks. Returns how many ran. */
  protected fireDue(now: number): number {
    let n = 0;
    for (;;) {
      const head = this.heap.peek();
      if (!head || head.due > now) break;
      this.heap.pop();
      n++;
      head.fn();
    }
    return n;
  }

  protected abstract armed(entry: Entry): void;
}

export interface PreciseSchedulerOptions {
  clock?: Clock;
  /** Wake this many ms before the due time and poll with setImmediate from there. Default 2. */
  spinMs?: number;
  /**
   * 0..1: largest share of each 100 ms window spent polling; beyond it, waits use timers only until
   * the window ends (~1 ms late instead of a busy core). Default 1 (no limit).
   */
  maxSpinShare?: number;
  /**
   * True while the machine is contended (the network's busy poll says so, see busy-poll.ts): waits
   * then use timers only (~1 ms late) instead of polling, which would make everything later.
   */
  contended?: () => boolean;
}

/** Window over which the polling share is measured, ms. */
const SPIN_WINDOW_MS = 100;

/** Real-time scheduler: setTimeout to near the due time, then setImmediate polling to it exactly. */
export class PreciseScheduler extends HeapScheduler {
  readonly clock: Clock;
  private readonly spinMs: number;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Number.POSITIVE_INFINITY;
  private immediate: NodeJS.Immediate | undefined;
  private readonly maxSpinMs: number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private spunInWindow = 0;
  private lastPollAt = Number.NaN;
  private readonly contended: () => boolean;
  /** Batches run, callbacks fired, timer wakes, polls, and waits turned to timers by the spin budget. */
  readonly counters = { batches: 0, fired: 0, timeouts: 0, polls: 0, throttled: 0 };

  constructor(options: PreciseSchedulerOptions = {}) {
    super();
    this.clock = options.clock ?? systemClock;
    this.spinMs = options.spinMs ?? 2;
    this.maxSpinMs = Math.max(0, Math.min(1, options.maxSpinShare ?? 1)) * SPIN_WINDOW_MS;
    this.contended = options.contended ?? (() => false);
  }

  protected armed(entry: Entry): void {
    if (this.heap.peek() === entry) this.arm();
  }

  override close(): void {
    super.close();
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private arm(): void {
    if (this.closed || this.immediate) return;
    const head = this.heap.peek();
    if (!head) return;
    const now = this.clock.now();
    const wait = head.due - now;
    if (now - this.windowStart >= SPIN_WINDOW_MS) {
      this.windowStart = now;
      this.spunInWindow = 0;
    }
    if (wait > 0 && wait <= this.spinMs && (this.spunInWindow >= this.maxSpinMs || this.contended())) {
      // Over the polling budget: sleep on a timer instead (rounded up: never early).
      this.counters.throttled++;
      this.lastPollAt = Number.NaN;
      if (this.timer && this.timerDue <= head.due) return;
      if (this.timer) clearTimeout(this.timer);
      this.timerDue = head.due;
      this.timer = setTimeout(this.wake, Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(wait))));
      return;
    }
    if (wait <= this.spinMs) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.timerDue = Number.POSITIVE_INFINITY;
      }
      this.immediate = setImmediate(this.poll);
      return;
    }
    if (this.timer && this.timerDue <= head.due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = head.due;
    // A wait past Node's limit sleeps the longest Node allows and re-arms from there.
    this.timer = setTimeout(this.wake, Math.min(MAX_TIMER_MS, Math.max(1, Math.floor(wait - this.spinMs))));
  }

  private readonly wake = (): void => {
    this.lastPollAt = Number.NaN;
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    this.counters.timeouts++;
    this.run();
  };

  private readonly poll = (): void => {
    this.immediate = undefined;
    this.counters.polls++;
    const now = this.clock.now();
    if (!Number.isNaN(this.lastPollAt)) this.spunInWindow += now - this.lastPollAt;
    this.lastPollAt = now;
    this.run();
  };

  private run(): void {
    if (this.closed) return;
    const n = this.fireDue(this.clock.now());
    if (n > 0) {
      this.counters.batches++;
      this.counters.fired += n;
    }
    this.arm();
  }
}

/** Test scheduler over a ManualClock: nothing fires until `advance`/`advanceTo`/`runDue`. */
export class ManualScheduler extends HeapScheduler {
  readonly clock: ManualClock;

  constructor(clock: ManualClock) {
    super();
    this.clock = clock;
  }

  protected armed(): void {}

  /** Fire everything due now. */
  runDue(): number {
    return this.fireDue(this.clock.now());
  }

  /** Move time forward by ms, firing each callback with the clock set to its due time. */
  advance(ms: number): number {
    return this.advanceTo(this.clock.now() + ms);
  }

  /** Move time to `targetMs`, firing each callback with the clock set to its due time. */
  advanceTo(targetMs: number): number {
    let n = 0;
    for (;;) {
      const head = this.heap.peek();
      if (!head || head.due > targetMs) break;
      if (head.due > this.clock.now()) this.clock.set(head.due);
      n += this.fireDue(this.clock.now());
    }
    this.clock.set(Math.max(targetMs, this.clock.now()));
    return n;
  }
}
