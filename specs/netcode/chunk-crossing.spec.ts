// Interest management must never drop a player's own entity from its snapshots, even on the tick it
// crosses into a new chunk (its interest area moves with it). Underruns are judged against healthy
// twins (idle clients of the same server, same links, same machine load) over a longer window: on a
// loaded 2-core box a stall starves every client alike, so an absolute per-minute limit over a few
// seconds failed now and then, while crossing-specific starvation would show up only in the walkers.

import type { GameClientHandle } from '../../src/game/game-client.ts';
import { expect, test } from './fixtures.ts';

/** Underrun episodes per minute over a group's whole observation. */
function underrunRate(group: GameClientHandle[]): number {
  const ms = group.reduce((s, c) => s + c.metrics.observedMs(), 0);
  return (group.reduce((s, c) => s + c.metrics.underruns, 0) * 60_000) / Math.max(1000, ms);
}

function starvedPct(group: GameClientHandle[]): number {
  const ms = group.reduce((s, c) => s + c.metrics.observedMs(), 0);
  return (group.reduce((s, c) => s + c.metrics.underrunMs, 0) * 100) / Math.max(1000, ms);
}

test('crossing chunk boundaries keeps the own entity in every snapshot', async ({ server, clients }) => {
  const walkers = await clients(2, { behavior: 'chunk_crossing' });
  const twins = await clients(2, { behavior: 'idle' });

  // chunk_crossing crosses a boundary every ~1.3 s: wait for six crossings each (~8 s of snapshots).
  await expect
    .poll(() => Math.min(...walkers.map((c) => c.metrics.chunkChanges)), { timeout: 40_000 })
    .toBeGreaterThanOrEqual(6);

  for (const c of walkers) {
    expect(c.metrics.ownEntityMissing, `${c.name} lost its own entity from a snapshot`).toBe(0);
    expect(c.metrics.baselineMismatches).toBe(0);
  }
  expect(walkers).toHaveReceivedSnapshots({ min: 120 });
  // Crossing adds no starvation of its own: the walkers' underrun rate and starved time stay within
  // twice the idle twins' plus a floor (an isolated late snapshot). The planted 10 ms interpolation
  // delay gives 700-900 episodes/min and starves > 50 % of the time, far past either.
  const rate = { walkers: underrunRate(walkers), twins: underrunRate(twins) };
  const starved = { walkers: starvedPct(walkers), twins: starvedPct(twins) };
  const figures = `walkers ${rate.walkers.toFixed(1)}/min ${starved.walkers.toFixed(1)} % starved; twins ${rate.twins.toFixed(1)}/min ${starved.twins.toFixed(1)} %`;
  expect(rate.walkers, figures).toBeLessThanOrEqual(2 * rate.twins + 30);
  expect(starved.walkers, figures).toBeLessThanOrEqual(2 * starved.twins + 5);
  // The server saw the same crossings.
  expect(server.metrics.chunkChanges).toBeGreaterThanOrEqual(12);
});
