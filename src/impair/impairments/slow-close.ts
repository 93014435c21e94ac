// Stream: deliver the half-close (FIN) delayMs after it arrives; data passes untouched
// (Toxiproxy `slow_close`).
import type { ImpairmentDefinition, Packet, SlowCloseConfig } from '../types.ts';
import { HoldingStage } from './holding-stage.ts';
import { DURATION, oneNumber } from './normalize.ts';

class SlowClose extends HoldingStage<SlowCloseConfig> {
  readonly type = 'slowClose';

  /** A new delay applies to a half-close already held (counted from its arrival). */
  override update(cfg: SlowCloseConfig): void {
    this.cfg = cfg;
    this.queue.retime((since, p) => (p.kind === 'fin' ? since + cfg.delayMs : since));
  }

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
  normalize: oneNumber('delayMs', DURATION),
  create: (cfg, ctx) => new SlowClose(cfg, ctx),
};
