// Interest management must never drop a player's own entity from its snapshots, even on the tick it
// crosses into a new chunk (its interest area moves with it).
import { CI_NOISE, expect, test } from './fixtures.ts';

test('crossing chunk boundaries keeps the own entity in every snapshot', async ({ server, clients }) => {
  const walkers = await clients(2, { behavior: 'chunk_crossing' });

  // chunk_crossing crosses a boundary every ~1.3 s: wait for three crossings each.
  await expect
    .poll(() => Math.min(...walkers.map((c) => c.metrics.chunkChanges)), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(3);

  for (const c of walkers) {
    expect(c.metrics.ownEntityMissing, `${c.name} lost its own entity from a snapshot`).toBe(0);
    expect(c.metrics.baselineMismatches).toBe(0);
  }
  expect(walkers).toHaveNoUnderruns(CI_NOISE);
  expect(walkers).toHaveReceivedSnapshots({ min: 60 });
  // The server saw the same crossings.
  expect(server.metrics.chunkChanges).toBeGreaterThanOrEqual(6);
});
