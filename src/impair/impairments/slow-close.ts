// Stream: deliver the half-close (FIN) delayMs after it arrives; data passes untouched
// (Toxiproxy `slow_close`).
import { HoldQueue } from '../hold-queue.ts';
import type { Impairment, ImpairmentDefinition, Packet, SlowCloseConfig, StageContext } from '../types.ts';
import { knownKeys, num, obj } from '../validate.ts';

class SlowClose implements Impairment<SlowCloseConfig> {
  readonly type = 'slowClose';
  private cfg: SlowCloseConfig;
  private readonly ctx: StageContext;
  private readonly queue: HoldQueue;

  constructor(cfg: SlowCloseConfig, ctx: StageContext) {
    this.cfg = cfg;
    this.ctx = ctx;
    this.queue = new HoldQueue(ctx);
  }

  push(packet: Packet): void {
    if (packet.kind === 'fin') this.queue.hold(packet, this.ctx.clock.now() + this.cfg.delayMs);
    else if (this.queue.size > 0) this.queue.hold(packet, this.queue.lastDue);
    else this.ctx.emit(packet);
  }

  update(cfg: SlowCloseConfig): void {
    this.cfg = cfg;
  }

  flush(): void {
    this.queue.flush();
  }

  dispose(): void {
    this.queue.dispose();
  }

  held(): number {
    return this.queue.size;
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
