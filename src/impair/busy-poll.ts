// Busy polling (like the kernel's SO_BUSY_POLL, whose usual setting is 50 µs): after traffic, keep the
// event loop turning with setImmediate for `windowMs`, so the next packet is read without a thread
// wakeup. An idle proxy thread costs ~0.04 ms per wakeup on these machines, four wakeups per round
// trip; a 50 µs window takes the added round trip from ~0.18 to ~0.05 ms and costs at most 50 µs of
// CPU per burst of packets (a few % of a core for a 16-client game). Longer windows keep a core busy
// while traffic flows; 0 turns it off.
//
// Spinning is about real CPU time, so the window is measured on a monotonic real-time source
// (injectable), never on the network's clock: a ManualClock would otherwise spin forever.

/** Default window, ms (Network's `busyPollMs`). */
export const DEFAULT_BUSY_POLL_MS = 0.05;

export class BusyPoll {
  private readonly now: () => number;
  private readonly windowMs: number;
  private until = 0;
  private immediate: NodeJS.Immediate | undefined;
  private closed = false;
  /** Loop turns spent polling (for tests and benches). */
  turns = 0;

  constructor(windowMs: number, now: () => number = () => performance.now()) {
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Traffic seen: stay hot for windowMs from now. */
  touch(): void {
    if (this.windowMs <= 0 || this.closed) return;
    this.until = this.now() + this.windowMs;
    if (!this.immediate) this.immediate = setImmediate(this.spin);
  }

  close(): void {
    this.closed = true;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
  }

  private readonly spin = (): void => {
    this.immediate = undefined;
    this.turns++;
    if (!this.closed && this.now() < this.until) this.immediate = setImmediate(this.spin);
  };
}
