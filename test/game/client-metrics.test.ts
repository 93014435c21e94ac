import { describe, expect, it } from 'vitest';
import { ClientMetrics } from '../../src/game/client-metrics.ts';
import { defaultGameEventNames } from '../../src/game/event-names.ts';
import type { GameEvent } from '../../src/process/types.ts';
import { ev } from './events.ts';

/** A synthetic client: connects at 0 (attempt began 40 ms earlier), then 30 Hz snapshots for 2 s. */
function healthyStream(): GameEvent[] {
  const out: GameEvent[] = [ev(0, 'client_connected', { connect_ms: 40, reconnect: false })];
  out.push(ev(60, 'first_snapshot', { ms_since_connect: 100, seq: 1, full: true, reconnect: false }));
  for (let i = 0; i < 60; i++) {
    out.push(
      ev(60 + Math.round((i * 1000) / 30), 'snapshot_received', {
        seq: i + 1,
        bytes: 80,
        delay_ms: 5 + (i % 10),
      }),
    );
  }
  return out;
}

describe('ClientMetrics', () => {
  it('counts snapshots, rate and delay percentiles from per-packet events', () => {
    const m = new ClientMetrics();
    for (const e of healthyStream()) m.ingest(e);
    expect(m.snapshots).toBe(60);
    expect(m.snapshotRateHz()).toBeGreaterThan(29);
    expect(m.snapshotRateHz()).toBeLessThan(31);
    expect(m.meanSnapshotRateHz()).toBeCloseTo(30, 0);
    expect(m.delay.count).toBe(60);
    expect(m.delay.percentile(50)).toBeGreaterThanOrEqual(9);
    expect(m.delay.percentile(100)).toBeCloseTo(14, 1);
    expect(m.timeToFirstSnapshotMs).toBe(100);
    expect(m.hasFirstSnapshot).toBe(true);
    expect(m.summary()).toMatchObject({ snapshots: 60, underruns: 0, connected: true, connects: 1 });
  });

  it('estimates time to first snapshot from connect -> snapshot when the engine does not say', () => {
    const m = new ClientMetrics();
    m.ingest(ev(0, 'client_connected', { connect_ms: 40 }));
    expect(m.hasFirstSnapshot).toBe(false);
    m.ingest(ev(25, 'snapshot_received', { seq: 1, delay_ms: 3 }));
    expect(m.timeToFirstSnapshotMs).toBe(65);
    expect(m.hasFirstSnapshot).toBe(true);
  });

  it('takes the larger of rate-limited warning lines and cumulative client_stats', () => {
    const m = new ClientMetrics();
    for (let i = 0; i < 5; i++) m.ingest(ev(i, 'underrun', { behind_ms: 10 }));
    m.ingest(ev(2, 'interp_warning', { reason: 'own_missing', entity: 3 }));
    m.ingest(ev(3, 'interp_warning', { reason: 'vanished', entity: 4 }));
    expect(m.underruns).toBe(5);
    m.ingest(
      ev(1000, 'client_stats', {
        received: 29,
        underruns: 17,
        interp_warnings: 1,
        baseline_mismatches: 2,
        reconnects: 0,
        snapshots: 29,
        delay_mean_ms: 12,
        pos: [100, 200],
        connected: true,
      }),
    );
    expect(m.underruns).toBe(17);
    expect(m.interpolationWarnings).toBe(2);
    expect(m.ownEntityMissing).toBe(1);
    expect(m.baselineMismatches).toBe(2);
    expect(m.snapshots).toBe(29);
    expect(m.position).toEqual([100, 200]);
  });

  it('falls back to per-second stats for rate and delay when packets are not logged', () => {
    const m = new ClientMetrics();
    m.ingest(ev(0, 'client_connected', {}));
    for (let s = 1; s <= 4; s++) {
      m.ingest(
        ev(s * 1000, 'client_stats', {
          received: 30 * s,
          snapshots: 30,
          delay_mean_ms: 10 * s,
          connected: true,
        }),
      );
    }
    expect(m.snapshots).toBe(120);
    expect(m.snapshotRateHz()).toBe(30);
    expect(m.delay.count).toBe(4);
    expect(m.delay.percentile(100)).toBeCloseTo(40, 1);
  });

  it('tracks disconnect, reconnect and time to first snapshot after each reconnect', () => {
    const m = new ClientMetrics();
    for (const e of healthyStream()) m.ingest(e);
    m.ingest(ev(3000, 'disconnect', { reason: 'churn' }));
    expect(m.connected).toBe(false);
    expect(m.hasFirstSnapshot).toBe(false);
    m.ingest(ev(4000, 'reconnect', { attempt: 2, disconnected_ms: 1000 }));
    m.ingest(ev(4050, 'client_connected', { connect_ms: 50, reconnect: true }));
    m.ingest(ev(4080, 'snapshot_received', { seq: 1 }));
    expect(m.reconnectTimeToFirstSnapshotMs).toEqual([80]);
    m.ingest(ev(4081, 'first_snapshot', { ms_since_connect: 78, reconnect: true }));
    expect(m.reconnectTimeToFirstSnapshotMs).toEqual([78]);
    expect(m.timeToFirstSnapshotMs).toBe(100);
    expect(m.summary()).toMatchObject({ reconnects: 1, disconnects: 1, connects: 2, connected: true });
  });

  it('records route plan, waypoints, convergence and arrival', () => {
    const m = new ClientMetrics();
    m.ingest(
      ev(0, 'route_plan', {
        cat: 'route',
        waypoints: [
          [1, 2],
          [3, 4],
        ],
      }),
    );
    m.ingest(ev(10, 'position', { pos: [1.5, 2.5], waypoint: 0 }));
    m.ingest(ev(20, 'route_waypoint', { index: 0, target: [1, 2], pos: [1, 2] }));
    m.ingest(ev(30, 'converged', { target: [1024, 1024], pos: [1000, 1010], dist: 30 }));
    m.ingest(ev(40, 'arrived', { target: [5, 5], pos: [5, 5] }));
    expect(m.routePlan).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(m.waypointsReached).toEqual([[0, 1, 2]]);
    expect(m.convergence).toMatchObject({ target: [1024, 1024], dist: 30 });
    expect(m.lastArrival?.pos).toEqual([5, 5]);
    expect(m.path.map((p) => p[1])).toEqual([1.5, 1, 1000, 5]);
  });

  it('counts unreadable fields instead of throwing', () => {
    const m = new ClientMetrics();
    m.ingest(ev(0, 'first_snapshot', { ms_since_connect: 'soon' }));
    m.ingest(ev(1, 'position', { pos: 'nowhere' }));
    m.ingest(ev(2, 'route_plan', { waypoints: [[1, 2], 'x'] }));
    expect(m.malformed).toBe(3);
    expect(m.timeToFirstSnapshotMs).toBeUndefined();
  });

  it("reads another engine's vocabulary through a custom name table", () => {
    const m = new ClientMetrics({
      names: { ...defaultGameEventNames, snapshotReceived: ['snap'], underrun: ['starved'] },
    });
    m.ingest(ev(0, 'snap', { delay_ms: 4 }));
    m.ingest(ev(33, 'snap', { delay_ms: 6 }));
    m.ingest(ev(40, 'starved', {}));
    m.ingest(ev(50, 'snapshot_received', {}));
    expect(m.snapshots).toBe(2);
    expect(m.underruns).toBe(1);
  });

  it('bounds the kept path (drop-oldest, counted)', () => {
    const m = new ClientMetrics({ maxPath: 10 });
    for (let i = 0; i < 25; i++) m.ingest(ev(i, 'position', { pos: [i, i] }));
    expect(m.path).toHaveLength(10);
    expect(m.path[0][1]).toBe(15);
    expect(m.pathDropped).toBe(15);
  });
});
