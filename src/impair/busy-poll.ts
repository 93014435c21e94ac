// Busy polling (like the kernel's SO_BUSY_POLL, whose usual setting is 50 µs): after traffic, keep the
// event loop turning with setImmediate for `windowMs`, so the next packet is read without a thread
// wakeup. An idle proxy thread costs ~0.04 ms per wakeup on these machines, four wakeups per round
// trip; a 50 µs window takes the added round trip from ~0.18 to ~0.05 ms and costs at most 50 µs of
// CPU per burst of packets (a few % of a core for a 16-client game). Longer windows keep a core busy
// while traffic flows; 0 turns it off.
//
// Spinning is about real CPU time, so the window is measured on a monotonic real-time source
// (injectable), never on the network's clock: a ManualClock would otherwise spin forever.
//
// On a loaded machine spinning hurts (issue #10: RTT p50 worse than with it off in 5 of 6 loaded runs):
// the kernel preempts the spinning thread and charges it for the spin, so it wakes later when the
// packet does come. So each window checks whether this process got the CPU it spun for: when its CPU
// time over the window is under half the window's wall time, the machine is contended and polling
// stops for BACKOFF_MS, doubling while contention lasts (at most MAX_BACKOFF_MS), then probes again.

/** Default window, ms (Network's `busyPollMs`). */
export const DEFAULT_BUSY_POLL_MS = 0.05;
/** First pause of polling after a contended window, ms; doubles while contention lasts. */
export const BACKOFF_MS = 500;
/** Longest pause, ms. */
export const MAX_BACKOFF_MS = 8000;
/** Windows shorter than this (ms of wall time) say nothing about contention. */
const MIN_MEASURED_MS = 0.2;

/** This process's CPU time, ms (user + system). */
const processCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export class BusyPoll {
  private readonly now: () => number;
  private readonly cpu: () => number;
  private readonly windowMs: number;
  private until = 0;
  private immediate: NodeJS.Immediate | undefined;
  private closed = false;
  /** Start of the current spin (wall ms, CPU ms). */
  private startWall = 0;
  private startCpu = 0;
  /** No polling before this time (contention backoff), and the next pause's length. */
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private backoffMs = BACKOFF_MS;
  /** Loop turns spent polling (for tests and benches). */
  turns = 0;
  /** Times polling paused because the machine was contended. */
  backoffs = 0;

  /** `now` and `cpu` (this process's CPU time, ms) are injectable for tests. */
  constructor(
    windowMs: number,
    now: () => number = () => performance.now(),
    cpu: () => number = processCpuMs,
  ) {
    this.windowMs = windowMs;
    this.now = now;
    this.cpu = cpu;
  }

  /** Polling is paused (contended machine). */
  get paused(): boolean {
    return this.now() < this.pausedUntil;
  }

  /** Traffic seen: stay hot for windowMs from now. */
  touch(): void {
    if (this.windowMs <= 0 || this.closed) return;
    const now = this.now();
    if (now < this.pausedUntil) return;
    this.until = now + this.windowMs;
    if (!this.immediate) {
      this.startWall = now;
      this.startCpu = this.cpu();
      this.immediate = setImmediate(this.spin);
    }
  }

  close(): void {
    this.closed = true;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
  }

  private readonly spin = (): void => {
    this.immediate = undefined;
    this.turns++;
    if (this.closed) return;
    const now = this.now();
    if (now < this.until) {
      this.immediate = setImmediate(this.spin);
      return;
    }
    this.judge(now);
  };

  /** A spin ended: pause polling if this process did not get the CPU it spun for. */
  private judge(now: number): void {
    const wall = now - this.startWall;
    if (wall < MIN_MEASURED_MS) return;
    if (this.cpu() - this.startCpu < wall / 2) {
      this.backoffs++;
      this.pausedUntil = now + this.backoffMs;
      this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
    } else {
      this.backoffMs = BACKOFF_MS;
    }
  }
}
