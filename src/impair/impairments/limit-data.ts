// Stream: pass exactly `bytes` bytes, then close the connection; the rest is dropped (cause 'limit')
// (Toxiproxy `limit_data`).
import type { Impairment, ImpairmentDefinition, LimitDataConfig, Packet, StageContext } from '../types.ts';
import { oneNumber } from './normalize.ts';

class LimitData implements Impairment<LimitDataConfig> {
  readonly type = 'limitData';
  private cfg: LimitDataConfig;
  private readonly ctx: StageContext;
  private passed = 0;
  private closed = false;

  constructor(cfg: LimitDataConfig, ctx: StageContext) {
    this.cfg = cfg;
    this.ctx = ctx;
  }

  push(packet: Packet): void {
    if (this.closed) {
      this.ctx.drop(packet, 'limit');
      return;
    }
    const left = this.cfg.bytes - this.passed;
    if (packet.kind === 'data' && packet.data.length < left) {
      this.passed += packet.data.length;
      this.ctx.emit(packet);
      return;
    }
    if (packet.kind === 'fin') {
      this.ctx.emit(packet);
      return;
    }
    if (left > 0) this.ctx.emit({ ...packet, data: packet.data.subarray(0, left) });
    this.passed = this.cfg.bytes;
    this.closed = true;
    this.ctx.close('limitData');
  }

  update(cfg: LimitDataConfig): void {
    this.cfg = cfg;
  }

  flush(): void {}
  dispose(): void {}
  held(): number {
    return 0;
  }
}

export const limitData: ImpairmentDefinition<LimitDataConfig> = {
  type: 'limitData',
  summary: 'stream: close the connection once `bytes` bytes have passed',
  modes: ['stream'],
  normalize: oneNumber('bytes', { min: 0, integer: true }),
  create: (cfg, ctx) => new LimitData(cfg, ctx),
};
