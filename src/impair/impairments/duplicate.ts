// Send a packet twice with probability `rate` (the copy right after the original). Stream mode:
// TCP discards duplicate segments, so nothing is duplicated; the event is counted as 'absorbed'.
import type { DuplicateConfig, Impairment, ImpairmentDefinition, Packet, StageContext } from '../types.ts';
import { knownKeys, obj, rate } from '../validate.ts';

class Duplicate implements Impairment<DuplicateConfig> {
  readonly type = 'duplicate';
  private cfg: DuplicateConfig;
  private readonly ctx: StageContext;

  constructor(cfg: DuplicateConfig, ctx: StageContext) {
    this.cfg = cfg;
    this.ctx = ctx;
  }

  push(packet: Packet): void {
    const dup = packet.kind === 'data' && this.ctx.random.chance(this.cfg.rate);
    this.ctx.emit(packet);
    if (!dup) return;
    if (this.ctx.mode === 'stream') {
      this.ctx.count('absorbed');
      return;
    }
    this.ctx.count('duplicated');
    this.ctx.emit({ ...packet });
  }

  update(cfg: DuplicateConfig): void {
    this.cfg = cfg;
  }

  flush(): void {}
  dispose(): void {}
  held(): number {
    return 0;
  }
}

export const duplicate: ImpairmentDefinition<DuplicateConfig> = {
  type: 'duplicate',
  summary: 'deliver a packet twice with probability rate',
  modes: ['datagram', 'stream'],
  normalize(raw, path, problems) {
    if (typeof raw === 'number') raw = { rate: raw };
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, ['rate'], path, problems);
    const value = rate(o.rate, `${path}.rate`, problems);
    return value === undefined ? undefined : { rate: value };
  },
  create: (cfg, ctx) => new Duplicate(cfg, ctx),
};
