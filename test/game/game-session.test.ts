// GameSession over a contract-honouring fake game written in plain Node (no engine): the game layer
// must work for any executable, and turn its failures into coded errors with locations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { hasErrorCode, type NetwrightError } from '../../src/errors.ts';
import { GameSession } from '../../src/game/game-session.ts';
import { godotErrorLocation } from '../../src/game/godot.ts';
import { commandLauncher } from '../../src/game/process-spec.ts';

const script = fileURLToPath(new URL('./fake-engine/fake-game.mjs', import.meta.url));
const fakeLauncher = commandLauncher({
  engine: 'fake-node',
  command: process.execPath,
  args: [script],
  fatalPatterns: [/SCRIPT ERROR:/],
  locateError: godotErrorLocation,
});

const logRoot = mkdtempSync(join(tmpdir(), 'nw-game-session-'));
afterAll(() => rmSync(logRoot, { recursive: true, force: true }));

describe('GameSession with an engine-free game', () => {
  let session: GameSession | undefined;
  afterEach(async () => {
    await session?.stop();
    session = undefined;
  });
  const open = (name: string): GameSession => {
    session = new GameSession({
      launcher: fakeLauncher,
      seed: 7,
      logDir: join(logRoot, name),
      durationS: 60,
    });
    return session;
  };

  it('starts a server and clients, folds their events into metrics, and stops them politely', async () => {
    const s = open('flow');
    const server = await s.startServer();
    const clients = await s.startClients(3, { behavior: 'idle' });
    expect(clients.map((c) => c.name)).toEqual(['client-1', 'client-2', 'client-3']);
    for (const c of clients) {
      expect(c.metrics.timeToFirstSnapshotMs).toBeGreaterThanOrEqual(0);
      await c.waitForSnapshots(10, { timeoutMs: 20_000 });
    }
    await expect.poll(() => server.metrics.summary().perPeer['client-3']?.snapshots ?? 0).toBeGreaterThan(5);
    expect(server.metrics.peersConnected).toBe(3);
    // Each process got the contract's variables.
    const env = s.record().config.find((c) => c.name === 'client-2')?.env as Record<string, string>;
    expect(env).toMatchObject({
      TEST_MODE: 'client',
      TEST_CLIENT_ID: '2',
      TEST_BEHAVIOR: 'idle',
      TEST_PORT: String(server.port),
    });
    expect(env.NETWRIGHT_CONTROL).toBe(s.control.endpoint);

    const results = await s.stop();
    expect(results).toHaveLength(4);
    for (const r of results) expect(r.failed, `${r.name}: ${r.reason}`).toBe(false);
    // They quit on the control socket's `quit`, not by signal.
    expect(clients[0].events.some((e) => e.event === 'quit' && e.reason === 'control')).toBe(true);
    expect(s.failures()).toEqual([]);
  });

  it('gives every client a different seed derived from the session seed', async () => {
    const s = open('seeds');
    await s.startServer();
    await s.startClients(2);
    const seeds = s.record().config.map((c) => (c.env as Record<string, string>).TEST_SEED);
    expect(new Set(seeds).size).toBe(3);
  });

  it('reports an engine script error with its file:line', async () => {
    const s = open('script-error');
    await s.startServer();
    await s.startClients(1, { env: { FAKE_SCRIPT_ERROR: '1' } }).catch(() => undefined);
    await expect.poll(() => s.failures().length, { timeout: 20_000 }).toBeGreaterThan(0);
    const [err] = s.failures();
    expect(err.message).toContain('res://fake.gd:7');
    expect(err.details).toMatchObject({ location: { file: 'res://fake.gd', line: 7 } });
    expect(err.message.match(/hint:/g)).toHaveLength(1);
  });

  it('fails with ERR_GAME_CLIENT_START when a client never gets a snapshot', async () => {
    const s = open('no-snapshot');
    const server = await s.startServer();
    // Point the client at a port nobody serves: it never receives anything.
    const err = (await s
      .startClients(1, { env: { TEST_PORT: String(server.port === 9 ? 10 : 9) }, readyTimeoutMs: 1500 })
      .catch((e: unknown) => e)) as NetwrightError;
    expect(err.code).toBe('ERR_GAME_CLIENT_START');
    expect(err.message).toContain('client-1');
    const results = await s.stop();
    expect(results.map((r) => r.name).sort()).toEqual(['client-1', 'server']);
  });

  it('refuses clients without a server and profiles without a network', async () => {
    const s = open('misuse');
    expect(hasErrorCode(await s.startClients(1).catch((e: unknown) => e), 'ERR_GAME_NO_SERVER')).toBe(true);
    await s.startServer();
    const err = await s.startClients(1, { profile: '3g' }).catch((e: unknown) => e);
    expect(hasErrorCode(err, 'ERR_CONFIG_INVALID')).toBe(true);
    expect(String(err)).toContain('network');
  });
});
