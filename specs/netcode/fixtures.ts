// Local composition of the game fixtures for the netcode specs, until fixtures/index.ts composes them.
// Every client goes through its own embedded network link (`network`), as with the real fixtures.
import { type GameFileFixtures, type GameFixtures, gameFixtures } from '../../fixtures/game.ts';
import { test as base } from '../../fixtures/index.ts';
import { Network } from '../../src/impair/network.ts';
import '../../fixtures/matchers/index.ts';

export { describe, expect } from 'vitest';

/**
 * Underrun tolerance of the healthy specs: a loaded 2-core CI box starves processes for longer than the
 * 100 ms interpolation delay now and then (measured: up to ~100 episodes/min at load average 11).
 * The planted bug (planted-bug.spec.ts) gives ~800/min, far above it.
 */
export const CI_NOISE = { tolerancePerMinute: 150 } as const;

export const test = base.extend<GameFixtures & GameFileFixtures & { network: Network }>({
  network: async ({ seed }, use) => {
    const network = new Network({ seed });
    try {
      await use(network);
    } finally {
      await network.close();
    }
  },
  // biome-ignore lint/suspicious/noExplicitAny: fixture tuples are typed by GameFixtures above.
  ...(gameFixtures as any),
});
