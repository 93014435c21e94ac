// Observed figures of one direction of one link, summed over its sessions (UDP source addresses or
// TCP connections). Chains record into it; `snapshot` gives the serialisable DirectionStats.
import { LatencyHistogram } from '../metrics/histogram.ts';
import { expectedLossRate } from './impairments/loss.ts';
import type {
  BandwidthConfig,
  DirectionStats,
  DropCause,
  DuplicateConfig,
  ExpectedFigures,
  LatencyConfig,
  LossConfig,
  StageCounter,
  StageSpec,
} from './types.ts';

/** What a chain of stage specs implies (see ExpectedFigures). Toxicity scales each stage's effect. */
export function expectedFigures(specs: readonly StageSpec[]): ExpectedFigures {
  const out: ExpectedFigures = {};
  let pass = 1;
  let hasLoss = false;
  for (const s of specs) {
    const share = s.toxicity ?? 1;
    if (s.type === 'loss') {
      hasLoss = true;
      pass *= 1 - share * expectedLossRate(s.config as LossConfig);
    } else if (s.type === 'duplicate') {
      out.duplicateRate = (out.duplicateRate ?? 0) + share * (s.config as DuplicateConfig).rate;
    } else if (s.type === 'latency') {
      const c = s.config as LatencyConfig;
      const paretoMean = c.distribution === 'pareto' ? (c.jitterMs ?? 0) : 0;
      out.latencyMs = (out.latencyMs ?? 0) + share * (c.latencyMs + paretoMean);
    } else if (s.type === 'bandwidth') {
      const r = (s.config as BandwidthConfig).rateKbps;
      out.rateKbps = out.rateKbps === undefined ? r : Math.min(out.rateKbps, r);
    }
  }
  if (hasLoss) out.lossRate = Math.round((1 - pass) * 1e6) / 1e6;
  return out;
}

/** Width of one time-series bucket, ms. */
export const SERIES_BUCKET_MS = 500;
/** Buckets kept (10 minutes at 500 ms); older ones are dropped. */
export const SERIES_MAX_BUCKETS = 1200;

interface Bucket {
  startMs: number;
  /** End of the bucket (exclusive): the next 500 ms mark, or the change that cut it short. */
  endMs: number;
  out: number;
  bytes: number;
  latencySumMs: number;
  dropped: number;
}

/** One bucket of a direction's time series. */
export interface SeriesPoint {
  /** Bucket start, ms since the origin given to series(): a 500 ms mark, or the change that began it. */
  tMs: number;
  delivered: number;
  dropped: number;
  /** Delivered kbit/s over the bucket. */
  kbps: number;
  /** Mean delivered latency in the bucket, ms (NaN when nothing was delivered). */
  latencyMeanMs: number;
}

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

  /**
   * Clock time the series buckets are aligned to (the network's origin): buckets start at origin +
   * k*500 ms, and a change in between (cut) starts one of its own, so the plot point that shows the
   * change's effect sits at the change, not up to one bucket width before it.
   */
  private readonly bucketOriginMs: number;

  constructor(bucketOriginMs = 0) {
    this.bucketOriginMs = bucketOriginMs;
  }

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
    const b = this.bucket(now);
    b.out++;
    b.bytes += bytes;
    b.latencySumMs += latencyMs;
  }

  /** `now` (clock ms) places the drop in the time series; without it only the totals count it. */
  recordDrop(bytes: number, cause: DropCause, now?: number): void {
    this.dropped[cause] = (this.dropped[cause] ?? 0) + 1;
    this.droppedTotal++;
    this.droppedBytes += bytes;
    if (now !== undefined) this.bucket(now).dropped++;
  }

  /** Time series per SERIES_BUCKET_MS bucket (oldest dropped beyond SERIES_MAX_BUCKETS). */
  series(originMs: number): SeriesPoint[] {
    return this.buckets.map((b) => ({
      tMs: b.startMs - originMs,
      delivered: b.out,
      dropped: b.dropped,
      kbps: Math.round((b.bytes * 8) / Math.max(1, b.endMs - b.startMs)),
      latencyMeanMs: b.out > 0 ? Math.round((b.latencySumMs / b.out) * 1000) / 1000 : Number.NaN,
    }));
  }

  private readonly buckets: Bucket[] = [];

  /** Start a new bucket at `now` (a configuration change): what follows is plotted from the change on. */
  cut(now: number): void {
    this.cutAtMs = now;
    const last = this.buckets[this.buckets.length - 1];
    if (last && now > last.startMs && now < last.endMs) last.endMs = now;
  }

  /** Clock time of the latest change (cut); the bucket after it starts there. */
  private cutAtMs = Number.NEGATIVE_INFINITY;

  private bucket(now: number): Bucket {
    const last = this.buckets[this.buckets.length - 1];
    if (last && now < last.endMs) return last; // never reorder buckets
    const o = this.bucketOriginMs;
    const mark = o + Math.floor((now - o) / SERIES_BUCKET_MS) * SERIES_BUCKET_MS;
    // After a change within this 500 ms, the bucket starts at the change, not at the mark.
    const startMs = Math.max(mark, Math.min(this.cutAtMs, now));
    const b: Bucket = {
      startMs,
      endMs: mark + SERIES_BUCKET_MS,
      out: 0,
      bytes: 0,
      latencySumMs: 0,
      dropped: 0,
    };
    this.buckets.push(b);
    if (this.buckets.length > SERIES_MAX_BUCKETS) this.buckets.shift();
    return b;
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
      expected: expectedFigures(configured),
    };
  }
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
