import { describe, expect, it } from 'vitest';
import { harness } from '../harness.ts';

describe('outage', () => {
  it('datagram: drops everything for durationMs, then passes', () => {
    const h = harness([['outage', 100]]);
    h.send('a');
    h.scheduler.advance(99);
    h.send('b');
    h.scheduler.advance(1);
    h.send('c');
    expect(h.out.map((d) => d.text)).toEqual(['c']);
    expect(h.recorder.dropped.outage).toBe(2);
  });

  it('stream: holds in order and releases at the end; a blackhole holds until removed', () => {
    const h = harness([['outage', 100]], 'stream');
    h.send('a');
    h.scheduler.advance(50);
    h.send('b');
    h.scheduler.advance(50);
    expect(h.out.map((d) => [d.text, d.t])).toEqual([
      ['a', 100],
      ['b', 100],
    ]);
    const g = harness([['outage', true]], 'stream');
    g.send('x');
    g.scheduler.advance(10_000);
    expect(g.out).toEqual([]);
    g.chain.remove('outage');
    expect(g.out.map((d) => [d.text, d.t])).toEqual([['x', 10_000]]);
  });
});
