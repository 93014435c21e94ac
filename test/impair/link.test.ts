import { describe, expect, it } from 'vitest';
import { LinkModel } from '../../src/impair/link.ts';
import { ProfileBook } from '../../src/impair/profiles.ts';
import { ManualScheduler } from '../../src/impair/scheduler.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { Random } from '../../src/util/random.ts';

function model(seed: number, protocol: 'udp' | 'tcp' = 'udp', originMs?: number) {
  const clock = new ManualClock(originMs ?? 0);
  const scheduler = new ManualScheduler(clock);
  const m = new LinkModel({
    id: 'c1',
    protocol,
    clock,
    scheduler,
    random: new Random(seed).fork('c1'),
    profiles: new ProfileBook(),
    originMs,
  });
  return { m, clock, scheduler };
}

/** Which of n packets each direction delivered, for a fresh model with `seed`. */
function pattern(seed: number, n = 500): { up: number[]; down: number[] } {
  const { m, scheduler } = model(seed);
  m.set({ loss: 0.3, latency: { latencyMs: 5, jitterMs: 3, reorder: true } });
  const up: number[] = [];
  const down: number[] = [];
  const s = m.openSession({ upstream: (p) => up.push(p.seq), downstream: (p) => down.push(p.seq) });
  for (let i = 0; i < n; i++) {
    s.upstream.push(Buffer.from('u'));
    s.downstream.push(Buffer.from('d'));
    scheduler.advance(1);
  }
  scheduler.advance(100);
  return { up, down };
}

describe('LinkModel', () => {
  it('replays exactly from its seed; directions draw from independent streams', () => {
    const a = pattern(42);
    expect(pattern(42)).toEqual(a);
    expect(pattern(43).up).not.toEqual(a.up);
    expect(a.up).not.toEqual(a.down);
  });

  it('a config change reaches every live session at once and new sessions start from it', () => {
    const { m } = model(1);
    const got: string[] = [];
    const s1 = m.openSession({ upstream: (p) => got.push(`1:${p.data}`), downstream: () => {} });
    const s2 = m.openSession({ upstream: (p) => got.push(`2:${p.data}`), downstream: () => {} });
    m.set({ upstream: { outage: true } });
    s1.upstream.push(Buffer.from('a'));
    s2.upstream.push(Buffer.from('b'));
    const s3 = m.openSession({ upstream: (p) => got.push(`3:${p.data}`), downstream: () => {} });
    s3.upstream.push(Buffer.from('c'));
    expect(got).toEqual([]);
    expect(m.directionStats('upstream').dropped.outage).toBe(3);
    m.upstream.removeStage('outage');
    s1.upstream.push(Buffer.from('d'));
    s3.upstream.push(Buffer.from('e'));
    expect(got).toEqual(['1:d', '3:e']);
  });

  it('API stages live beside short-form ones; names are unique; unknown names are coded errors', () => {
    const { m } = model(1, 'tcp');
    m.set({ latency: 10 });
    m.downstream.addStage({ name: 'slow', type: 'slicer', config: { averageSize: 4, delayUs: 100 } });
    expect(m.downstream.stages().map((s) => s.name)).toEqual(['latency', 'slow']);
    expect(() => m.downstream.addStage({ name: 'latency', type: 'latency', config: 1 })).toThrow(
      expect.objectContaining({ code: 'ERR_STAGE_EXISTS' }),
    );
    m.downstream.updateStage('slow', { averageSize: 8 });
    expect(m.downstream.stages()[1].config).toEqual({ averageSize: 8 });
    m.downstream.updateStage('latency', 20);
    expect(m.config()).toEqual({
      upstream: { latency: { latencyMs: 10 } },
      downstream: { latency: { latencyMs: 20 } },
    });
    expect(() => m.upstream.removeStage('nope')).toThrow(
      expect.objectContaining({ code: 'ERR_STAGE_NOT_FOUND' }),
    );
    m.downstream.clear();
    expect(m.downstream.stages()).toEqual([]);
  });

  it('stats are serialisable and carry the configured stages beside the observed figures', () => {
    const { m, scheduler } = model(2);
    m.set({ latency: 10 });
    const s = m.openSession({ upstream: () => {}, downstream: () => {} });
    for (let i = 0; i < 10; i++) s.upstream.push(Buffer.alloc(100));
    scheduler.advance(10);
    const st = m.directionStats('upstream');
    expect(JSON.parse(JSON.stringify(st))).toEqual(st);
    expect(st).toMatchObject({ packetsIn: 10, packetsOut: 10, bytesOut: 1000, held: 0, heldBytes: 0 });
    expect(st.latencyMs.p50).toBeCloseTo(10, 1);
    expect(st.configured).toEqual([{ name: 'latency', type: 'latency', config: { latencyMs: 10 } }]);
  });
});

describe('time series', () => {
  it('shows delivered latency rising by the configured amount, and drops, per 500 ms bucket', () => {
    const { m, scheduler } = model(3);
    m.set({ latency: 10 });
    const s = m.openSession({ upstream: () => {}, downstream: () => {} });
    for (let t = 0; t < 2000; t += 10) {
      if (t === 1000) m.set({ latency: 60, outage: 200 });
      s.upstream.push(Buffer.alloc(10));
      scheduler.advance(10);
    }
    scheduler.advance(100);
    const pts = m.recorders.upstream.series(0);
    // The outage's end at 1200 is a change too: a bucket starts there.
    expect(pts.map((p) => p.tMs)).toEqual([0, 500, 1000, 1200, 1500, 2000]);
    expect(pts[0].latencyMeanMs).toBe(10);
    expect(pts[1].latencyMeanMs).toBe(10);
    expect(pts[3].latencyMeanMs).toBe(60);
    expect(pts[4].latencyMeanMs).toBe(60);
    expect(pts[2].dropped).toBe(20); // 200 ms outage at one packet per 10 ms
    expect(pts[3].dropped).toBe(0);
    expect(pts.reduce((a, p) => a + p.delivered, 0)).toBe(180);
  });

  it('aligns buckets to the origin: a change at origin + 1000 ms is plotted at 1000, not 250 ms early', () => {
    // The network's origin is an arbitrary clock time; buckets used to start at multiples of 500 of
    // the raw clock, so with the origin at 1250 every point sat 250 ms before the change it showed.
    const origin = 1250;
    const { m, scheduler } = model(3, 'udp', origin);
    m.set({ latency: 10 });
    const s = m.openSession({ upstream: () => {}, downstream: () => {} });
    for (let t = 0; t < 2000; t += 10) {
      if (t === 1000) m.set({ latency: 60 });
      s.upstream.push(Buffer.alloc(10));
      scheduler.advance(10);
    }
    scheduler.advance(100);
    const pts = m.recorders.upstream.series(origin);
    expect(pts.map((p) => p.tMs)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(pts[1].latencyMeanMs).toBe(10);
    expect(pts[2].latencyMeanMs).toBeGreaterThan(55); // a few 10 ms packets are delivered at 1000
  });
});

describe('time series around a change off the 500 ms grid', () => {
  it('starts a bucket at the change: its point sits at the set() call, not at the 500 ms mark before it', () => {
    const origin = 1250;
    const { m, scheduler } = model(3, 'udp', origin);
    m.set({ latency: 10 });
    const s = m.openSession({ upstream: () => {}, downstream: () => {} });
    for (let t = 0; t < 2000; t += 2) {
      if (t === 1234) m.set({ latency: 60 });
      s.upstream.push(Buffer.alloc(10));
      scheduler.advance(2);
    }
    scheduler.advance(100);
    const pts = m.recorders.upstream.series(origin);
    // Before: [0, 500, 1000, 1500, ...] with the 1000 point mixing 234 ms at 10 ms and 266 ms at 60 ms.
    expect(pts.map((p) => p.tMs)).toEqual([0, 500, 1000, 1234, 1500, 2000]);
    expect(pts[2].latencyMeanMs).toBe(10);
    // Packets sent before the change still arrive 10 ms late for its first 10 ms; then 60 ms.
    expect(pts[3].latencyMeanMs).toBeGreaterThan(50);
    expect(pts[4].latencyMeanMs).toBe(60);
    // Rates count the bucket's own width: 10 B every 2 ms is 40 kbit/s in the short buckets too.
    expect(pts[2].kbps).toBe(40);
    expect(pts[1].kbps).toBe(40);
  });
});

describe('expected figures beside the observed ones', () => {
  it('derive from the configuration in force (GE loss long-run rate, pareto mean, narrowest rate)', () => {
    const { m } = model(4);
    m.set({
      loss: { model: 'gilbert-elliott', p: 0.01, r: 0.09 },
      duplicate: 0.02,
      latency: { latencyMs: 30, jitterMs: 4, distribution: 'pareto' },
      bandwidth: 1000,
    });
    m.upstream.addStage({ name: 'extra-rate', type: 'bandwidth', config: 500 });
    expect(m.directionStats('upstream').expected).toEqual({
      lossRate: 0.1,
      duplicateRate: 0.02,
      latencyMs: 34,
      rateKbps: 500,
    });
    expect(m.directionStats('downstream').expected.rateKbps).toBe(1000);
    m.reset();
    expect(m.directionStats('upstream').expected).toEqual({});
  });
});
