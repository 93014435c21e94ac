// Stream-mode retransmission stall shared by loss and corruption: TCP never loses or garbles bytes
// for the application; a lost or corrupted segment arrives late (after a retransmission timeout) and
// everything behind it waits (head-of-line blocking). Packets keep their order.
import type { HoldQueue } from '../hold-queue.ts';
import type { Packet, StageContext } from '../types.ts';

/** Default retransmission stall (ms) when a config gives no retransmitMs. */
export const RETRANSMIT_MS = 200;

/** Stream mode: a `hit` packet is delayed by `stallMs` (and all that follow it); others pass in order. */
export function streamStall(
  queue: HoldQueue,
  ctx: StageContext,
  packet: Packet,
  hit: boolean,
  stallMs = RETRANSMIT_MS,
): void {
  const now = ctx.clock.now();
  if (hit) {
    ctx.count('retransmitted');
    queue.hold(packet, Math.max(now + stallMs, queue.lastDue));
  } else if (queue.size === 0) ctx.emit(packet);
  else queue.hold(packet, Math.max(now, queue.lastDue));
}
