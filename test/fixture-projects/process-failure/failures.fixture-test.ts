// Each test here fails because a process a fixture owns fails; the runner (test/fixtures/
// process-failure.test.ts) checks how soon and with which first error.
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '../../../fixtures/index.ts';
import { godotErrorLocation } from '../../../src/game/godot.ts';
import type { GameLauncher } from '../../../src/game/process-spec.ts';
import { allocatePort } from '../../../src/process/index.ts';

const fakeGame = fileURLToPath(new URL('../../game/fake-engine/fake-game.mjs', import.meta.url));
const listen = fileURLToPath(new URL('../../fixture-programs/listen.mjs', import.meta.url));
const fakeLauncher: GameLauncher = {
  engine: 'fake-node',
  command: () => ({ command: process.execPath, args: [fakeGame] }),
  fatalPatterns: [/SCRIPT ERROR:/],
  locateError: godotErrorLocation,
};
const test = base.extend({
  gameLauncher: [
    // biome-ignore lint/correctness/noEmptyPattern: Vitest reads fixture dependencies from this pattern.
    async ({}, use: (l: GameLauncher) => Promise<void>) => use(fakeLauncher),
    { scope: 'file' },
  ],
} as never) as typeof base;

test('game server SIGKILLed during a 60 s poll', async ({ server, clients }) => {
  const all = await clients(1, { behavior: 'idle' });
  setTimeout(() => process.kill(server.process.pid, 'SIGKILL'), 1000);
  await expect.poll(() => all, { timeout: 60_000 }).toHaveReceivedSnapshots({ min: 1_000_000 });
});

test('script error in a client during a 60 s poll', async ({ clients }) => {
  const all = await clients(1, { env: { FAKE_SCRIPT_ERROR: '1', FAKE_SCRIPT_ERROR_DELAY_MS: '500' } });
  await expect.poll(() => all, { timeout: 60_000 }).toHaveReceivedSnapshots({ min: 1_000_000 });
});

const mudPort = await allocatePort({ protocol: 'tcp' });
const mudCommand = (env: Record<string, string>) => ({
  kind: 'command' as const,
  command: process.execPath,
  args: [listen],
  env: { PORT: String(mudPort), DELAY_MS: '0', ...env },
  port: mudPort,
});

test.describe('a MUD killed mid-test', () => {
  test.override({ mudServerOptions: mudCommand({}) });
  test('MUD server SIGKILLed during a 60 s wait', async ({ mudServer }) => {
    setTimeout(() => process.kill(mudServer.process?.pid ?? 0, 'SIGKILL'), 1000);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  });
});

test.describe('a MUD that crashes while it is stopped', () => {
  test.override({ mudServerOptions: mudCommand({ TERM_DIES_BY: 'SIGUSR2' }) });
  test('MUD server dies of SIGUSR2 when stopped', async ({ mudServer }) => {
    expect(mudServer.port).toBe(mudPort);
  });
});

test.describe('healthy twin', () => {
  test.override({ mudServerOptions: mudCommand({}) });
  test('MUD server stopped by SIGTERM passes', async ({ mudServer }) => {
    expect(mudServer.port).toBe(mudPort);
  });
});
