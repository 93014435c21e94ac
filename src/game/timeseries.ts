// Per-second time series of a game session for the report's plots, aggregated over clients so that a
// 16-client test still yields a handful of series. Points are [ms since t0, value].

import type { GameClientHandle } from './game-client.ts';
import type { GameServerHandle } from './game-server.ts';

/** Same shape as the report's TimeSeriesMeta. */
export interface GameTimeSeries {
  name: string;
  unit: string;
  /** A null value is a gap: nothing measured in that second (no snapshot, client disconnected). */
  points: [number, number | null][];
  source?: string;
}

type Agg = 'min' | 'max' | 'sum';

/** Per-second buckets over clients; nulls count only where a bucket holds nothing else (a gap). */
function bucketed(
  rows: { t: number; v: number | null }[][],
  t0: number,
  agg: Agg,
): [number, number | null][] {
  const buckets = new Map<number, number | null>();
  for (const series of rows) {
    for (const { t, v } of series) {
      const k = Math.floor((t - t0) / 1000) * 1000;
      const cur = buckets.get(k);
      buckets.set(
        k,
        cur === undefined || cur === null
          ? v
          : v === null
            ? cur
            : agg === 'min'
              ? Math.min(cur, v)
              : agg === 'max'
                ? Math.max(cur, v)
                : cur + v,
      );
    }
  }
  return [...buckets.entries()].filter(([k]) => k >= 0).sort((a, b) => a[0] - b[0]);
}

/**
 * Snapshot rate (min over clients), delay (max), underruns per second (sum), the render series (see
 * renderSeries), server tick mean/max.
 */
export function gameTimeSeries(
  t0: number,
  server: GameServerHandle | undefined,
  clients: readonly GameClientHandle[],
): GameTimeSeries[] {
  const out: GameTimeSeries[] = [];
  const stats = clients.map((c) => c.metrics.perSecondStats);
  if (stats.some((s) => s.length > 0)) {
    out.push({
      name: 'snapshot rate (slowest client)',
      unit: 'Hz',
      points: bucketed(
        stats.map((s) => s.map(([t, n]) => ({ t, v: n }))),
        t0,
        'min',
      ),
    });
    out.push({
      name: 'snapshot delay mean (worst client)',
      unit: 'ms',
      points: bucketed(
        stats.map((s) => s.map(([t, , d]) => ({ t, v: d }))),
        t0,
        'max',
      ),
    });
    out.push({
      name: 'underruns per second (all clients)',
      unit: 'count',
      points: bucketed(
        stats.map((s) => s.map(([t, , , u], i) => ({ t, v: i === 0 ? u : u - s[i - 1][3] }))),
        t0,
        'sum',
      ),
    });
  }
  if (stats.some((s) => s.some((row) => row[4] > 0))) {
    // Only when there are any: the figure a `baselineMismatches` assertion reads, drawn with its bound.
    out.push({
      name: 'baseline mismatches so far (worst client)',
      unit: 'count',
      points: bucketed(
        stats.map((s) => s.map(([t, , , , m]) => ({ t, v: m }))),
        t0,
        'max',
      ),
    });
  }
  out.push(...renderSeries(t0, clients));
  if (server && server.metrics.tickSeries.length > 0) {
    const ticks = server.metrics.tickSeries;
    out.push({
      name: 'server tick mean',
      unit: 'ms',
      source: server.name,
      points: bucketed([ticks.map(([t, m]) => ({ t, v: m }))], t0, 'max'),
    });
    out.push({
      name: 'server tick max',
      unit: 'ms',
      source: server.name,
      points: bucketed([ticks.map(([t, , x]) => ({ t, v: x }))], t0, 'max'),
    });
  }
  return out;
}

/**
 * What the players saw, per second (clients that report render metrics): frames with a jump (sum over
 * clients), the largest step on screen (worst client, world units), extrapolation past the newest
 * snapshot (worst client, ms) and frames whose interpolation fraction was outside [0, 1] (sum).
 */
export function renderSeries(t0: number, clients: readonly GameClientHandle[]): GameTimeSeries[] {
  const rows = clients.map((c) => c.metrics.render.perSecond).filter((r) => r.length > 0);
  if (rows.length === 0) return [];
  const series = (name: string, unit: string, col: 2 | 3 | 4 | 5, agg: Agg): GameTimeSeries => ({
    name,
    unit,
    points: bucketed(
      rows.map((r) => r.map((row) => ({ t: row[0], v: row[col] }))),
      t0,
      agg,
    ),
  });
  return [
    series('render jump frames per second (all clients)', 'count', 2, 'sum'),
    series('render step max (worst client)', 'units', 3, 'max'),
    series('render extrapolation max (worst client)', 'ms', 4, 'max'),
    series('interpolation fraction outside [0,1] per second (all clients)', 'count', 5, 'sum'),
  ];
}
