// A swarm of 16 players rushes the world centre: the crowded chunk is the worst case for snapshot
// size and collisions, and every client must still get there and keep receiving.
import { expect, test } from './fixtures.ts';

const CENTRE: [number, number] = [1024, 1024];

test('a 16-client convergence swarm reaches the centre', { retry: 2 }, async ({ server, clients }) => {
  const swarm = await clients(16, {
    behavior: 'convergence',
    stagger: 25,
    // Known game issue (godot/README.md, "ENet's packet throttle"): now and then one client of the 16
    // drops to 1-15 snapshots/s while the server logs 30/s sent to it; its link sees the same low
    // rate arrive from the server, so ENet's unreliable-packet throttle dropped them, which Godot 3.2
    // cannot configure. Seen in 4 of 5 runs through 16 links (2 of 5 this session), and in 1 of 5
    // full-suite runs straight to the server. So: straight to the server, and retried (a retry that
    // passes shows as "flaky" in the report, with the first attempt's error).
    direct: true,
    // 16 clients at 30 Hz: keep per-second stats, skip per-packet lines.
    env: { NET_CFG_LOG_PACKETS: '0' },
  });

  // Players have radius 16 and push each other apart, so the pack is wider than one player.
  await expect
    .poll(() => swarm, { timeout: 45_000, interval: 500 })
    .toConverge({ target: CENTRE, within: 160 });

  await expect.poll(() => swarm, { timeout: 10_000 }).toHaveReceivedSnapshots({ min: 30, rateHz: 15 });
  for (const c of swarm) expect(c.metrics.baselineMismatches).toBe(0);
  expect(server.metrics.peerCount).toBe(16);
});
