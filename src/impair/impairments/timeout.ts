// Stream: stop all data (dropped, cause 'timeout') and close the connection timeoutMs after the stage
// starts; timeoutMs 0 never closes, data is dropped until the stage is removed (Toxiproxy `timeout`).
import type {
  Impairment,
  ImpairmentDefinition,
  Packet,
  StageContext,
  TimeoutConfig,
  TimerHandle,
} from '../types.ts';
import { knownKeys, num, obj } from '../validate.ts';

class Timeout implements Impairment<TimeoutConfig> {
  readonly type = 'timeout';
  private readonly ctx: StageContext;
  private timer: TimerHandle | undefined;

  constructor(cfg: TimeoutConfig, ctx: StageContext) {
    this.ctx = ctx;
    this.update(cfg);
  }

  push(packet: Packet): void {
    this.ctx.drop(packet, 'timeout');
  }

  update(cfg: TimeoutConfig): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (cfg.timeoutMs > 0)
      this.timer = this.ctx.at(this.ctx.clock.now() + cfg.timeoutMs, () => this.ctx.close('timeout'));
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

export const timeout: ImpairmentDefinition<TimeoutConfig> = {
  type: 'timeout',
  summary: 'stream: drop all data and close the connection after timeoutMs (0: never close)',
  modes: ['stream'],
  normalize(raw, path, problems) {
    if (typeof raw === 'number') raw = { timeoutMs: raw };
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, ['timeoutMs'], path, problems);
    const timeoutMs = num(o.timeoutMs, `${path}.timeoutMs`, problems, { min: 0 });
    return timeoutMs === undefined ? undefined : { timeoutMs };
  },
  create: (cfg, ctx) => new Timeout(cfg, ctx),
};
