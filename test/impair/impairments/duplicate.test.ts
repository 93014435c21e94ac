import { describe, expect, it } from 'vitest';
import { harness } from '../harness.ts';

describe('duplicate', () => {
  it('duplicates at the configured rate (5-sigma bound), copy right after the original', () => {
    const n = 20_000;
    const h = harness([['duplicate', 0.1]], 'datagram', 9);
    for (let i = 0; i < n; i++) h.send(String(i));
    const dups = h.out.length - n;
    expect(Math.abs(dups / n - 0.1)).toBeLessThan(5 * Math.sqrt((0.1 * 0.9) / n));
    expect(h.recorder.counters.duplicated).toBe(dups);
    const i = h.out.findIndex((d, k) => k > 0 && d.seq === h.out[k - 1].seq);
    expect(h.out[i].text).toBe(h.out[i - 1].text);
    expect(h.recorder.reordered).toBe(0);
  });

  it('stream mode absorbs duplication (TCP discards duplicate segments)', () => {
    const h = harness([['duplicate', 1]], 'stream');
    h.send('abc');
    expect(h.out.map((d) => d.text)).toEqual(['abc']);
    expect(h.recorder.counters.absorbed).toBe(1);
  });
});
