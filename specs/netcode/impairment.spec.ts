// The game's own network simulator (TEST_LAG_MS, TEST_JITTER_MS, TEST_PACKET_LOSS): added lag must
// show up in the measured snapshot delay, and loss must thin the stream without stopping it.
import { expect, test } from './fixtures.ts';

test('in-engine lag and loss raise the delay and snapshots still arrive', async ({ server, clients }) => {
  const [clean] = await clients(1, { behavior: 'random_walk' });
  const [laggy] = await clients(1, {
    behavior: 'random_walk',
    impairment: { lagMs: 80, jitterMs: 5, packetLoss: 0.1 },
  });

  await expect
    .poll(() => [clean, laggy], { timeout: 30_000 })
    .toHaveReceivedSnapshots({ min: 150, rateHz: 12 });

  const cleanP50 = clean.delay.percentile(50);
  const laggyP50 = laggy.delay.percentile(50);
  // One-way lag of 80 ms lands in the delay (server stamp -> client receipt).
  expect(laggyP50 - cleanP50).toBeGreaterThan(50);
  expect(laggy.delay).toHavePercentileBelow(50, 80 + 150);
  // 10 % loss: the client gets clearly fewer snapshots than the server sent it, but most of them.
  const sent = server.metrics.summary().perPeer[laggy.name].snapshots;
  const ratio = laggy.metrics.snapshots / sent;
  expect(ratio).toBeLessThan(0.97);
  expect(ratio).toBeGreaterThan(0.7);
  expect(clean.delay).toHavePercentileBelow(50, 50);
});
