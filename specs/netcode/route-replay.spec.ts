// Replays must be exact: the same seed gives the same route and the same path through it, so a
// failing run can be re-run with its seed. A different seed must give a different route.
import { join } from 'node:path';
import { GameSession } from '../../src/game/game-session.ts';
import type { GameLauncher } from '../../src/game/process-spec.ts';
import { expect, test } from './fixtures.ts';

interface RouteRun {
  plan: [number, number][];
  reached: [number, number, number][];
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
      final: c.metrics.position,
    };
  } finally {
    await session.stop();
  }
}

test('route_replay walks the same path for the same seed', async ({ gameLauncher, seed, logDir }) => {
  const [a, b, other] = await Promise.all([
    walkRoute(gameLauncher, seed, join(logDir, 'run-a')),
    walkRoute(gameLauncher, seed, join(logDir, 'run-b')),
    walkRoute(gameLauncher, seed + 1, join(logDir, 'run-other-seed')),
  ]);

  expect(a.plan).toHaveLength(8);
  expect(b.plan).toEqual(a.plan);
  expect(b.reached.map(([i]) => i)).toEqual(a.reached.map(([i]) => i));
  // Each waypoint is reached within the reach radius of the same point in both runs.
  for (let i = 0; i < a.reached.length; i++) {
    const [, ax, ay] = a.reached[i];
    const [, bx, by] = b.reached[i];
    expect(Math.hypot(ax - bx, ay - by), `waypoint ${i}`).toBeLessThan(24);
  }
  expect(other.plan).not.toEqual(a.plan);
});
