// Token bucket: tokens (bytes) refill at rateKbps up to burstBytes; a packet leaves when the bucket
// holds its size (or a full bucket, for packets larger than it), FIFO. The queue is bounded by
// queueBytes: datagrams beyond it are tail-dropped (cause 'queue'); streams ask for backpressure.
// Streams are paced by bytes, not by reads: a chunk larger than the bucket leaves in pieces as tokens
// come (at least a bucket, at most 10 ms of rate at once), so one 50 KB read at 100 KB/s takes 0.5 s
// as it does through Toxiproxy, instead of passing whole.
import type {
  BandwidthConfig,
  Impairment,
  ImpairmentDefinition,
  Packet,
  StageContext,
  TimerHandle,
} from '../types.ts';
import { knownKeys, num, obj } from '../validate.ts';

const MTU = 1500;
/** Stream mode: the longest stretch of rate one piece may carry, ms (bounds timer wakeups). */
const PIECE_MS = 10;
/** Largest burst or queue a bandwidth stage may hold, bytes (1 GiB). */
const MAX_QUEUE_BYTES = 1 << 30;

class Bandwidth implements Impairment<BandwidthConfig> {
  readonly type = 'bandwidth';
  private cfg: BandwidthConfig;
  private readonly ctx: StageContext;
  private tokens: number;
  private lastRefill: number;
  private queue: Packet[] = [];
  private queuedBytes = 0;
  private timer: TimerHandle | undefined;
  private pressing = false;

  constructor(cfg: BandwidthConfig, ctx: StageContext) {
    this.cfg = cfg;
    this.ctx = ctx;
    this.tokens = this.burst;
    this.lastRefill = ctx.clock.now();
  }

  private get burst(): number {
    return this.cfg.burstBytes ?? MTU;
  }

  /** Bytes per ms at the configured rate. */
  private get bytesPerMs(): number {
    return this.cfg.rateKbps / 8;
  }

  private refill(): void {
    const now = this.ctx.clock.now();
    const earned = this.tokens + (now - this.lastRefill) * this.bytesPerMs;
    // An idle bucket fills to burstBytes at most; a backlogged one keeps every token it earned, so a
    // late timer (a loaded machine) delays the next piece but never lowers the long-run rate.
    this.tokens = this.queue.length > 0 ? earned : Math.min(this.burst, earned);
    this.lastRefill = now;
  }

  push(packet: Packet): void {
    const size = packet.data.length;
    if (this.ctx.mode === 'datagram' && this.queuedBytes + size > (this.cfg.queueBytes ?? 65_536)) {
      this.ctx.drop(packet, 'queue');
      return;
    }
    this.queue.push(packet);
    this.queuedBytes += size;
    this.drain();
  }

  private drain(): void {
    this.refill();
    while (this.queue.length > 0) {
      const head = this.queue[0];
      const need = Math.min(head.data.length, this.burst);
      if (this.tokens + 1e-9 < need) break;
      const piece = this.ctx.mode === 'stream' ? this.pieceOf(head) : head;
      if (piece === head) this.queue.shift();
      else this.queue[0] = { ...head, data: head.data.subarray(piece.data.length) };
      this.queuedBytes -= piece.data.length;
      this.tokens -= piece.data.length;
      this.ctx.emit(piece);
    }
    this.pressure();
    this.arm();
  }

  /** Stream mode: the head chunk whole when it fits the pace, else its first piece (tokens may go into debt). */
  private pieceOf(head: Packet): Packet {
    if (head.kind !== 'data') return head;
    const size = Math.max(this.burst, Math.floor(this.tokens), Math.ceil(this.bytesPerMs * PIECE_MS));
    if (head.data.length <= size) return head;
    return { ...head, data: head.data.subarray(0, size) };
  }

  private pressure(): void {
    if (this.ctx.mode !== 'stream') return;
    const over = this.queuedBytes > (this.cfg.queueBytes ?? 65_536);
    if (over !== this.pressing) {
      this.pressing = over;
      this.ctx.backpressure(over);
    }
  }

  private arm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const head = this.queue[0];
    if (!head) return;
    const need = Math.min(head.data.length, this.burst) - this.tokens;
    this.timer = this.ctx.at(this.ctx.clock.now() + need / this.bytesPerMs, () => {
      this.timer = undefined;
      this.drain();
    });
  }

  update(cfg: BandwidthConfig): void {
    this.refill();
    this.cfg = cfg;
    this.tokens = Math.min(this.tokens, this.burst);
    this.drain();
  }

  flush(): void {
    this.timer?.cancel();
    const q = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const p of q) this.ctx.emit(p);
    if (this.pressing) this.ctx.backpressure(false);
    this.pressing = false;
  }

  dispose(): void {
    this.timer?.cancel();
    this.queue = [];
    this.queuedBytes = 0;
  }

  held(): number {
    return this.queue.length;
  }
}

export const bandwidth: ImpairmentDefinition<BandwidthConfig> = {
  type: 'bandwidth',
  summary: 'token bucket at rateKbps (burstBytes deep) with a queueBytes-bounded queue, tail drop',
  modes: ['datagram', 'stream'],
  normalize(raw, path, problems) {
    if (typeof raw === 'number') raw = { rateKbps: raw };
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, ['rateKbps', 'burstBytes', 'queueBytes'], path, problems);
    const rateKbps = num(o.rateKbps, `${path}.rateKbps`, problems, { min: 0, exclusiveMin: true });
    const burstBytes = num(o.burstBytes, `${path}.burstBytes`, problems, {
      min: 1,
      max: MAX_QUEUE_BYTES,
      optional: true,
    });
    const queueBytes = num(o.queueBytes, `${path}.queueBytes`, problems, {
      min: 0,
      max: MAX_QUEUE_BYTES,
      optional: true,
    });
    if (rateKbps === undefined) return undefined;
    const cfg: BandwidthConfig = { rateKbps };
    if (burstBytes !== undefined) cfg.burstBytes = burstBytes;
    if (queueBytes !== undefined) cfg.queueBytes = queueBytes;
    return cfg;
  },
  create: (cfg, ctx) => new Bandwidth(cfg, ctx),
};
