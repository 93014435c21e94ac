// The same game, now over impaired links that netwright owns (one per client): a slow mobile profile
// shows in the snapshot delay, and an outage empties the jitter buffer, then the stream recovers.
import { expect, test } from './fixtures.ts';

test('a 3g link adds its latency to the snapshot delay', async ({ clients }) => {
  const [wired] = await clients(1, { behavior: 'random_walk', profile: 'lan' });
  const [mobile] = await clients(1, { behavior: 'random_walk', profile: '3g' });

  await expect.poll(() => [wired, mobile], { timeout: 30_000 }).toHaveReceivedSnapshots({ min: 90 });
  // 3g: 100 ms +- 30 ms one way.
  expect(mobile.delay.percentile(50) - wired.delay.percentile(50)).toBeGreaterThan(60);
  expect(wired.delay).toHavePercentileBelow(50, 50);
});

test('a 2 s outage starves the jitter buffer, then snapshots resume', async ({ clients }) => {
  const [c] = await clients(1, { behavior: 'random_walk' });
  await c.waitForSnapshots(30);

  c.link?.set({ outage: 2000 });
  await expect.poll(() => c.metrics.underruns, { timeout: 15_000 }).toBeGreaterThan(0);
  // The frames of the outage show data ever further past the newest snapshot (the render clock runs on).
  await expect.poll(() => c, { timeout: 15_000 }).not.toHaveNoExtrapolationAbove(1000);

  const during = c.metrics.snapshots;
  await expect.poll(() => c.metrics.snapshots, { timeout: 20_000 }).toBeGreaterThan(during + 60);
  expect(c.metrics.connected).toBe(true);
});
