// Observed figures of one direction of one link, summed over its sessions (UDP source addresses or
// TCP connections). Chains record into it; `snapshot` gives the serialisable DirectionStats.
import { LatencyHistogram } from '../metrics/histogram.ts';
import type { DirectionStats, DropCause, StageCounter, StageSpec } from './types.ts';

/** Mutable counters for one direction; cheap to update per packet. */
export class DirectionRecorder {
  packetsIn = 0;
  bytesIn = 0;
  packetsOut = 0;
  bytesOut = 0;
  dropped: Partial<Record<DropCause, number>> = {};
  droppedTotal = 0;
  droppedBytes = 0;
  reordered = 0;
  readonly counters: Record<StageCounter, number> = {
    duplicated: 0,
    corrupted: 0,
    retransmitted: 0,
    reorderedByStage: 0,
    absorbed: 0,
  };
  firstInMs = Number.NaN;
  lastOutMs = Number.NaN;
  readonly latency = new LatencyHistogram();

  recordIn(bytes: number, now: number): void {
    if (this.packetsIn === 0) this.firstInMs = now;
    this.packetsIn++;
    this.bytesIn += bytes;
  }

  recordOut(bytes: number, latencyMs: number, now: number): void {
    this.packetsOut++;
    this.bytesOut += bytes;
    this.lastOutMs = now;
    this.latency.record(latencyMs);
  }

  recordDrop(bytes: number, cause: DropCause): void {
    this.dropped[cause] = (this.dropped[cause] ?? 0) + 1;
    this.droppedTotal++;
    this.droppedBytes += bytes;
  }

  count(counter: StageCounter, n = 1): void {
    this.counters[counter] += n;
  }

  /** Serialisable view; `held` and `configured` come from the link. */
  snapshot(held: number, heldBytes: number, configured: StageSpec[]): DirectionStats {
    const activeMs = this.lastOutMs - this.firstInMs;
    const entered = this.packetsIn;
    return {
      packetsIn: this.packetsIn,
      bytesIn: this.bytesIn,
      packetsOut: this.packetsOut,
      bytesOut: this.bytesOut,
      dropped: { ...this.dropped },
      droppedTotal: this.droppedTotal,
      duplicated: this.counters.duplicated,
      corrupted: this.counters.corrupted,
      retransmitted: this.counters.retransmitted,
      reordered: this.reordered,
      held,
      heldBytes,
      latencyMs: this.latency.summary(),
      achievedKbps: activeMs > 0 ? round((this.bytesOut * 8) / activeMs) : 0,
      lossRate: entered > 0 ? round(this.droppedTotal / entered, 6) : 0,
      duplicateRate: entered > 0 ? round(this.counters.duplicated / entered, 6) : 0,
      configured,
    };
  }
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
