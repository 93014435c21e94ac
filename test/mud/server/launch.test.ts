import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { test } from '../../../fixtures/index.ts';
import { fixtureArgs, launchMud, MUD_SERVER_ENTRY } from '../../../mud-fixtures/lib/launch.ts';
import { connectMud } from '../../../src/mud/client/index.ts';
import { allocatePort } from '../../../src/process/index.ts';

/** Generous waits: the suite shares two cores with other test runs. */
const W = { timeoutMs: 30_000 };
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const logDir = mkdtempSync(join(tmpdir(), 'nw-mud-launch-'));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

describe('launchMud', () => {
  it('runs the fixture MUD as a supervised process and reads its [LOG_JSON] events', async () => {
    const ref = await launchMud(
      { options: { pulseMs: 20, players: [{ name: 'Procbot', password: 'pw12345', bot: true }] } },
      { seed: 11, logDir },
    );
    try {
      expect(ref.kind).toBe('fixture');
      expect(ref.port).toBeGreaterThan(0);
      const c = await connectMud({ port: ref.port });
      await c.waitForLine('By what name do you wish to be known?', W);
      c.send('Procbot');
      await c.waitForPrompt(/Password: $/, W);
      c.send('pw12345');
      await c.waitForLine('[Hit Return to continue]', W);
      c.send('');
      await c.waitForLine(/^\[BOT:ROOM\|vnum=3700\|/, W);
      const login = await ref.waitForEvent((e) => e.event === 'login' && e.name === 'Procbot');
      expect(login.bot).toBe(true);
      // server_ready comes before any login, but not necessarily first: the server sweeps player dirs
      // that killed servers left in tmp and says so (stale_player_dirs_removed) before it is ready.
      const names = ref.events().map((e) => e.event);
      expect(names).toContain('server_ready');
      expect(names.indexOf('server_ready')).toBeLessThan(names.indexOf('login'));
      await c.close(200);
    } finally {
      const result = await ref.stop();
      expect(result?.failed).toBe(false);
    }
  });

  // #11 item 10: seed passwords went on the command line (`--player Name:password`, readable in
  // /proc/<pid>/cmdline by any local user) and from there into task meta's processes[].args.
  it('keeps seed passwords out of the MUD process argv and out of its recorded result', async () => {
    const secret = 'Sekr1tPw';
    const ref = await launchMud(
      { options: { pulseMs: 20, players: [{ name: 'Keeper', password: secret, bot: true }] } },
      { seed: 12, logDir },
    );
    let result: Awaited<ReturnType<typeof ref.stop>>;
    try {
      const pid = ref.process?.pid as number;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      expect(cmdline).not.toContain(secret);
      expect(cmdline).toContain('--players-stdin');
      // The password still works: it reached the server through stdin.
      const c = await connectMud({ port: ref.port });
      await c.waitForLine('By what name do you wish to be known?', W);
      c.send('Keeper');
      await c.waitForPrompt(/Password: $/, W);
      c.send(secret);
      await c.waitForLine('[Hit Return to continue]', W);
      await c.close(200);
    } finally {
      result = await ref.stop();
    }
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(JSON.stringify(ref.events())).not.toContain(secret);
  });

  it('plugs in any MUD binary by command', async () => {
    const port = await allocatePort();
    const ref = await launchMud(
      {
        kind: 'command',
        command: process.execPath,
        args: [MUD_SERVER_ENTRY, ...fixtureArgs({ port }, 3)],
        port,
      },
      { seed: 3, logDir, name: 'other-mud' },
    );
    try {
      const c = await connectMud({ port: ref.port });
      await c.waitForLine('By what name do you wish to be known?', W);
      await c.close(200);
    } finally {
      await ref.stop();
    }
  });

  it('refuses a non-loopback address', async () => {
    await expect(
      launchMud({ kind: 'address', host: '10.1.2.3', port: 4000 }, { seed: 1 }),
    ).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      issues: [{ path: 'host', message: "unknown value '10.1.2.3'; valid: 127.0.0.1, ::1, localhost" }],
    });
  });
});

test.override({ mudServerOptions: { inProcess: true, options: { pulseMs: 20 } } });
test('the mudServer fixture hands out a running MUD and records it in task meta', async ({
  mudServer,
  task,
}) => {
  const c = await connectMud({ port: mudServer.port });
  await c.waitForLine('By what name do you wish to be known?', W);
  await c.close(200);
  expect(mudServer.events().some((e) => e.event === 'connect')).toBe(true);
  expect(task.meta).toBeDefined();
});
