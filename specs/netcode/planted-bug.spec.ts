// Proof that the suite can fail: an interpolation delay shorter than the 33 ms snapshot interval (30 Hz)
// makes the render clock overtake the newest snapshot. The healthy assertion the other specs use,
// `toHaveNoUnderruns(CI_NOISE)`, must fail under the planted setting and pass with the default delay.
import { CI_NOISE, expect, test } from './fixtures.ts';

test('a 10 ms interpolation delay starves the client most of the time', async ({ clients }) => {
  const [planted] = await clients(1, { behavior: 'random_walk', tuning: { interpDelayMs: 10 } });

  // Starved time comes with the per-second stats: wait for a second and a half of it.
  await expect.poll(() => planted.metrics.underrunMs, { timeout: 20_000 }).toBeGreaterThan(500);
  expect(() => expect(planted).toHaveNoUnderruns(CI_NOISE)).toThrow(
    /client-1: \d+ underrun\(s\) in \d+ snapshots/,
  );
});

test('a 25 ms interpolation delay underruns again and again', async ({ clients }) => {
  const [planted] = await clients(1, { behavior: 'random_walk', tuning: { interpDelayMs: 25 } });

  await expect.poll(() => planted.metrics.underruns, { timeout: 20_000 }).toBeGreaterThanOrEqual(10);
  expect(() => expect(planted).toHaveNoUnderruns(CI_NOISE)).toThrow(
    /client-1: \d+ underrun\(s\) in \d+ snapshots/,
  );
});

test('the default interpolation delay passes the same assertion', async ({ clients }) => {
  const [healthy] = await clients(1, { behavior: 'random_walk' });

  await expect.poll(() => healthy, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 90 });
  expect(healthy).toHaveNoUnderruns(CI_NOISE);
});
