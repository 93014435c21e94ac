import { describe, expect, it } from 'vitest';
import { ServerMetrics } from '../../src/game/server-metrics.ts';
import { ev } from './events.ts';

describe('ServerMetrics', () => {
  it('aggregates snapshots, sizes, per-peer bandwidth, ticks and chunk changes', () => {
    const m = new ServerMetrics();
    m.ingest(ev(0, 'server_ready', { port: 7000, tick_hz: 30, startup_ms: 90 }));
    m.ingest(ev(1, 'peer_connected', { peer: 11 }));
    m.ingest(ev(1, 'peer_connected', { peer: 12 }));
    for (let i = 0; i < 30; i++) {
      m.ingest(
        ev(i * 33, 'snapshot_sent', {
          peer: 11,
          client_id: 1,
          seq: i,
          bytes: i === 0 ? 200 : 50,
          full: i === 0,
        }),
      );
      m.ingest(ev(i * 33, 'snapshot_sent', { peer: 12, client_id: 2, seq: i, bytes: 100, full: false }));
    }
    m.ingest(ev(1000, 'tick', { cat: 'tick', count: 30, duration_ms: 0.4, max_ms: 2.5 }));
    m.ingest(ev(2000, 'tick', { cat: 'tick', count: 30, duration_ms: 0.6, max_ms: 1.5 }));
    m.ingest(ev(1000, 'peer_stats', { peer: 11, client_id: 1, kbps: 13.5, total_bytes: 1650 }));
    m.ingest(ev(1200, 'chunk_change', { cat: 'world', entity: 1, client_id: 1, from: [0, 0], to: [1, 0] }));
    m.ingest(ev(1300, 'peer_disconnected', { peer: 12, client_id: 2 }));

    const s = m.summary();
    expect(s.snapshotsSent).toBe(60);
    expect(s.fullSnapshots).toBe(1);
    expect(s.snapshotBytes.max).toBe(200);
    expect(s.snapshotBytes.p50).toBeCloseTo(100, 0);
    expect(s.tickMs.count).toBe(2);
    expect(s.tickMaxMs).toBe(2.5);
    expect(s.chunkChanges).toBe(1);
    expect(s.peers).toBe(1);
    expect(m.ready).toBe(true);
    expect(m.startupMs).toBe(90);
    expect(s.perPeer['client-1']).toMatchObject({
      snapshots: 30,
      bytes: 200 + 29 * 50,
      fullSnapshots: 1,
      reportedKbps: 13.5,
    });
    expect(s.perPeer['client-2'].bytesPerSecond).toBe(Math.round((3000 * 1000) / (29 * 33)));
  });

  it('merges peers beyond its bound into "other"', () => {
    const m = new ServerMetrics({ maxPeers: 2 });
    for (let c = 1; c <= 5; c++) m.ingest(ev(c, 'snapshot_sent', { client_id: c, bytes: 10 }));
    const per = m.summary().perPeer;
    expect(Object.keys(per).sort()).toEqual(['client-1', 'client-2', 'other']);
    expect(per.other.snapshots).toBe(3);
  });
});
