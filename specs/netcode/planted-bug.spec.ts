// Proof that the suite can fail: an interpolation delay shorter than the snapshot interval (33 ms at
// 30 Hz) makes the render clock overtake the newest snapshot. The healthy assertion
// `toHaveNoUnderruns()` must then fail, and with the default delay it must pass.
import { expect, test } from './fixtures.ts';

test('interpolation delay below the snapshot interval causes underruns', async ({ clients }) => {
  const [planted] = await clients(1, { behavior: 'random_walk', tuning: { interpDelayMs: 10 } });

  await expect.poll(() => planted.metrics.underruns, { timeout: 20_000 }).toBeGreaterThan(0);
  // The assertion a healthy suite relies on catches the planted bug, with a message saying why.
  expect(() => expect(planted).toHaveNoUnderruns()).toThrow(/client-1: \d+ underrun\(s\)/);
});

test('the default interpolation delay gives no underruns over the same time', async ({ clients }) => {
  const [healthy] = await clients(1, { behavior: 'random_walk' });

  await expect.poll(() => healthy, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 90 });
  expect(healthy).toHaveNoUnderruns();
});
