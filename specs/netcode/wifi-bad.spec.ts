// The game over a bad Wi-Fi profile (25 ms one way with heavy-tailed jitter, bursty loss, some
// duplication and reordering): the stream keeps flowing, the delay shows what the link adds, and the
// link's own statistics say what it really did to the packets.
import { expect, test } from './fixtures.ts';

test('four players on bad Wi-Fi keep a steady stream, with the delay the profile adds', async ({
  clients,
  network,
}) => {
  const players = await clients(4, { behavior: 'random_walk', profile: 'wifi_bad', stagger: 50 });

  await expect.poll(() => players, { timeout: 30_000 }).toHaveReceivedSnapshots({ min: 150, rateHz: 15 });
  // 25 ms one way on the link: every client's median snapshot delay is above it.
  for (const p of players) expect(p.delay.percentile(50)).toBeGreaterThan(25);

  const links = network.stats().links;
  expect(links).toHaveLength(4);
  const down = links.map((l) => l.downstream);
  const entered = down.reduce((n, d) => n + d.packetsIn, 0);
  const dropped = down.reduce((n, d) => n + d.droppedTotal, 0);
  // Gilbert-Elliott (p 2 %, r 25 %, 60 % lost while bad): ~4.4 % long-run loss. Over ~600+ snapshots
  // some are lost, and far fewer than half.
  expect(entered).toBeGreaterThan(600);
  expect(dropped).toBeGreaterThan(0);
  expect(dropped / entered).toBeLessThan(0.2);
});
