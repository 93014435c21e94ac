// What a client rendered between snapshots, folded from its per-second `render_stats` lines and its
// `render_jump` warnings (game contract, docs/game-contract.md "Render metrics"). Pure: no sockets, no
// timers; times are the events' own `t` (unix ms).
//
//   render_stats (1/s) ─┬─ steps[] (per-frame largest step, world units) ─▶ step histogram
//                       ├─ extrap_ms[] (per frame past the newest snapshot) ─▶ extrapolation histogram
//                       ├─ frames, jump_frames, jumps_own/other, alpha_out, starved_ms ─▶ totals
//                       └─ one row per second ─▶ perSecond (plots)
//   render_jump ─▶ first/last jump (evidence: entity, step, expected, where)

import type { HistogramSummary } from '../metrics/histogram.ts';
import { LatencyHistogram } from '../metrics/histogram.ts';
import type { GameEvent } from '../process/types.ts';
import { num, pushBounded } from './event-fields.ts';

/** One rendered-frame jump as the engine reported it (evidence for a failure message). */
export interface RenderJump {
  /** Unix ms. */
  t: number;
  entity: number | undefined;
  own: boolean;
  /** Distance the rendered position moved in one frame, world units. */
  step: number | undefined;
  /** Distance the authoritative motion covered over the same render time, world units. */
  expected: number | undefined;
  /** Authoritative speed, units/s. */
  speed: number | undefined;
  /** Render time covered by the frame, ms. */
  renderDtMs: number | undefined;
  /** The code that produced the rendered position (e.g. `res://scripts/client.gd:_render`). */
  where: string | undefined;
}

/** Serialisable summary of a client's rendering. */
export interface RenderSummary {
  /** Seconds of rendering reported (one `render_stats` line each). */
  seconds: number;
  frames: number;
  /** Frames in which any entity jumped, and per minute of rendering. */
  jumpFrames: number;
  jumpsPerMinute: number;
  jumpsOwn: number;
  jumpsOther: number;
  /** Largest step on screen per frame, world units. */
  stepUnits: HistogramSummary;
  /** Render time past the newest snapshot, ms, over the frames that had any. */
  extrapolationMs: HistogramSummary;
  extrapolationMaxMs: number;
  /** Frames whose interpolation fraction was outside [0, 1]. */
  alphaOutside: number;
  alphaMin: number | undefined;
  alphaMax: number | undefined;
  /** Time the render clock spent past every buffered snapshot, ms. */
  starvedMs: number;
  /** Jump threshold the engine used: step > k x expected + slack (units). */
  jumpK: number | undefined;
  where: string | undefined;
  firstJump: RenderJump | undefined;
}

/** Per-second row: [t unix ms, frames, jump frames, largest step (units), extrapolation max (ms), alpha outside]. */
export type RenderSecond = [number, number, number, number, number, number];

/** Render metrics of one client: feed `render_stats` / `render_jump` events to `ingest`. */
export class RenderMetrics {
  seconds = 0;
  frames = 0;
  jumpFrames = 0;
  jumpsOwn = 0;
  jumpsOther = 0;
  alphaOutside = 0;
  alphaMin: number | undefined;
  alphaMax: number | undefined;
  starvedMs = 0;
  extrapolationMaxMs = 0;
  /** Samples the engine could not send (its per-second sample cap). */
  samplesDropped = 0;
  jumpK: number | undefined;
  where: string | undefined;
  firstJump: RenderJump | undefined;
  lastJump: RenderJump | undefined;
  /** Largest step on screen per frame, world units (the histogram's "ms" are units here). */
  readonly steps = new LatencyHistogram({ highestMs: 100_000 });
  /** Per-frame render time past the newest snapshot, ms. */
  readonly extrapolation = new LatencyHistogram();
  readonly perSecond: RenderSecond[] = [];
  malformed = 0;

  /** Fold a `render_stats` line. */
  ingestStats(e: GameEvent, t: number): void {
    const frames = num(e, 'frames');
    if (frames === undefined) {
      this.malformed++;
      return;
    }
    this.seconds++;
    this.frames += frames;
    const jumpFrames = num(e, 'jump_frames') ?? 0;
    this.jumpFrames += jumpFrames;
    this.jumpsOwn += num(e, 'jumps_own') ?? 0;
    this.jumpsOther += num(e, 'jumps_other') ?? 0;
    const alphaOut = num(e, 'alpha_out') ?? 0;
    this.alphaOutside += alphaOut;
    const aMin = num(e, 'alpha_min');
    const aMax = num(e, 'alpha_max');
    if (aMin !== undefined)
      this.alphaMin = this.alphaMin === undefined ? aMin : Math.min(this.alphaMin, aMin);
    if (aMax !== undefined)
      this.alphaMax = this.alphaMax === undefined ? aMax : Math.max(this.alphaMax, aMax);
    this.starvedMs += num(e, 'starved_ms') ?? 0;
    this.samplesDropped += num(e, 'dropped') ?? 0;
    this.jumpK = num(e, 'jump_k') ?? this.jumpK;
    if (typeof e.where === 'string') this.where = e.where;
    const steps = numbers(e.steps);
    for (const s of steps) this.steps.record(s);
    const extrap = numbers(e.extrap_ms);
    for (const x of extrap) this.extrapolation.record(x);
    const extrapMax = Math.max(num(e, 'extrap_max_ms') ?? 0, ...extrap, 0);
    this.extrapolationMaxMs = Math.max(this.extrapolationMaxMs, extrapMax);
    const stepMax = Math.max(num(e, 'step_max') ?? 0, ...steps, 0);
    if (Number.isFinite(t))
      pushBounded(this.perSecond, [t, frames, jumpFrames, stepMax, extrapMax, alphaOut], 600);
  }

  /** Fold a `render_jump` warning (kept as evidence; counts come from `render_stats`). */
  ingestJump(e: GameEvent, t: number): void {
    const jump: RenderJump = {
      t,
      entity: num(e, 'entity'),
      own: e.own === true,
      step: num(e, 'step'),
      expected: num(e, 'expected'),
      speed: num(e, 'speed'),
      renderDtMs: num(e, 'render_dt_ms'),
      where: typeof e.where === 'string' ? e.where : undefined,
    };
    this.firstJump ??= jump;
    this.lastJump = jump;
    if (jump.where) this.where = jump.where;
  }

  /** True once the engine reported any render metrics. */
  get reported(): boolean {
    return this.seconds > 0;
  }

  /** Jump frames per minute of reported rendering (at least 1 s counted). */
  jumpsPerMinute(): number {
    return (this.jumpFrames * 60) / Math.max(1, this.seconds);
  }

  summary(): RenderSummary {
    return {
      seconds: this.seconds,
      frames: this.frames,
      jumpFrames: this.jumpFrames,
      jumpsPerMinute: round(this.jumpsPerMinute()),
      jumpsOwn: this.jumpsOwn,
      jumpsOther: this.jumpsOther,
      stepUnits: this.steps.summary(),
      extrapolationMs: this.extrapolation.summary(),
      extrapolationMaxMs: round(this.extrapolationMaxMs),
      alphaOutside: this.alphaOutside,
      alphaMin: this.alphaMin,
      alphaMax: this.alphaMax,
      starvedMs: round(this.starvedMs),
      jumpK: this.jumpK,
      where: this.where,
      firstJump: this.firstJump,
    };
  }
}

/** Finite numbers of an array field (anything else is skipped). */
function numbers(v: unknown): number[] {
  if (!Array.isArray(v)) return [];
  const out: number[] = [];
  for (const x of v) {
    const n = typeof x === 'number' ? x : Number(x);
    if (Number.isFinite(n) && n >= 0) out.push(n);
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
