// Liveness: notices a server that stopped answering while the bot waits for it, without polling a dead
// socket. One timer, armed only while a command is in flight and moved forward lazily (the timer
// re-checks the last receive time when it fires, so bytes arriving cost nothing here).
//
//   command sent ─► quiet probeAfterMs? ─► probe (MSDP LIST COMMANDS: Mud98 answers it as it reads
//   it, even during a wait state; SEND waits for its 4-s update) ─► still quiet silentMs after the
//   probe? ─► onSilent
//   no probe possible (no MSDP) ─► quiet maxSilenceMs ─► onSilent
//   checkNow() (a swarm: another bot found the server silent) ─► probe at once, idle or not ─►
//   unanswered silentMs? ─► onSilent
// A socket that closes is noticed by its close event (immediately), not here.

/** Thresholds of the silence watch, ms. */
export interface LivenessOptions {
  /** Quiet time before a probe is sent. Default 250. */
  probeAfterMs?: number;
  /**
   * Quiet time after a probe that counts as a dead server. Default 600 (a hung server is reported
   * within about 1 s of its last word), raised to twice the slowest of the last 16 probe answers so a
   * slow link or a loaded server is not taken for a dead one.
   */
  silentMs?: number;
  /** Quiet time that counts as dead when no probe can be sent. Default 20000 (ROM `save` lags 12 s). */
  maxSilenceMs?: number;
}

/** What the watch reads and does. Times are performance.now() ms. */
export interface LivenessIo {
  /** When the last byte arrived (undefined: never). */
  lastReceiveAt(): number | undefined;
  /** When the command in flight was sent (undefined: nothing in flight). */
  inFlightSince(): number | undefined;
  /** Send a probe the server answers at once; false when none is possible. */
  probe(): boolean;
  /** The server is silent: `quietMs` since it last said anything. */
  onSilent(quietMs: number, probed: boolean): void;
}

/** The silence watch of one bot. */
export class Liveness {
  private readonly io: LivenessIo;
  private readonly probeAfterMs: number;
  private readonly silentMs: number;
  private readonly maxSilenceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private dueAt = 0;
  private probedAt: number | undefined;
  /** When checkNow() asked (it stands in for a command in flight until the server answers). */
  private askedAt: number | undefined;
  private stopped = false;
  /** Probes sent. */
  probes = 0;
  /** How long the last probes took to be answered, ms (ring of 16). */
  private readonly answers: number[] = [];

  constructor(io: LivenessIo, opts: LivenessOptions = {}) {
    this.io = io;
    this.probeAfterMs = opts.probeAfterMs ?? 250;
    this.silentMs = opts.silentMs ?? 600;
    this.maxSilenceMs = opts.maxSilenceMs ?? 20_000;
  }

  /** Quiet time, ms, after which an unanswered server counts as silent (probe wait + its budget). */
  get thresholdMs(): number {
    return this.probeAfterMs + this.budgetMs();
  }

  /** A command was sent: make sure the watch runs. */
  arm(): void {
    if (this.stopped) return;
    this.schedule(performance.now() + this.probeAfterMs);
  }

  /**
   * Ask the server now, even with nothing in flight (another bot of the swarm just found it silent):
   * probe at once; silent when the probe goes unanswered for the silence budget. No-op when a command
   * is already watched, a probe is out, or no probe is possible.
   */
  checkNow(): void {
    if (this.stopped || this.probedAt !== undefined || this.io.inFlightSince() !== undefined) return;
    if (!this.io.probe()) return;
    this.probes++;
    const now = performance.now();
    this.askedAt = now;
    this.probedAt = now;
    this.schedule(now + this.budgetMs());
  }

  /** Stop for good (bot closed or fault reported). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Run again after stop() (a reconnect). */
  restart(): void {
    this.stopped = false;
    this.probedAt = undefined;
    this.askedAt = undefined;
  }

  /** Quiet time after a probe that counts as silent: silentMs, or twice the slowest recent answer. */
  private budgetMs(): number {
    return Math.max(this.silentMs, 2 * Math.max(0, ...this.answers));
  }

  /** A probe was answered after `ms` (ring of the last 16). */
  private answered(ms: number): void {
    this.answers.push(ms);
    if (this.answers.length > 16) this.answers.shift();
  }

  private schedule(at: number): void {
    if (this.timer && this.dueAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => this.check(), Math.max(0, at - performance.now()));
    this.timer.unref?.();
  }

  private check(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const inFlight = this.io.inFlightSince();
    const asked = inFlight === undefined ? this.askedAt : undefined;
    const since = inFlight ?? asked;
    if (since === undefined) {
      this.probedAt = undefined;
      return; // nothing awaited: nothing to notice
    }
    const now = performance.now();
    const last = this.io.lastReceiveAt() ?? Number.NEGATIVE_INFINITY;
    if (asked !== undefined && last > asked) {
      // The server answered the check: nothing more to watch until a command is sent.
      this.answered(last - asked);
      this.askedAt = undefined;
      this.probedAt = undefined;
      return;
    }
    const heard = Math.max(last, since);
    if (this.probedAt !== undefined && heard > this.probedAt) {
      this.answered(heard - this.probedAt);
      this.probedAt = undefined;
    }
    const quiet = now - heard;
    if (this.probedAt !== undefined) {
      const budget = this.budgetMs();
      if (now - this.probedAt >= budget) {
        this.stopped = true;
        this.io.onSilent(quiet, true);
      } else this.schedule(this.probedAt + budget);
      return;
    }
    if (quiet < this.probeAfterMs) {
      this.schedule(heard + this.probeAfterMs);
      return;
    }
    if (this.io.probe()) {
      this.probes++;
      this.probedAt = now;
      this.schedule(now + this.silentMs);
      return;
    }
    if (quiet >= this.maxSilenceMs) {
      this.stopped = true;
      this.io.onSilent(quiet, false);
    } else this.schedule(heard + this.maxSilenceMs);
  }
}
