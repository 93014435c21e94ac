// Replays must be exact: the same seed gives the same route and the same path through it, so a
// failing run can be re-run with its seed. A different seed must give a different route.
import { join } from 'node:path';
import { recordThreshold } from '../../fixtures/matchers/threshold.ts';
import { appendSideMeta, attachMeta } from '../../fixtures/meta.ts';
import { GameSession } from '../../src/game/game-session.ts';
import type { GameLauncher } from '../../src/game/process-spec.ts';
import { replayOffsetSeries, waypointSeries } from '../../src/game/route-series.ts';
import { expect, test } from './fixtures.ts';

/** Farthest two same-seed runs may reach a waypoint apart, world units. */
const REACH_UNITS = 24;

interface RouteRun {
  plan: [number, number][];
  reached: [number, number, number][];
  /** When each waypoint was reached, unix ms. */
  reachedAt: number[];
  final: [number, number] | undefined;
}

/** One fresh server + one route_replay client; resolves when the client has walked its whole route. */
async function walkRoute(launcher: GameLauncher, seed: number, logDir: string): Promise<RouteRun> {
  const session = new GameSession({ launcher, seed, logDir });
  try {
    await session.startServer();
    const [c] = await session.startClients(1, { behavior: 'route_replay' });
    await expect
      .poll(
        () => (c.metrics.routePlan ? c.metrics.waypointsReached.length - c.metrics.routePlan.length : -1),
        {
          timeout: 45_000,
          interval: 250,
        },
      )
      .toBe(0);
    return {
      plan: c.metrics.routePlan ?? [],
      reached: [...c.metrics.waypointsReached],
      reachedAt: [...c.metrics.waypointsReachedAt],
      final: c.metrics.position,
    };
  } finally {
    await session.stop();
  }
}

test('route_replay walks the same path for the same seed', async ({ gameLauncher, seed, logDir, task }) => {
  const t0 = Date.now();
  attachMeta(task, 't0', t0);
  const [a, b, other] = await Promise.all([
    walkRoute(gameLauncher, seed, join(logDir, 'run-a')),
    walkRoute(gameLauncher, seed, join(logDir, 'run-b')),
    walkRoute(gameLauncher, seed + 1, join(logDir, 'run-other-seed')),
  ]);

  // The report plots each run's progress and the offset between the same-seed runs, with its bound.
  const runs = { a, b, 'other seed': other };
  const metricsOf = (r: RouteRun) => ({ waypointsReached: r.reached, waypointsReachedAt: r.reachedAt });
  const offset = replayOffsetSeries(
    metricsOf(a),
    metricsOf(b),
    t0,
    'replay offset per waypoint (run a vs b)',
  );
  appendSideMeta(
    task,
    logDir,
    'timeseries',
    ...Object.entries(runs).map(([label, r]) => waypointSeries(`run ${label}`, metricsOf(r), t0)),
    offset,
  );
  const worst = Math.max(0, ...offset.points.map(([, v]) => v));
  recordThreshold(task, {
    figure: 'replay offset',
    series: 'replay offset',
    unit: 'units',
    op: '<',
    value: REACH_UNITS,
    observed: worst,
    pass: worst < REACH_UNITS,
    by: 'route-replay',
  });

  expect(a.plan).toHaveLength(8);
  expect(b.plan).toEqual(a.plan);
  expect(b.reached.map(([i]) => i)).toEqual(a.reached.map(([i]) => i));
  // Each waypoint is reached within the reach radius of the same point in both runs.
  for (let i = 0; i < a.reached.length; i++) {
    const [, ax, ay] = a.reached[i];
    const [, bx, by] = b.reached[i];
    expect(Math.hypot(ax - bx, ay - by), `waypoint ${i}`).toBeLessThan(REACH_UNITS);
  }
  expect(other.plan).not.toEqual(a.plan);
});
