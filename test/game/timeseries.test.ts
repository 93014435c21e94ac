import { describe, expect, it } from 'vitest';
import { ClientMetrics } from '../../src/game/client-metrics.ts';
import type { GameClientHandle } from '../../src/game/game-client.ts';
import type { GameServerHandle } from '../../src/game/game-server.ts';
import { ServerMetrics } from '../../src/game/server-metrics.ts';
import { gameTimeSeries } from '../../src/game/timeseries.ts';

const T0 = 1_700_000_000_000;
const stats = (t: number, snapshots: number, delay: number, underruns: number) => ({
  t: T0 + t,
  level: 'info',
  cat: 'net',
  event: 'client_stats',
  snapshots,
  delay_mean_ms: delay,
  underruns,
  connected: true,
});

describe('gameTimeSeries', () => {
  it('aggregates clients per second: slowest rate, worst delay, summed new underruns; server ticks', () => {
    const a = new ClientMetrics();
    const b = new ClientMetrics();
    a.ingest(stats(1000, 30, 5, 0));
    a.ingest(stats(2000, 29, 6, 2));
    b.ingest(stats(1100, 20, 9, 1));
    b.ingest(stats(2100, 30, 4, 1));
    const server = new ServerMetrics();
    server.ingest({ t: T0 + 1000, level: 'info', cat: 'tick', event: 'tick', duration_ms: 0.5, max_ms: 3 });
    const series = gameTimeSeries(
      T0,
      { name: 'server', metrics: server } as unknown as GameServerHandle,
      [{ metrics: a }, { metrics: b }] as unknown as GameClientHandle[],
    );
    const byName = Object.fromEntries(series.map((s) => [s.name, s.points]));
    expect(byName['snapshot rate (slowest client)']).toEqual([
      [1000, 20],
      [2000, 29],
    ]);
    expect(byName['snapshot delay mean (worst client)']).toEqual([
      [1000, 9],
      [2000, 6],
    ]);
    expect(byName['underruns per second (all clients)']).toEqual([
      [1000, 1],
      [2000, 2],
    ]);
    expect(byName['server tick max']).toEqual([[1000, 3]]);
  });

  it('marks seconds without snapshots as gaps (null), not zero delay; a disconnected client has no rate', () => {
    const a = new ClientMetrics();
    a.ingest(stats(1000, 30, 5, 0));
    a.ingest(stats(2000, 0, 0, 0));
    a.ingest({ ...stats(3000, 0, 0, 0), connected: false });
    a.ingest(stats(4000, 28, 7, 0));
    const series = gameTimeSeries(T0, undefined, [{ metrics: a }] as unknown as GameClientHandle[]);
    const byName = Object.fromEntries(series.map((s) => [s.name, s.points]));
    expect(byName['snapshot delay mean (worst client)']).toEqual([
      [1000, 5],
      [2000, null],
      [3000, null],
      [4000, 7],
    ]);
    expect(byName['snapshot rate (slowest client)']).toEqual([
      [1000, 30],
      [2000, 0],
      [3000, null],
      [4000, 28],
    ]);
  });

  it('returns nothing without stats', () => {
    expect(gameTimeSeries(T0, undefined, [])).toEqual([]);
  });
});
