import { describe, expect, it } from 'vitest';
import { expectedLossRate } from '../../../src/impair/impairments/loss.ts';
import { harness } from '../harness.ts';

/** A 5-sigma binomial bound on the observed fraction: |k/n - p| < 5 sqrt(p(1-p)/n). */
function binomialBound(p: number, n: number): number {
  return 5 * Math.sqrt((p * (1 - p)) / n);
}

describe('loss', () => {
  it('random loss drops within a computed binomial bound, counted by cause', () => {
    const n = 20_000;
    const h = harness([['loss', 0.1]], 'datagram', 42);
    for (let i = 0; i < n; i++) h.send('x');
    const lost = n - h.out.length;
    expect(Math.abs(lost / n - 0.1)).toBeLessThan(binomialBound(0.1, n));
    expect(h.recorder.dropped.loss).toBe(lost);
    expect(h.recorder.droppedTotal).toBe(lost);
  });

  it('Gilbert-Elliott loses in bursts with the long-run rate p/(p+r)', () => {
    const cfg = { model: 'gilbert-elliott', p: 0.01, r: 0.1 } as const;
    const n = 100_000;
    const h = harness([['loss', cfg]], 'datagram', 3);
    for (let i = 0; i < n; i++) h.send('x');
    const delivered = new Set(h.out.map((d) => d.seq));
    let bursts = 0;
    let lostCount = 0;
    for (let i = 0; i < n; i++) {
      if (delivered.has(i)) continue;
      lostCount++;
      if (i === 0 || delivered.has(i - 1)) bursts++;
    }
    const expected = expectedLossRate(cfg);
    expect(expected).toBeCloseTo(0.0909, 3);
    // Bursts make samples correlated: widen the binomial bound by the mean burst length (1/r = 10).
    expect(Math.abs(lostCount / n - expected)).toBeLessThan(binomialBound(expected, n) * Math.sqrt(10));
    const meanBurst = lostCount / bursts;
    expect(meanBurst).toBeGreaterThan(7);
    expect(meanBurst).toBeLessThan(13);
  });

  it('stream mode turns loss into an in-order retransmission stall', () => {
    const h = harness([['loss', { rate: 0.5, retransmitMs: 200 }]], 'stream', 1);
    for (let i = 0; i < 20; i++) {
      h.send(String.fromCharCode(65 + i));
      h.scheduler.advance(10);
    }
    h.chain.end();
    h.scheduler.advance(10_000);
    expect(h.out.map((d) => d.text).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(h.out.at(-1)?.kind).toBe('fin');
    expect(h.recorder.droppedTotal).toBe(0);
    expect(h.recorder.counters.retransmitted).toBeGreaterThan(0);
    expect(Math.max(...h.out.map((d) => d.t))).toBeGreaterThanOrEqual(200);
  });
});
