import { describe, expect, it } from 'vitest';
import { harness } from '../harness.ts';

describe('bandwidth', () => {
  it('spaces packets at the token rate after the initial burst', () => {
    // 80 kbit/s = 10 bytes/ms; burst 1000 bytes; 1000-byte packets leave every 100 ms.
    const h = harness([['bandwidth', { rateKbps: 80, burstBytes: 1000, queueBytes: 10_000 }]]);
    for (let i = 0; i < 5; i++) h.send(Buffer.alloc(1000, i));
    h.scheduler.advance(1000);
    expect(h.out.map((d) => d.t)).toEqual([0, 100, 200, 300, 400]);
  });

  it('tail-drops beyond the queue bound and counts it', () => {
    const h = harness([['bandwidth', { rateKbps: 80, burstBytes: 1000, queueBytes: 2500 }]]);
    for (let i = 0; i < 6; i++) h.send(Buffer.alloc(1000));
    h.scheduler.advance(2000);
    // 1 sent at once, 2 queued (2000 <= 2500), the rest dropped.
    expect(h.out).toHaveLength(3);
    expect(h.recorder.dropped.queue).toBe(3);
  });

  it('a rate change applies to queued packets from the moment of the change', () => {
    const h = harness([['bandwidth', { rateKbps: 80, burstBytes: 1000, queueBytes: 10_000 }]]);
    for (let i = 0; i < 3; i++) h.send(Buffer.alloc(1000));
    h.scheduler.advance(50);
    h.chain.update(h.spec('bandwidth', { rateKbps: 160, burstBytes: 1000, queueBytes: 10_000 }));
    h.scheduler.advance(1000);
    // at 50: 500 tokens; now 20 bytes/ms -> 500 more in 25 ms -> 75; then every 50 ms -> 125
    expect(h.out.map((d) => d.t)).toEqual([0, 75, 125]);
  });

  it('stream mode never drops: it asks for backpressure beyond the queue bound', () => {
    const h = harness([['bandwidth', { rateKbps: 8000, burstBytes: 1000, queueBytes: 2000 }]], 'stream');
    for (let i = 0; i < 5; i++) h.send(Buffer.alloc(1000));
    expect(h.events).toContain('pressure:true');
    h.scheduler.advance(100);
    expect(h.out).toHaveLength(5);
    expect(h.events.at(-1)).toBe('pressure:false');
    expect(h.recorder.droppedTotal).toBe(0);
  });
});
