// Local composition of the game fixtures for the netcode specs, until fixtures/index.ts composes them.

import { type GameFileFixtures, type GameFixtures, gameFixturesDirect } from '../../fixtures/game.ts';
import { test as base } from '../../fixtures/index.ts';
import '../../fixtures/matchers/index.ts';

export { describe, expect } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: fixture tuples are checked by GameFixtures below.
export const test = base.extend<GameFixtures & GameFileFixtures>(gameFixturesDirect as any);
