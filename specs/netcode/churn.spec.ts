// Players drop and come back: each reconnect must get a fresh first snapshot quickly, and the server
// must see the same client id come back rather than a stranger.
import { expect, test } from './fixtures.ts';

test('churning clients reconnect and get a first snapshot again', async ({ server, clients }) => {
  const churners = await clients(3, { behavior: 'churn' });

  // churn: disconnect after 3-6 s, reconnect 0.5-1.5 s later.
  await expect
    .poll(() => Math.min(...churners.map((c) => c.metrics.reconnectTimeToFirstSnapshotMs.length)), {
      timeout: 30_000,
      interval: 250,
    })
    .toBeGreaterThanOrEqual(1);

  for (const c of churners) {
    expect(c.metrics.reconnects).toBeGreaterThanOrEqual(1);
    expect(c.metrics.reconnectTimeToFirstSnapshotMs[0]).toBeLessThan(5_000);
  }
  expect(server.metrics.peersDisconnected).toBeGreaterThanOrEqual(3);
  await expect.poll(() => churners, { timeout: 10_000 }).toHaveReceivedSnapshots({ min: 60 });
});

test('a client told to disconnect and reconnect resumes with a new first snapshot', async ({
  server,
  clients,
}) => {
  const [c] = await clients(1, { behavior: 'random_walk' });
  await c.waitForSnapshots(30);

  await c.disconnect();
  expect(c.metrics.connected).toBe(false);
  await expect.poll(() => server.metrics.peerCount).toBe(0);

  const before = c.metrics.snapshots;
  const ttfs = await c.reconnect();
  expect(ttfs).toBeGreaterThanOrEqual(0);
  expect(ttfs).toBeLessThan(5_000);
  expect(c.metrics.reconnectTimeToFirstSnapshotMs).toEqual([ttfs]);
  await expect.poll(() => c.metrics.snapshots, { timeout: 10_000 }).toBeGreaterThan(before + 30);
  expect(server.metrics.peerCount).toBe(1);
});
