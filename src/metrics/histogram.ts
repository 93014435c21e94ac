// Latency distributions in milliseconds, recorded at microsecond resolution in an HDR histogram so
// percentiles stay exact to 3 significant digits at any volume with fixed memory.
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';

/** Percentile summary of a latency distribution; every field in milliseconds except `count`. */
export interface HistogramSummary {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
}

export interface LatencyHistogramOptions {
  /** Largest value kept exactly, in ms; larger values are clamped and counted in `clamped`. Default 600 000. */
  highestMs?: number;
  /** Significant decimal digits kept (1..5). Default 3. */
  significantDigits?: number;
  /**
   * Packed counts (hdr-histogram-js 'packed' buckets): a few KB instead of ~75-90 KB while few distinct
   * values are recorded, same precision; a little slower to record. For one histogram per bot.
   */
  packed?: boolean;
}

const US_PER_MS = 1000;

/** A latency histogram in ms with fixed memory. Negative or non-finite samples are counted, not recorded. */
export class LatencyHistogram {
  private readonly hist: Histogram;
  private readonly highestUs: number;
  /** Samples above `highestMs`, recorded as `highestMs`. */
  clamped = 0;
  /** Samples that were negative, NaN or infinite and were not recorded. */
  rejected = 0;

  constructor(options: LatencyHistogramOptions = {}) {
    this.highestUs = Math.round((options.highestMs ?? 600_000) * US_PER_MS);
    this.hist = build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: this.highestUs,
      numberOfSignificantValueDigits: (options.significantDigits ?? 3) as 1 | 2 | 3 | 4 | 5,
      bitBucketSize: options.packed ? 'packed' : 32,
      useWebAssembly: false,
    });
  }

  /** Record one sample in milliseconds (fractions kept to the microsecond). */
  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      this.rejected++;
      return;
    }
    let us = Math.round(ms * US_PER_MS);
    if (us > this.highestUs) {
      us = this.highestUs;
      this.clamped++;
    }
    this.hist.recordValue(us);
  }

  /** Number of recorded samples. */
  get count(): number {
    return this.hist.totalCount;
  }

  /**
   * The value at percentile p (0..100) in ms; 0 when empty. HDR answers with the upper bound of the
   * value's bucket, which can lie above every recorded sample: the answer is clamped to the max.
   */
  percentile(p: number): number {
    if (this.hist.totalCount === 0) return 0;
    return Math.min(this.hist.maxValue, this.hist.getValueAtPercentile(p)) / US_PER_MS;
  }

  private minUs(): number {
    const m = this.hist.minNonZeroValue;
    return m === Number.MAX_SAFE_INTEGER ? 0 : m;
  }

  /** All usual percentiles at once; zeros when empty. */
  summary(): HistogramSummary {
    const n = this.hist.totalCount;
    if (n === 0) return { count: 0, min: 0, max: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 };
    return {
      count: n,
      min: this.minUs() / US_PER_MS,
      max: this.hist.maxValue / US_PER_MS,
      mean: this.hist.mean / US_PER_MS,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p95: this.percentile(95),
      p99: this.percentile(99),
      p999: this.percentile(99.9),
    };
  }

  /** Add every sample of `other` into this histogram. */
  merge(other: LatencyHistogram): void {
    this.hist.add(other.hist);
    this.clamped += other.clamped;
    this.rejected += other.rejected;
  }

  /** The samples as compressed base64 (HdrHistogram's own format), for merging across processes. */
  encode(): string {
    return encodeIntoCompressedBase64(this.hist);
  }

  /** Add the samples of an `encode()`d histogram (from another worker, shard or machine). */
  mergeEncoded(encoded: string): void {
    const other = decodeFromCompressedBase64(encoded, 32, false);
    try {
      this.hist.add(other);
    } finally {
      other.destroy();
    }
  }

  reset(): void {
    this.hist.reset();
    this.clamped = 0;
    this.rejected = 0;
  }
}
