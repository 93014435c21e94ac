// Base for stages that hold packets in a HoldQueue until a due time: `update` swaps the config, and
// removing the stage flushes (emits in order) or disposes (forgets) whatever is still held.
import { HoldQueue } from '../hold-queue.ts';
import type { Impairment, Packet, StageContext } from '../types.ts';

export abstract class HoldingStage<C> implements Impairment<C> {
  abstract readonly type: string;
  protected cfg: C;
  protected readonly ctx: StageContext;
  protected readonly queue: HoldQueue;

  constructor(cfg: C, ctx: StageContext) {
    this.cfg = cfg;
    this.ctx = ctx;
    this.queue = new HoldQueue(ctx);
  }

  abstract push(packet: Packet): void;

  update(cfg: C): void {
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
