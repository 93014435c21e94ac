import { describe, expect, it } from 'vitest';
import { harness } from '../harness.ts';

describe('reorder', () => {
  it('holds a packet back by gapMs so later ones overtake it; the sink counts the reordering', () => {
    const h = harness([['reorder', { rate: 1, gapMs: 5 }]], 'datagram');
    h.send('a');
    h.chain.update(h.spec('reorder', { rate: 0, gapMs: 5 }));
    h.scheduler.advance(1);
    h.send('b');
    h.scheduler.advance(10);
    expect(h.out.map((d) => [d.text, d.t])).toEqual([
      ['b', 1],
      ['a', 5],
    ]);
    expect(h.recorder.reordered).toBe(1);
    expect(h.recorder.counters.reorderedByStage).toBe(1);
  });

  it('observed reordering tracks the configured rate', () => {
    const h = harness([['reorder', { rate: 0.05, gapMs: 3 }]], 'datagram', 4);
    for (let i = 0; i < 10_000; i++) {
      h.send('x');
      h.scheduler.advance(1);
    }
    h.scheduler.advance(10);
    expect(h.out).toHaveLength(10_000);
    const held = h.recorder.counters.reorderedByStage;
    expect(Math.abs(held / 10_000 - 0.05)).toBeLessThan(5 * Math.sqrt((0.05 * 0.95) / 10_000));
    // a held packet arrives after those sent during its gap, unless they were held too (consecutive holds)
    expect(h.recorder.reordered).toBeLessThanOrEqual(held);
    expect(h.recorder.reordered).toBeGreaterThan(held * 0.9);
  });
});
