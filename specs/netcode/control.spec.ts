// Driving players from the test: switch behaviours and walk them to exact points, then check what the
// server and the other client saw.
import { expect, test } from './fixtures.ts';

test('players sent to the same spot meet there, as everyone sees', async ({ server, clients }) => {
  const [a, b] = await clients(2, { behavior: 'random_walk' });

  await a.setBehavior('idle');
  expect(a.behavior).toBe('idle');
  expect(a.events.some((e) => e.event === 'behavior_changed' && e.to === 'idle')).toBe(true);

  const [arrivedA, arrivedB] = await Promise.all([a.moveTo(1000, 1000), b.moveTo(1060, 1000)]);
  expect(Math.hypot(arrivedA[0] - 1000, arrivedA[1] - 1000)).toBeLessThan(32);
  expect(Math.hypot(arrivedB[0] - 1060, arrivedB[1] - 1000)).toBeLessThan(32);

  // Their own view, a second later, and the server's peer list.
  await expect.poll(() => [a, b], { timeout: 10_000 }).toConverge({ target: [1030, 1000], within: 64 });
  expect(server.metrics.peerCount).toBe(2);
  const stats = await b.stats();
  expect(stats.visible).toBeGreaterThanOrEqual(2);
});
