import { describe, expect, it } from 'vitest';
import { harness } from '../harness.ts';

describe('latency', () => {
  it('delays every packet by exactly latencyMs', () => {
    const h = harness([['latency', 50]]);
    h.send('a');
    h.scheduler.advance(10);
    h.send('b');
    h.scheduler.advance(39);
    expect(h.out.map((d) => [d.text, d.t])).toEqual([]);
    h.scheduler.advance(1);
    expect(h.out.map((d) => [d.text, d.t])).toEqual([['a', 50]]);
    h.scheduler.advance(100);
    expect(h.out.map((d) => [d.text, d.t])).toEqual([
      ['a', 50],
      ['b', 60],
    ]);
    expect(h.recorder.latency.percentile(50)).toBeCloseTo(50, 1);
  });

  it('keeps order under jitter unless reorder is asked', () => {
    const run = (reorder: boolean) => {
      const h = harness(
        [['latency', { latencyMs: 50, jitterMs: 20, distribution: 'uniform', reorder }]],
        'datagram',
        7,
      );
      for (let i = 0; i < 200; i++) {
        h.send(String(i));
        h.scheduler.advance(1);
      }
      h.scheduler.advance(1000);
      return h;
    };
    const ordered = run(false);
    expect(ordered.out.map((d) => d.seq)).toEqual([...Array(200).keys()]);
    expect(ordered.recorder.reordered).toBe(0);
    const ts = ordered.out.map((d) => d.t);
    expect(ts.every((t, i) => i === 0 || t >= ts[i - 1])).toBe(true);
    const reordering = run(true);
    expect(reordering.out).toHaveLength(200);
    expect(reordering.recorder.reordered).toBeGreaterThan(0);
  });

  it('uniform jitter stays within +-jitterMs and is reproducible from the seed', () => {
    const times = (seed: number) => {
      const h = harness(
        [['latency', { latencyMs: 50, jitterMs: 10, distribution: 'uniform', reorder: true }]],
        'datagram',
        seed,
      );
      for (let i = 0; i < 500; i++) h.send(String(i));
      h.scheduler.advance(1000);
      return h.out.map((d) => d.t);
    };
    const a = times(3);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...a)).toBeLessThan(60);
    expect(times(3)).toEqual(a);
    expect(times(4)).not.toEqual(a);
  });

  it('normal jitter has the configured mean and standard deviation (5 sigma bound)', () => {
    const h = harness(
      [['latency', { latencyMs: 50, jitterMs: 10, distribution: 'normal', reorder: true }]],
      'datagram',
      11,
    );
    const n = 4000;
    for (let i = 0; i < n; i++) h.send('x');
    h.scheduler.advance(1000);
    const xs = h.out.map((d) => d.t);
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    // Standard error of the mean is sd/sqrt(n) = 0.158 ms; 5 sigma = 0.8 ms. Clamping at 0 is 5 sd away.
    expect(Math.abs(mean - 50)).toBeLessThan(0.8);
    expect(Math.abs(sd - 10)).toBeLessThan(0.6);
  });

  it('pareto jitter only adds delay, with a heavy tail', () => {
    const h = harness(
      [['latency', { latencyMs: 20, jitterMs: 5, distribution: 'pareto', reorder: true }]],
      'datagram',
      5,
    );
    for (let i = 0; i < 2000; i++) h.send('x');
    h.scheduler.advance(100_000);
    const xs = h.out.map((d) => d.t).sort((a, b) => a - b);
    expect(xs[0]).toBeGreaterThanOrEqual(20);
    expect(xs[xs.length - 1]).toBeGreaterThan(40);
  });

  it('correlation makes consecutive jitter samples alike', () => {
    const lag1 = (correlation: number) => {
      const h = harness(
        [['latency', { latencyMs: 100, jitterMs: 10, correlation, reorder: true }]],
        'datagram',
        9,
      );
      for (let i = 0; i < 2000; i++) h.send(String(i));
      h.scheduler.advance(1000);
      const bySeq = [...h.out].sort((a, b) => a.seq - b.seq).map((d) => d.t);
      const m = bySeq.reduce((a, b) => a + b, 0) / bySeq.length;
      let num = 0;
      let den = 0;
      for (let i = 0; i < bySeq.length; i++) {
        den += (bySeq[i] - m) ** 2;
        if (i > 0) num += (bySeq[i] - m) * (bySeq[i - 1] - m);
      }
      return num / den;
    };
    expect(Math.abs(lag1(0))).toBeLessThan(0.1);
    expect(lag1(0.8)).toBeGreaterThan(0.6);
  });

  it('update re-times held packets from their arrival, as Toxiproxy does; removal flushes them at once', () => {
    const h = harness([['latency', 100]]);
    h.send('a');
    h.scheduler.advance(10);
    h.chain.update(h.spec('latency', 20));
    h.send('b');
    h.scheduler.advance(5);
    expect(h.out).toEqual([]);
    h.scheduler.advance(75);
    // a (in at 0) is now due at 20, b (in at 10) at 30
    expect(h.out.map((d) => [d.text, d.t])).toEqual([
      ['a', 20],
      ['b', 30],
    ]);
    h.chain.update(h.spec('latency', 200));
    h.send('c');
    h.scheduler.advance(5);
    h.chain.remove('latency');
    expect(h.out.map((d) => [d.text, d.t]).at(-1)).toEqual(['c', 95]);
    expect(h.recorder.droppedTotal).toBe(0);
  });
});
