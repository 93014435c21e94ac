import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/metrics/histogram.ts';
import { Random } from '../../src/util/random.ts';

describe('LatencyHistogram', () => {
  it('gives percentiles within 0.1% of the exact order statistics', () => {
    const h = new LatencyHistogram();
    const r = new Random(3);
    const samples: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = r.normal(50, 10);
      if (v < 0) continue;
      samples.push(v);
      h.record(v);
    }
    samples.sort((a, b) => a - b);
    const exact = (p: number) => samples[Math.ceil((p / 100) * samples.length) - 1];
    for (const p of [50, 90, 99]) {
      expect(Math.abs(h.percentile(p) - exact(p)) / exact(p)).toBeLessThan(0.002);
    }
    const s = h.summary();
    expect(s.count).toBe(samples.length);
    expect(s.mean).toBeCloseTo(samples.reduce((a, b) => a + b, 0) / samples.length, 1);
    expect(s.max).toBeCloseTo(samples[samples.length - 1], 1);
  });

  it('counts rejected and clamped samples instead of dropping them silently', () => {
    const h = new LatencyHistogram({ highestMs: 100 });
    h.record(-1);
    h.record(Number.NaN);
    h.record(500);
    h.record(0.25);
    expect(h.rejected).toBe(2);
    expect(h.clamped).toBe(1);
    expect(h.count).toBe(2);
    expect(h.summary().max).toBeCloseTo(100, 0);
  });

  it('never gives a percentile above the max or below the min (bucket upper bounds are clamped)', () => {
    const h = new LatencyHistogram();
    // 69.64 ms lands in a bucket whose highest equivalent value is 69.695 ms.
    for (let i = 0; i < 200; i++) h.record(40 + (i % 20));
    h.record(69.64);
    h.record(69.64);
    h.record(69.64);
    const s = h.summary();
    expect(s.max).toBe(69.64);
    for (const k of ['p50', 'p90', 'p95', 'p99', 'p999'] as const) {
      expect(s[k], k).toBeLessThanOrEqual(s.max);
      expect(s[k], k).toBeGreaterThanOrEqual(s.min);
    }
    expect(h.percentile(100)).toBe(69.64);
    expect(h.percentile(0)).toBe(s.min);
  });

  it('merges and resets', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.record(1);
    b.record(3);
    a.merge(b);
    expect(a.count).toBe(2);
    expect(a.percentile(100)).toBeCloseTo(3, 2);
    a.reset();
    expect(a.summary()).toMatchObject({ count: 0, p99: 0 });
  });
});
