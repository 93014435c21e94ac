// Plot series of route_replay runs (issue #13): the waypoints each run reached over time, and how far
// apart two runs of the same seed reached each waypoint (the figure the replay spec bounds).
// Points are [ms since t0, value].

import type { ClientMetrics } from './client-metrics.ts';

/** Same shape as the report's TimeSeriesMeta. */
export interface RouteSeries {
  name: string;
  unit: string;
  source?: string;
  points: [number, number][];
}

/** What a route run leaves: its waypoints reached ([index, x, y]) and when (unix ms). */
export type RouteRunMetrics = Pick<ClientMetrics, 'waypointsReached' | 'waypointsReachedAt'>;

/** Waypoints reached so far (1, 2, ...) at the time each was reached, one series per run. */
export function waypointSeries(label: string, run: RouteRunMetrics, t0: number): RouteSeries {
  const n = Math.min(run.waypointsReached.length, run.waypointsReachedAt.length);
  const points: [number, number][] = [[0, 0]];
  for (let i = 0; i < n; i++) points.push([run.waypointsReachedAt[i] - t0, i + 1]);
  return { name: `${label} waypoints reached`, unit: 'waypoints', source: label, points };
}

/**
 * Distance between where run `a` and run `b` reached each waypoint (world units), at the time `a`
 * reached it: 0 for an exact replay.
 */
export function replayOffsetSeries(
  a: RouteRunMetrics,
  b: RouteRunMetrics,
  t0: number,
  name = 'replay offset per waypoint',
): RouteSeries {
  const n = Math.min(a.waypointsReached.length, b.waypointsReached.length, a.waypointsReachedAt.length);
  const points: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const [, ax, ay] = a.waypointsReached[i];
    const [, bx, by] = b.waypointsReached[i];
    points.push([a.waypointsReachedAt[i] - t0, Math.round(Math.hypot(ax - bx, ay - by) * 100) / 100]);
  }
  return { name, unit: 'units', points };
}
