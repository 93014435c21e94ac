// Flip one random bit of a packet (a copy; the sender's buffer is untouched) with probability `rate`.
// Stream mode: TCP checksums catch corruption, so the chunk is retransmitted after a stall instead.
import type { CorruptConfig, Impairment, ImpairmentDefinition, Packet, StageContext } from '../types.ts';
import { knownKeys, num, obj, rate } from '../validate.ts';
import { StreamStall } from './stall.ts';

class Corrupt implements Impairment<CorruptConfig> {
  readonly type = 'corrupt';
  private cfg: CorruptConfig;
  private readonly ctx: StageContext;
  private readonly stall: StreamStall;

  constructor(cfg: CorruptConfig, ctx: StageContext) {
    this.cfg = cfg;
    this.ctx = ctx;
    this.stall = new StreamStall(ctx);
  }

  push(packet: Packet): void {
    const hit = packet.kind === 'data' && packet.data.length > 0 && this.ctx.random.chance(this.cfg.rate);
    if (this.ctx.mode === 'stream') {
      if (hit) this.stall.stall(packet, this.cfg.retransmitMs ?? 200);
      else this.stall.pass(packet);
      return;
    }
    if (!hit) {
      this.ctx.emit(packet);
      return;
    }
    const data = Buffer.from(packet.data);
    const bit = this.ctx.random.int(0, data.length * 8 - 1);
    data[bit >> 3] ^= 1 << (bit & 7);
    this.ctx.count('corrupted');
    this.ctx.emit({ ...packet, data });
  }

  update(cfg: CorruptConfig): void {
    this.cfg = cfg;
  }

  flush(): void {
    this.stall.flush();
  }

  dispose(): void {
    this.stall.dispose();
  }

  held(): number {
    return this.stall.size;
  }
}

export const corrupt: ImpairmentDefinition<CorruptConfig> = {
  type: 'corrupt',
  summary: 'flip one random bit of a packet with probability rate',
  modes: ['datagram', 'stream'],
  normalize(raw, path, problems) {
    if (typeof raw === 'number') raw = { rate: raw };
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, ['rate', 'retransmitMs'], path, problems);
    const value = rate(o.rate, `${path}.rate`, problems);
    const retransmitMs = num(o.retransmitMs, `${path}.retransmitMs`, problems, { min: 0, optional: true });
    if (value === undefined) return undefined;
    return retransmitMs === undefined ? { rate: value } : { rate: value, retransmitMs };
  },
  create: (cfg, ctx) => new Corrupt(cfg, ctx),
};
