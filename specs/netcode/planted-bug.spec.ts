// Proof that the suite can fail: an interpolation delay shorter than the 33 ms snapshot interval (30 Hz)
// makes the render clock overtake the newest snapshot again and again. The healthy assertion used by
// the other specs, `toHaveNoUnderruns(CI_NOISE)`, must fail under it, and pass with the default delay.
import { CI_NOISE, expect, test } from './fixtures.ts';

test('interpolation delay below the snapshot interval causes underruns', async ({ clients }) => {
  const [planted] = await clients(1, { behavior: 'random_walk', tuning: { interpDelayMs: 25 } });

  await expect.poll(() => planted.metrics.underruns, { timeout: 20_000 }).toBeGreaterThanOrEqual(10);
  // The assertion a healthy suite relies on catches the planted bug, with a message saying why.
  expect(() => expect(planted).toHaveNoUnderruns(CI_NOISE)).toThrow(
    /client-1: \d+ underrun\(s\) in \d+ snapshots/,
  );
});

test('the default interpolation delay passes the same assertion', async ({ clients }) => {
  const [healthy] = await clients(1, { behavior: 'random_walk' });

  await expect.poll(() => healthy, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 90 });
  expect(healthy).toHaveNoUnderruns(CI_NOISE);
});
