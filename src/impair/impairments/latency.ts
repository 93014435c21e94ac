// Fixed delay plus jitter (uniform, normal or pareto), optionally correlated. Unless `reorder` is
// asked (datagram mode only), a packet never leaves before one that entered earlier: its due time is
// raised to the previous packet's, which is what a single FIFO path does to jittered packets.
import type { ImpairmentDefinition, LatencyConfig, Packet, StageContext } from '../types.ts';
import { duration, knownKeys, num, obj, rate } from '../validate.ts';
import { HoldingStage } from './holding-stage.ts';

const KEYS = ['latencyMs', 'jitterMs', 'distribution', 'correlation', 'reorder', 'maxHeld'] as const;
const DISTRIBUTIONS = ['uniform', 'normal', 'pareto'] as const;
/** Pareto shape used for the heavy tail: mean excess = jitterMs with xm = 2 * jitterMs. */
const PARETO_ALPHA = 3;

/** One jitter sample (ms, may be negative except for pareto) for the configured distribution. */
export function sampleJitter(cfg: LatencyConfig, ctx: StageContext): number {
  const j = cfg.jitterMs ?? 0;
  if (j === 0) return 0;
  switch (cfg.distribution ?? 'normal') {
    case 'uniform':
      return ctx.random.uniform(-j, j);
    case 'pareto':
      return ctx.random.pareto(j * (PARETO_ALPHA - 1), PARETO_ALPHA) - j * (PARETO_ALPHA - 1);
    default:
      return ctx.random.normal(0, j);
  }
}

class Latency extends HoldingStage<LatencyConfig> {
  readonly type = 'latency';
  private lastJitter = 0;

  /** A new setting re-times what is held: due = entry time + the new delay (Toxiproxy's behaviour). */
  override update(cfg: LatencyConfig): void {
    this.cfg = cfg;
    this.queue.retime((since) => since + Math.max(0, cfg.latencyMs + sampleJitter(cfg, this.ctx)));
  }

  push(packet: Packet): void {
    const now = this.ctx.clock.now();
    if (this.ctx.mode === 'datagram' && this.queue.size >= (this.cfg.maxHeld ?? 100_000)) {
      this.ctx.drop(packet, 'queue');
      return;
    }
    const c = this.cfg.correlation ?? 0;
    const jitter =
      c > 0
        ? c * this.lastJitter + (1 - c) * sampleJitter(this.cfg, this.ctx)
        : sampleJitter(this.cfg, this.ctx);
    this.lastJitter = jitter;
    let due = now + Math.max(0, this.cfg.latencyMs + jitter);
    const keepOrder = this.ctx.mode === 'stream' || !this.cfg.reorder;
    if (keepOrder && due < this.queue.lastDue) due = this.queue.lastDue;
    if (due <= now && this.queue.size === 0) {
      this.queue.lastDue = now;
      this.ctx.emit(packet);
      return;
    }
    this.queue.hold(packet, due);
  }
}

export const latency: ImpairmentDefinition<LatencyConfig> = {
  type: 'latency',
  summary: 'delay every packet by latencyMs plus jitter (uniform | normal | pareto), optionally correlated',
  modes: ['datagram', 'stream'],
  normalize(raw, path, problems) {
    if (typeof raw === 'number') raw = { latencyMs: raw };
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, KEYS, path, problems);
    const latencyMs = duration(o.latencyMs, `${path}.latencyMs`, problems);
    const jitterMs = duration(o.jitterMs, `${path}.jitterMs`, problems, true);
    const correlation = rate(o.correlation, `${path}.correlation`, problems, true);
    const maxHeld = num(o.maxHeld, `${path}.maxHeld`, problems, {
      min: 1,
      max: 10_000_000,
      integer: true,
      optional: true,
    });
    if (o.distribution !== undefined && !DISTRIBUTIONS.includes(o.distribution as never))
      problems.push(
        `${path}.distribution: expected one of ${DISTRIBUTIONS.join(', ')}, got ${JSON.stringify(o.distribution)}`,
      );
    if (o.reorder !== undefined && typeof o.reorder !== 'boolean')
      problems.push(`${path}.reorder: expected true or false, got ${JSON.stringify(o.reorder)}`);
    if (latencyMs === undefined) return undefined;
    const cfg: LatencyConfig = { latencyMs };
    if (jitterMs) cfg.jitterMs = jitterMs;
    if (o.distribution !== undefined) cfg.distribution = o.distribution as LatencyConfig['distribution'];
    if (correlation) cfg.correlation = correlation;
    if (o.reorder === true) cfg.reorder = true;
    if (maxHeld !== undefined) cfg.maxHeld = maxHeld;
    return cfg;
  },
  create: (cfg, ctx) => new Latency(cfg, ctx),
};
