// Any engine, first class: `test.override({ gameCommand })` points the `server` and `clients` fixtures
// at an executable that is not Godot. The game here is a small Node game (test double for a user's own
// engine: fake-engine/fake-game.mjs) speaking the contract of docs/game-contract.md: real child
// processes, real UDP through each client's network link, real control socket.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '../../fixtures/index.ts';
import { NetwrightConfigError } from '../../src/errors.ts';
import { commandLauncher } from '../../src/game/process-spec.ts';

const nodeGame = fileURLToPath(new URL('./fake-engine/fake-game.mjs', import.meta.url));

// File-wide (the launcher is a file fixture): top level of the file, not inside a describe.
test.override({
  gameCommand: {
    command: process.execPath,
    args: [nodeGame],
    engine: 'node-demo',
    env: { NODE_NO_WARNINGS: '1' },
  },
});

describe('gameCommand: a non-Godot game (Node test double) under the same fixtures', () => {
  test('server and clients start, snapshots flow through the links, the server counts its peers', async ({
    server,
    clients,
    game,
    network,
  }) => {
    const all = await clients(3, { behavior: 'idle' });
    expect(game.record().engine).toBe('node-demo');
    expect(all.map((c) => c.name)).toEqual(['client-1', 'client-2', 'client-3']);
    await expect.poll(() => all, { timeout: 15_000 }).toHaveReceivedSnapshots({ min: 30, rateHz: 15 });
    for (const c of all) expect(c.metrics.timeToFirstSnapshotMs).toBeGreaterThanOrEqual(0);
    // Every client's datagrams went through its own link, not straight to the server.
    const links = network.stats().links;
    expect(links.map((l) => l.protocol)).toEqual(['udp', 'udp', 'udp']);
    for (const l of links) expect(l.downstream.packetsOut).toBeGreaterThanOrEqual(30);
    expect(server.metrics.peerCount).toBe(3);
    await expect
      .poll(() => Object.keys(server.metrics.summary().perPeer).sort(), { timeout: 5_000 })
      .toEqual(['client-1', 'client-2', 'client-3']);

    // A client that leaves says goodbye, and the server's figures follow.
    await all[0].stop();
    await expect.poll(() => server.metrics.peerCount, { timeout: 5_000 }).toBe(2);
  });
});

describe('gameCommand validation', () => {
  test('every problem at once, coded, with a hint, before anything starts', () => {
    let err: unknown;
    try {
      commandLauncher({
        command: ' ',
        args: ['ok', 3 as unknown as string],
        env: { A: 1 as unknown as string },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetwrightConfigError);
    const e = err as NetwrightConfigError;
    expect(e.code).toBe('ERR_CONFIG_INVALID');
    expect(e.message).toMatch(/command must be a non-empty string/);
    expect(e.message).toMatch(/args must be an array of strings/);
    expect(e.message).toMatch(/env must be an object of string values/);
    expect(e.hint).toMatch(/docs\/engines\.md/);
  });
});
