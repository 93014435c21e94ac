import { describe, expect, it } from 'vitest';
import { harness } from './harness.ts';

describe('chain mutation while packets are in flight', () => {
  it('a stage added in the middle applies to packets that reach it afterwards', () => {
    const h = harness([['latency', 100]]);
    h.send('a'); // held by latency until 100
    h.chain.add(h.spec('outage', true), 0); // before latency: only new packets meet it
    h.send('b');
    h.scheduler.advance(100);
    expect(h.out.map((d) => d.text)).toEqual(['a']);
    expect(h.recorder.dropped.outage).toBe(1);
  });

  it('a removed stage flushes what it holds into the stages after it (not dropped)', () => {
    const s = harness([], 'stream');
    s.chain.add(s.spec('outage', true, 'hole'));
    s.chain.add(s.spec('latency', 20));
    s.send('a');
    s.send('b');
    s.scheduler.advance(50);
    expect(s.out).toEqual([]);
    s.chain.remove('hole');
    // flushed at 50 into latency: delivered at 70, in order, nothing dropped
    s.scheduler.advance(100);
    expect(s.out.map((d) => [d.text, d.t])).toEqual([
      ['a', 70],
      ['b', 70],
    ]);
    expect(s.recorder.droppedTotal).toBe(0);
  });

  it('replacing a stage with another type flushes the old one and inserts the new at its place', () => {
    const h = harness([['latency', 100]]);
    h.send('a');
    h.scheduler.advance(10);
    h.chain.reconcile([h.spec('bandwidth', { rateKbps: 8, burstBytes: 1 }, 'latency')]);
    // 'a' flushed at 10 straight to the sink (it was past the replaced slot)
    expect(h.out.map((d) => [d.text, d.t])).toEqual([['a', 10]]);
    expect(h.chain.specs().map((s) => s.type)).toEqual(['bandwidth']);
  });

  it('reconcile leaves an unchanged stage (same spec object) and its timers alone', () => {
    const h = harness([]);
    const outage = h.spec('outage', 100);
    h.chain.reconcile([outage]);
    h.scheduler.advance(60);
    h.chain.reconcile([outage, h.spec('latency', 1)]);
    h.scheduler.advance(40);
    h.send('x');
    h.scheduler.advance(1);
    expect(h.out.map((d) => d.text)).toEqual(['x']);
  });

  it('toxicity 0 keeps the stage listed but inactive', () => {
    const h = harness([]);
    h.chain.add({ ...h.spec('outage', true), toxicity: 0 });
    h.send('a');
    expect(h.out.map((d) => d.text)).toEqual(['a']);
    expect(h.chain.specs()).toHaveLength(1);
  });

  it('dispose forgets held packets, counts them as closed, and ignores later pushes', () => {
    const h = harness([['latency', 100]]);
    h.send('a');
    h.send('b');
    h.chain.dispose();
    h.send('c');
    h.scheduler.advance(1000);
    expect(h.out).toEqual([]);
    expect(h.recorder.dropped.closed).toBe(3);
  });

  it('many mutations under steady traffic never lose or duplicate a datagram', () => {
    const h = harness([['latency', { latencyMs: 10, jitterMs: 5 }]], 'datagram', 8);
    for (let i = 0; i < 2000; i++) {
      h.send(String(i));
      h.scheduler.advance(0.5);
      if (i % 97 === 0) h.chain.reconcile([h.spec('latency', { latencyMs: (i % 5) * 7, jitterMs: 3 })]);
      if (i % 211 === 0) h.chain.add(h.spec('bandwidth', { rateKbps: 10_000, queueBytes: 1e6 }, `bw${i}`), 0);
      if (i % 211 === 100) h.chain.remove(`bw${i - 100}`);
    }
    h.scheduler.advance(10_000);
    expect(h.out.map((d) => d.seq)).toEqual([...Array(2000).keys()]);
  });
});
