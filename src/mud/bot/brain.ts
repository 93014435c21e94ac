// Brain: picks the highest-priority behaviour that can start and runs it; when a higher one becomes
// startable (checked on every prompt and game event batch) the running one is aborted. Time spent in
// each behaviour goes to the metrics. A behaviour that returns without sending anything, or throws, is
// benched for `cooldownMs` so a behaviour that cannot make progress never starves the others (nor
// spins).
import type { Behavior, BotState } from './behavior.ts';

/** Hooks the brain needs from the bot. */
export interface BrainIo {
  state(): BotState;
  /** Run one behaviour with a signal; resolves when it is done or aborted. */
  run(b: Behavior, signal: AbortSignal): Promise<void>;
  /** Commands sent so far (to tell a behaviour that did nothing from one that worked). */
  commandCount(): number;
  /** Wait for the next game event (or `ms`), whichever first. */
  nextEvent(ms: number, signal: AbortSignal): Promise<void>;
  behaviorTime(name: string, ms: number): void;
  /** Monotonic ms. */
  now(): number;
  error(err: unknown, behavior: string): void;
}

/** Priority scheduler over a fixed list of behaviours. */
export class Brain {
  private behaviors: readonly Behavior[];
  private readonly io: BrainIo;
  private running: { b: Behavior; ac: AbortController } | undefined;
  private readonly benchedUntil = new Map<string, number>();
  private readonly cooldownMs: number;
  /** The behaviour running now (for "what was the bot doing"). */
  get current(): string | undefined {
    return this.running?.b.name;
  }

  constructor(behaviors: readonly Behavior[], io: BrainIo, opts: { cooldownMs?: number } = {}) {
    this.behaviors = [...behaviors].sort((a, b) => b.priority - a.priority);
    this.io = io;
    this.cooldownMs = opts.cooldownMs ?? 2000;
  }

  private benched(b: Behavior, now: number): boolean {
    const until = this.benchedUntil.get(b.name);
    return until !== undefined && now < until;
  }

  /** Replace the behaviours (takes effect at the next choice). */
  setBehaviors(behaviors: readonly Behavior[]): void {
    this.behaviors = [...behaviors].sort((a, b) => b.priority - a.priority);
    this.benchedUntil.clear();
  }

  /** The behaviours in priority order. */
  get list(): readonly Behavior[] {
    return this.behaviors;
  }

  /** The highest-priority behaviour whose canStart holds (a throwing canStart counts as false). */
  pick(state: BotState = this.io.state()): Behavior | undefined {
    const now = this.io.now();
    for (const b of this.behaviors) {
      if (this.benched(b, now)) continue;
      try {
        if (b.canStart(state)) return b;
      } catch (err) {
        this.io.error(err, b.name);
      }
    }
    return undefined;
  }

  /** Something changed: abort the running behaviour if a higher one can start now. */
  reconsider(): void {
    const r = this.running;
    if (!r || r.ac.signal.aborted) return;
    const state = this.io.state();
    const now = this.io.now();
    for (const b of this.behaviors) {
      if (b.priority <= r.b.priority) return;
      if (this.benched(b, now)) continue;
      try {
        if (b.canStart(state)) {
          r.ac.abort(new PreemptedError(r.b.name, b.name));
          return;
        }
      } catch {
        // counted in pick()
      }
    }
  }

  /** Run behaviours until `stop` aborts or `done()` holds. */
  async run(stop: AbortSignal, done: () => boolean): Promise<void> {
    while (!stop.aborted && !done()) {
      const b = this.pick();
      if (!b) {
        await this.io.nextEvent(250, stop).catch(() => {});
        continue;
      }
      const ac = new AbortController();
      const onStop = () => ac.abort(stop.reason);
      stop.addEventListener('abort', onStop, { once: true });
      this.running = { b, ac };
      const started = this.io.now();
      const before = this.io.commandCount();
      let failed = false;
      try {
        await this.io.run(b, ac.signal);
      } catch (err) {
        if (!ac.signal.aborted) {
          failed = true;
          this.io.error(err, b.name);
        }
      } finally {
        stop.removeEventListener('abort', onStop);
        this.running = undefined;
        this.io.behaviorTime(b.name, this.io.now() - started);
      }
      if (stop.aborted) break;
      // Returned at once without sending anything: it cannot make progress now.
      const idle = this.io.commandCount() === before && this.io.now() - started < 50;
      if (failed || (idle && !ac.signal.aborted))
        this.benchedUntil.set(b.name, this.io.now() + this.cooldownMs);
      if (idle) await this.io.nextEvent(250, stop).catch(() => {});
    }
  }
}

/** The reason a behaviour's signal aborts when a higher-priority one takes over. */
export class PreemptedError extends Error {
  readonly by: string;
  constructor(running: string, by: string) {
    super(`${running} preempted by ${by}`);
    this.name = 'PreemptedError';
    this.by = by;
  }
}
