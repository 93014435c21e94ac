// Random (Bernoulli) or Gilbert-Elliott loss. Gilbert-Elliott is a two-state Markov chain: each packet
// first moves good -> bad with probability p (bad -> good with r), then is lost with the state's loss
// probability; mean burst length 1/r, long-run bad share p/(p+r). Stream mode: a "lost" chunk is
// delivered after a retransmission stall instead (see stall.ts).
import type { ImpairmentDefinition, LossConfig, Packet } from '../types.ts';
import { duration, knownKeys, obj, rate } from '../validate.ts';
import { HoldingStage } from './holding-stage.ts';
import { streamStall } from './stall.ts';

/** Long-run loss probability of a config (for tests and stats). */
export function expectedLossRate(cfg: LossConfig): number {
  if (cfg.model !== 'gilbert-elliott') return cfg.rate;
  const bad = cfg.p + cfg.r === 0 ? 0 : cfg.p / (cfg.p + cfg.r);
  return bad * (cfg.lossBad ?? 1) + (1 - bad) * (cfg.lossGood ?? 0);
}

class Loss extends HoldingStage<LossConfig> {
  readonly type = 'loss';
  private bad = false;

  private lose(): boolean {
    const cfg = this.cfg;
    const r = this.ctx.random;
    if (cfg.model !== 'gilbert-elliott') return r.chance(cfg.rate);
    this.bad = this.bad ? !r.chance(cfg.r) : r.chance(cfg.p);
    return r.chance(this.bad ? (cfg.lossBad ?? 1) : (cfg.lossGood ?? 0));
  }

  push(packet: Packet): void {
    const lost = packet.kind === 'data' && this.lose();
    if (this.ctx.mode === 'stream') {
      streamStall(this.queue, this.ctx, packet, lost, this.cfg.retransmitMs);
      return;
    }
    if (lost) this.ctx.drop(packet, 'loss');
    else this.ctx.emit(packet);
  }
}

export const loss: ImpairmentDefinition<LossConfig> = {
  type: 'loss',
  summary: 'drop packets at random (rate) or in Gilbert-Elliott bursts (p, r, lossBad, lossGood)',
  modes: ['datagram', 'stream'],
  normalize(raw, path, problems) {
    if (typeof raw === 'number') raw = { rate: raw };
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    const retransmitMs = duration(o.retransmitMs, `${path}.retransmitMs`, problems, true);
    const extra = retransmitMs === undefined ? {} : { retransmitMs };
    if (o.model === 'gilbert-elliott') {
      knownKeys(o, ['model', 'p', 'r', 'lossBad', 'lossGood', 'retransmitMs'], path, problems);
      const p = rate(o.p, `${path}.p`, problems);
      const r = rate(o.r, `${path}.r`, problems);
      const lossBad = rate(o.lossBad, `${path}.lossBad`, problems, true);
      const lossGood = rate(o.lossGood, `${path}.lossGood`, problems, true);
      if (p === undefined || r === undefined) return undefined;
      return { model: 'gilbert-elliott', p, r, lossBad: lossBad ?? 1, lossGood: lossGood ?? 0, ...extra };
    }
    if (o.model !== undefined && o.model !== 'random')
      problems.push(`${path}.model: expected 'random' or 'gilbert-elliott', got ${JSON.stringify(o.model)}`);
    knownKeys(o, ['model', 'rate', 'retransmitMs'], path, problems);
    const value = rate(o.rate, `${path}.rate`, problems);
    return value === undefined ? undefined : { rate: value, ...extra };
  },
  create: (cfg, ctx) => new Loss(cfg, ctx),
};
