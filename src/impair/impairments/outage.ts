// Nothing gets through for durationMs after the stage starts (or until removed: a blackhole).
// Datagram: packets are dropped (cause 'outage'). Stream: TCP keeps retransmitting, so chunks are
// held in order and released when the outage ends or the stage is removed.
import { HoldQueue } from '../hold-queue.ts';
import type {
  Impairment,
  ImpairmentDefinition,
  OutageConfig,
  Packet,
  StageContext,
  TimerHandle,
} from '../types.ts';
import { duration, knownKeys, obj } from '../validate.ts';

class Outage implements Impairment<OutageConfig> {
  readonly type = 'outage';
  private readonly ctx: StageContext;
  private readonly queue: HoldQueue;
  private endMs = Number.POSITIVE_INFINITY;
  private timer: TimerHandle | undefined;

  constructor(cfg: OutageConfig, ctx: StageContext) {
    this.ctx = ctx;
    this.queue = new HoldQueue(ctx);
    this.update(cfg);
  }

  private get active(): boolean {
    return this.ctx.clock.now() < this.endMs;
  }

  push(packet: Packet): void {
    if (!this.active) {
      if (this.queue.size > 0) this.queue.hold(packet, this.queue.lastDue);
      else this.ctx.emit(packet);
      return;
    }
    if (this.ctx.mode === 'stream') this.queue.hold(packet, Number.POSITIVE_INFINITY);
    else this.ctx.drop(packet, 'outage');
  }

  /** A new config restarts the outage from now. */
  update(cfg: OutageConfig): void {
    this.timer?.cancel();
    this.timer = undefined;
    const now = this.ctx.clock.now();
    this.endMs = cfg.durationMs === undefined ? Number.POSITIVE_INFINITY : now + cfg.durationMs;
    if (this.endMs !== Number.POSITIVE_INFINITY) {
      this.timer = this.ctx.at(this.endMs, () => {
        this.timer = undefined;
        this.queue.flush();
      });
    }
  }

  flush(): void {
    this.timer?.cancel();
    this.queue.flush();
  }

  dispose(): void {
    this.timer?.cancel();
    this.queue.dispose();
  }

  held(): number {
    return this.queue.size;
  }
}

export const outage: ImpairmentDefinition<OutageConfig> = {
  type: 'outage',
  summary: 'nothing gets through for durationMs (absent: until removed); streams resume afterwards',
  modes: ['datagram', 'stream'],
  normalize(raw, path, problems) {
    if (raw === true) return {};
    if (typeof raw === 'number') raw = { durationMs: raw };
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, ['durationMs'], path, problems);
    const durationMs = duration(o.durationMs, `${path}.durationMs`, problems, true);
    return durationMs === undefined ? {} : { durationMs };
  },
  create: (cfg, ctx) => new Outage(cfg, ctx),
};
