// Two more planted bugs the suite must catch, each next to its healthy twin:
// - a client that keeps fewer baselines than the acks in flight: the server deltas against snapshots
//   the client already evicted -> baseline mismatches and full re-requests;
// - a server that sends a smaller interest area than the clients expect: entities vanish while still
//   inside the expected area -> `vanished` interpolation warnings.
import { describe, expect, test } from './fixtures.ts';

describe('baseline history', () => {
  test('a 2-snapshot client history under 40 ms lag breaks delta baselines', async ({ clients }) => {
    const [planted] = await clients(1, {
      behavior: 'random_walk',
      impairment: { lagMs: 40 },
      env: { NET_CFG_CLIENT_HISTORY: '2' },
    });
    await expect
      .poll(() => planted.metrics.baselineMismatches, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(5);
  });

  test('the default history under the same lag has no mismatches', async ({ clients }) => {
    const [healthy] = await clients(1, { behavior: 'random_walk', impairment: { lagMs: 40 } });
    await expect.poll(() => healthy, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 90 });
    expect(healthy.metrics.baselineMismatches).toBe(0);
  });
});

describe('interest area', () => {
  test.override({ gameServerOptions: { env: { NET_CFG_INTEREST_RADIUS: '0' } } });

  test('a server interest radius smaller than the clients expect makes entities vanish', async ({
    clients,
  }) => {
    const swarm = await clients(6, { behavior: 'convergence', env: { NET_CFG_LOG_PACKETS: '0' } });
    await expect
      .poll(() => swarm.reduce((n, c) => n + c.metrics.interpolationWarnings, 0), { timeout: 30_000 })
      .toBeGreaterThan(0);
  });
});

describe('interest area, healthy twin', () => {
  test('with matching radii the same swarm converges without a vanished entity', async ({ clients }) => {
    const swarm = await clients(6, { behavior: 'convergence', env: { NET_CFG_LOG_PACKETS: '0' } });
    await expect
      .poll(() => swarm, { timeout: 30_000, interval: 500 })
      .toConverge({ target: [1024, 1024], within: 128 });
    for (const c of swarm) expect(c.metrics.interpolationWarnings, c.name).toBe(0);
  });
});
