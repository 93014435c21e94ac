// Flip one random bit of a packet (a copy; the sender's buffer is untouched) with probability `rate`.
// Stream mode: TCP checksums catch corruption, so the chunk is retransmitted after a stall instead.
import type { CorruptConfig, ImpairmentDefinition, Packet } from '../types.ts';
import { duration, knownKeys, obj, rate } from '../validate.ts';
import { HoldingStage } from './holding-stage.ts';
import { streamStall } from './stall.ts';

class Corrupt extends HoldingStage<CorruptConfig> {
  readonly type = 'corrupt';

  push(packet: Packet): void {
    const hit = packet.kind === 'data' && packet.data.length > 0 && this.ctx.random.chance(this.cfg.rate);
    if (this.ctx.mode === 'stream') {
      streamStall(this.queue, this.ctx, packet, hit, this.cfg.retransmitMs);
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
    const retransmitMs = duration(o.retransmitMs, `${path}.retransmitMs`, problems, true);
    if (value === undefined) return undefined;
    return retransmitMs === undefined ? { rate: value } : { rate: value, retransmitMs };
  },
  create: (cfg, ctx) => new Corrupt(cfg, ctx),
};
