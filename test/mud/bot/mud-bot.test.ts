// MudBot against the fixture MUD in-process (real sockets on loopback).
import { afterEach, describe, expect, it } from 'vitest';
import { type MudServerHandle, startMudServer } from '../../../mud-fixtures/lib/server.ts';
import { hasErrorCode } from '../../../src/errors.ts';
import { MudBot } from '../../../src/mud/bot/index.ts';

let server: MudServerHandle | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('MudBot', () => {
  it('logs an existing PLR_BOT character in and reads the room from BOT lines', async () => {
    server = await startMudServer({
      seed: 5,
      tlsPort: false,
      pacing: 'instant',
      players: [{ name: 'Scout', password: 'pw12345', bot: true }],
    });
    const bot = await MudBot.connect({ port: server.port }, { name: 'Scout', password: 'pw12345' });
    try {
      const view = await bot.look();
      expect(view.room?.vnum).toBeGreaterThan(0);
      expect(view.exits.length).toBeGreaterThan(0);
      expect(bot.vitals?.hp).toBeGreaterThan(0);
      expect(bot.stats()).toMatchObject({ label: 'Scout', commands: 1 });
      expect(bot.stats().commandLatencyMs.count).toBe(1);
    } finally {
      await bot.close();
    }
  });

  it('fails with ERR_MUD_LOGIN_FAILED on a wrong password and with create: false for an unknown name', async () => {
    server = await startMudServer({
      seed: 5,
      tlsPort: false,
      pacing: 'instant',
      players: [{ name: 'Scout', password: 'pw12345' }],
    });
    const wrong = await MudBot.connect({ port: server.port }, { name: 'Scout', password: 'nope' }).catch(
      (e) => e,
    );
    expect(hasErrorCode(wrong, 'ERR_MUD_LOGIN_FAILED')).toBe(true);
    const unknown = await MudBot.connect(
      { port: server.port },
      { name: 'Nobody', password: 'pw12345', create: false },
    ).catch((e) => e);
    expect(hasErrorCode(unknown, 'ERR_MUD_LOGIN_FAILED')).toBe(true);
  });

  it('reports no-target when the mob is not in the room, without hanging', async () => {
    server = await startMudServer({ seed: 5, tlsPort: false, pacing: 'instant' });
    const bot = await MudBot.connect({ port: server.port }, { name: 'Brave', password: 'pw12345' });
    try {
      const fight = await bot.fight('dragon', { timeoutMs: 10_000 });
      expect(fight.outcome).toBe('no-target');
      expect(bot.stats().kills).toBe(0);
    } finally {
      await bot.close();
    }
  });
});
