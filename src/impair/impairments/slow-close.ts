// Stream: deliver the half-close (FIN) delayMs after it arrives; data passes untouched
// (Toxiproxy `slow_close`).
import type { ImpairmentDefinition, Packet, SlowCloseConfig } from '../types.ts';
import { knownKeys, num, obj } from '../validate.ts';
import { HoldingStage } from './held-release.ts';

class SlowClose extends HoldingStage<SlowCloseConfig> {
  readonly type = 'slowClose';

  push(packet: Packet): void {
    if (packet.kind === 'fin') this.queue.hold(packet, this.ctx.clock.now() + this.cfg.delayMs);
    else if (this.queue.size > 0) this.queue.hold(packet, this.queue.lastDue);
    else this.ctx.emit(packet);
  }
}

export const slowClose: ImpairmentDefinition<SlowCloseConfig> = {
  type: 'slowClose',
  summary: 'stream: delay the half-close (FIN) by delayMs',
  modes: ['stream'],
  normalize(raw, path, problems) {
    if (typeof raw === 'number') raw = { delayMs: raw };
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, ['delayMs'], path, problems);
    const delayMs = num(o.delayMs, `${path}.delayMs`, problems, { min: 0 });
    return delayMs === undefined ? undefined : { delayMs };
  },
  create: (cfg, ctx) => new SlowClose(cfg, ctx),
};
