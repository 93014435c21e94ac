// With probability `rate`, hold a packet back by gapMs so the ones behind it overtake (netem's
// "reorder" seen from the receiver). Stream mode: TCP restores order, so it is counted as 'absorbed'.
import type { ImpairmentDefinition, Packet, ReorderConfig } from '../types.ts';
import { duration, knownKeys, obj, rate } from '../validate.ts';
import { HoldingStage } from './holding-stage.ts';

class Reorder extends HoldingStage<ReorderConfig> {
  readonly type = 'reorder';

  push(packet: Packet): void {
    if (packet.kind !== 'data' || !this.ctx.random.chance(this.cfg.rate)) {
      this.ctx.emit(packet);
      return;
    }
    if (this.ctx.mode === 'stream') {
      this.ctx.count('absorbed');
      this.ctx.emit(packet);
      return;
    }
    this.ctx.count('reorderedByStage');
    this.queue.hold(packet, this.ctx.clock.now() + (this.cfg.gapMs ?? 10));
  }
}

export const reorder: ImpairmentDefinition<ReorderConfig> = {
  type: 'reorder',
  summary: 'hold a packet back by gapMs with probability rate so later packets overtake it',
  modes: ['datagram', 'stream'],
  normalize(raw, path, problems) {
    if (typeof raw === 'number') raw = { rate: raw };
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, ['rate', 'gapMs'], path, problems);
    const value = rate(o.rate, `${path}.rate`, problems);
    const gapMs = duration(o.gapMs, `${path}.gapMs`, problems, true);
    if (value === undefined) return undefined;
    return gapMs === undefined ? { rate: value } : { rate: value, gapMs };
  },
  create: (cfg, ctx) => new Reorder(cfg, ctx),
};
