// Base for stream stages that hold nothing and act once, timeoutMs after the stage starts (a new
// config restarts the wait); removing the stage cancels the pending action.
import type { Impairment, Packet, StageContext, TimerHandle } from '../types.ts';

export abstract class OneShotStage<C> implements Impairment<C> {
  abstract readonly type: string;
  protected readonly ctx: StageContext;
  private timer: TimerHandle | undefined;

  constructor(cfg: C, ctx: StageContext) {
    this.ctx = ctx;
    this.update(cfg);
  }

  abstract push(packet: Packet): void;

  /** Restart the wait for a new config (call `schedule`). */
  abstract update(cfg: C): void;

  /** Cancel the pending action; then, unless `ms` is undefined, run `action` `ms` from now. */
  protected schedule(ms: number | undefined, action: () => void): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (ms !== undefined) this.timer = this.ctx.at(this.ctx.clock.now() + ms, action);
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
