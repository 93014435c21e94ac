// The typed netcode matchers on synthetic clients: pass/fail, messages with observed vs expected,
// and expect.poll.
import { describe, expect, it } from 'vitest';
import '../../fixtures/matchers/index.ts';
import { percentileOf } from '../../fixtures/matchers/latency.ts';
import { ClientMetrics } from '../../src/game/client-metrics.ts';
import { LatencyHistogram } from '../../src/metrics/histogram.ts';
import { ev } from './events.ts';

function client(
  name: string,
  opts: { snapshots: number; hz?: number; underruns?: number; pos?: [number, number] },
) {
  const metrics = new ClientMetrics();
  metrics.ingest(ev(0, 'client_connected', {}));
  const step = 1000 / (opts.hz ?? 30);
  for (let i = 0; i < opts.snapshots; i++)
    metrics.ingest(ev(i * step, 'snapshot_received', { seq: i, delay_ms: 10 }));
  for (let i = 0; i < (opts.underruns ?? 0); i++) metrics.ingest(ev(i, 'underrun', {}));
  if (opts.pos) metrics.ingest(ev(opts.snapshots * step, 'position', { pos: opts.pos }));
  return { name, metrics };
}

function failure(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    return String((e as Error).message);
  }
  throw new Error('expected the assertion to fail');
}

describe('toHaveReceivedSnapshots', () => {
  it('passes on enough snapshots at the rate, and names the client that falls short', () => {
    const ok = client('client-1', { snapshots: 90 });
    const slow = client('client-2', { snapshots: 90, hz: 10 });
    expect(ok).toHaveReceivedSnapshots({ min: 60, rateHz: 25 });
    const msg = failure(() => expect([ok, slow]).toHaveReceivedSnapshots({ min: 60, rateHz: 25 }));
    expect(msg).toContain('1 of 2 client(s)');
    expect(msg).toMatch(/client-2: rate 10\.0 Hz < 25 Hz/);
    expect(failure(() => expect(ok).toHaveReceivedSnapshots({ min: 100 }))).toContain(
      'snapshots 90 < min 100',
    );
  });

  it('works with expect.poll as the stream grows', async () => {
    const c = client('client-1', { snapshots: 1 });
    let t = 0;
    const grow = setInterval(() => {
      t += 33;
      c.metrics.ingest(ev(t, 'snapshot_received', {}));
    }, 2);
    try {
      await expect.poll(() => c, { timeout: 5000, interval: 5 }).toHaveReceivedSnapshots({ min: 20 });
    } finally {
      clearInterval(grow);
    }
    expect(c.metrics.snapshots).toBeGreaterThanOrEqual(20);
  });

  it('rejects things that are not clients', () => {
    expect(failure(() => expect(42).toHaveReceivedSnapshots())).toContain('expects a game client');
  });
});

describe('toHaveNoUnderruns', () => {
  it('is strict by default and says observed vs expected', () => {
    expect(client('c', { snapshots: 30 })).toHaveNoUnderruns();
    const msg = failure(() =>
      expect(client('client-3', { snapshots: 30, underruns: 1 })).toHaveNoUnderruns(),
    );
    expect(msg).toContain('expected no underruns (expected 0)');
    expect(msg).toMatch(/client-3: 1 underrun\(s\) in 30 snapshots/);
  });

  it('tolerates a per-minute rate of noise but not a real bug', () => {
    const noisy = client('noisy', { snapshots: 150, underruns: 1 }); // ~5 s: 12/min
    const broken = client('broken', { snapshots: 150, underruns: 40 }); // ~480/min
    expect(noisy).toHaveNoUnderruns({ tolerancePerMinute: 60 });
    expect(failure(() => expect(broken).toHaveNoUnderruns({ tolerancePerMinute: 60 }))).toContain('broken');
    expect(broken).not.toHaveNoUnderruns({ tolerancePerMinute: 60 });
  });
});

describe('toHaveNoUnderruns with starved time', () => {
  it('fails on a long starvation even when it is a single episode', () => {
    const c = client('starved', { snapshots: 120, underruns: 1 }); // ~4 s observed
    c.metrics.ingest(
      ev(3900, 'client_stats', { underruns: 1, underrun_ms: 2000, received: 120, snapshots: 30 }),
    );
    expect(c.metrics.starvedPct()).toBeGreaterThan(45);
    expect(c).toHaveNoUnderruns({ tolerancePerMinute: 150 });
    const msg = failure(() => expect(c).toHaveNoUnderruns({ tolerancePerMinute: 150, maxStarvedPct: 20 }));
    expect(msg).toContain('<= 20 % of the time starved');
    expect(msg).toMatch(/starved: 1 underrun\(s\) .* starved 2000 ms = \d+\.\d %/);
  });
});

describe('toConverge', () => {
  it('passes within the radius of the target and lists the stragglers with distances', () => {
    const near = client('near', { snapshots: 5, pos: [1030, 1020] });
    const far = client('far', { snapshots: 5, pos: [100, 1024] });
    expect(near).toConverge({ target: [1024, 1024], within: 64 });
    const msg = failure(() => expect([near, far]).toConverge({ target: [1024, 1024], within: 64 }));
    expect(msg).toContain('far: at [100, 1024], 924 units from [1024, 1024] (expected <= 64)');
    expect(msg).not.toContain('near:');
  });

  it('accepts a converged event without an explicit target', () => {
    const c = client('c', { snapshots: 5 });
    c.metrics.ingest(ev(500, 'converged', { target: [1024, 1024], pos: [1000, 1000], dist: 34 }));
    expect(c).toConverge();
  });
});

describe('toHavePercentileBelow', () => {
  it('reads histograms, arrays and objects with a delay', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) h.record(i);
    expect(h).toHavePercentileBelow(50, 60);
    expect([1, 2, 3, 100]).toHavePercentileBelow(50, 10);
    expect({ delay: h }).toHavePercentileBelow(99, 101);
    const msg = failure(() => expect(h).toHavePercentileBelow(99, 50));
    expect(msg).toMatch(/expected p99 below 50 ms, observed p99 = 99(\.\d)? ms \(n=100/);
  });

  it('fails on an empty distribution and on the wrong type', () => {
    expect(failure(() => expect([]).toHavePercentileBelow(99, 10))).toContain('no samples');
    expect(failure(() => expect('x').toHavePercentileBelow(99, 10))).toContain('expected a LatencyHistogram');
  });

  it('uses nearest-rank percentiles on arrays', () => {
    expect(percentileOf([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentileOf([5, 1, 4, 2, 3], 100)).toBe(5);
    expect(percentileOf([], 50)).toBe(0);
  });
});
