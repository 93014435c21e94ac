// The `game` fixture fails a test whose game process hit a script error, even when every assertion in
// the test body passed (the test is aborted with it, or it is raised at teardown). `test.fails` inverts
// that outcome; test/fixtures/process-failure.test.ts checks the error and how soon it comes.
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '../../fixtures/index.ts';
import { godotErrorLocation } from '../../src/game/godot.ts';
import type { GameLauncher } from '../../src/game/process-spec.ts';

const script = fileURLToPath(new URL('./fake-engine/fake-game.mjs', import.meta.url));
const fakeLauncher: GameLauncher = {
  engine: 'fake-node',
  command: () => ({ command: process.execPath, args: [script] }),
  fatalPatterns: [/SCRIPT ERROR:/],
  locateError: godotErrorLocation,
};

// Swap the engine for the fake one (the only file fixture here, so extending again is harmless).
const test = base.extend({
  gameLauncher: [
    // biome-ignore lint/correctness/noEmptyPattern: Vitest reads fixture dependencies from this pattern.
    async ({}, use: (l: GameLauncher) => Promise<void>) => use(fakeLauncher),
    { scope: 'file' },
  ],
} as never) as typeof base;

test('a healthy fake game passes through the real fixtures', async ({ server, clients }) => {
  const [c] = await clients(2, { behavior: 'idle' });
  await c.waitForSnapshots(5);
  expect(server.metrics.peersConnected).toBe(2);
});

test.fails('a script error after the client was ready fails the test', async ({ clients }) => {
  const [c] = await clients(1, { env: { FAKE_SCRIPT_ERROR: '1', FAKE_SCRIPT_ERROR_DELAY_MS: '200' } });
  // The body itself cannot fail: the only failure left is the fixture's teardown check.
  await expect
    .poll(() => c.process.failure !== undefined, { timeout: 10_000 })
    .toBe(true)
    .catch(() => {});
});
