// Stream-mode retransmission stall shared by loss and corruption: TCP never loses or garbles bytes
// for the application; a lost or corrupted segment arrives late (after a retransmission timeout) and
// everything behind it waits (head-of-line blocking). Packets keep their order.
import { HoldQueue } from '../hold-queue.ts';
import type { Packet, StageContext } from '../types.ts';

/** FIFO holder: `pass` forwards in order, `stall` delays one packet and all that follow it. */
export class StreamStall {
  private readonly queue: HoldQueue;
  private readonly ctx: StageContext;

  constructor(ctx: StageContext) {
    this.ctx = ctx;
    this.queue = new HoldQueue(ctx);
  }

  pass(packet: Packet): void {
    const now = this.ctx.clock.now();
    if (this.queue.size === 0) {
      this.ctx.emit(packet);
      return;
    }
    this.queue.hold(packet, Math.max(now, this.queue.lastDue));
  }

  stall(packet: Packet, stallMs: number): void {
    const now = this.ctx.clock.now();
    this.ctx.count('retransmitted');
    this.queue.hold(packet, Math.max(now + stallMs, this.queue.lastDue));
  }

  get size(): number {
    return this.queue.size;
  }

  flush(): void {
    this.queue.flush();
  }

  dispose(): void {
    this.queue.dispose();
  }
}
