// Stream: reset the connection (RST both ways) timeoutMs after the stage starts; data passes until
// then (Toxiproxy `reset_peer`).
import type {
  Impairment,
  ImpairmentDefinition,
  Packet,
  ResetPeerConfig,
  StageContext,
  TimerHandle,
} from '../types.ts';
import { knownKeys, num, obj } from '../validate.ts';

class ResetPeer implements Impairment<ResetPeerConfig> {
  readonly type = 'resetPeer';
  private readonly ctx: StageContext;
  private timer: TimerHandle | undefined;

  constructor(cfg: ResetPeerConfig, ctx: StageContext) {
    this.ctx = ctx;
    this.update(cfg);
  }

  push(packet: Packet): void {
    this.ctx.emit(packet);
  }

  update(cfg: ResetPeerConfig): void {
    this.timer?.cancel();
    this.timer = this.ctx.at(this.ctx.clock.now() + cfg.timeoutMs, () => this.ctx.reset('resetPeer'));
  }

  flush(): void {
    this.timer?.cancel();
  }

  dispose(): void {
    this.timer?.cancel();
  }

  held(): number {
    return 0;
  }
}

export const resetPeer: ImpairmentDefinition<ResetPeerConfig> = {
  type: 'resetPeer',
  summary: 'stream: reset the connection (RST) timeoutMs after the stage starts',
  modes: ['stream'],
  normalize(raw, path, problems) {
    if (typeof raw === 'number') raw = { timeoutMs: raw };
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, ['timeoutMs'], path, problems);
    const timeoutMs = num(o.timeoutMs, `${path}.timeoutMs`, problems, { min: 0 });
    return timeoutMs === undefined ? undefined : { timeoutMs };
  },
  create: (cfg, ctx) => new ResetPeer(cfg, ctx),
};
