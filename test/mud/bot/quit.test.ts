// A bot closed while fighting or in a wait state leaves the game (ROM/Mud98 refuses `quit` in a fight
// and runs it only after the wait state; a socket closed before that leaves the character link-dead),
// and a server that never says goodbye does not hold close() beyond its bound.
import { afterEach, describe, expect, it } from 'vitest';
import { type MudServerHandle, startMudServer } from '../../../mud-fixtures/lib/server.ts';
import type { Char } from '../../../mud-fixtures/lib/world/entities.ts';
import type { BotEvent } from '../../../src/mud/bot/bot-events.ts';
import { MudBot } from '../../../src/mud/bot/index.ts';
import { type QuitPort, quitGracefully } from '../../../src/mud/bot/quit.ts';
import { connectMud } from '../../../src/mud/client/connection.ts';
import { pollUntil } from '../../helpers/poll.ts';

// ROM timing scaled down: 20 ms pulses, a combat round every 3 pulses.
const FAST = { pulseMs: 20, violencePulses: 3, mobilePulses: 8, tickPulses: 400 };
const W = { timeoutMs: 10_000 };

let server: MudServerHandle | undefined;
const bots: MudBot[] = [];
afterEach(async () => {
  await Promise.all(bots.splice(0).map((b) => b.close({ withinMs: 0 })));
  await server?.close();
  server = undefined;
});

/** Put `name` next to a mob in a room where fighting is allowed and fleeing possible; both made tough. */
function besideToughMob(s: MudServerHandle, name: string): string {
  const g = s.game;
  const mob = g.world.mobs.find(
    (m) =>
      m.room && !m.room.def.flags.includes('safe') && m.room.exits.size >= 2 && m.room.people.length === 1,
  );
  if (!mob?.room) throw new Error('no mob in a fighting room');
  const pc = g.findPlayer(name) as Char;
  for (const c of [mob, pc]) {
    c.hit = 100_000;
    c.maxHit = 100_000;
  }
  g.world.placeChar(pc, mob.room);
  return mob.keywords[0]!;
}

function quitEvents(s: MudServerHandle, name: string): number {
  return s.events.filter((e) => e.event === 'quit' && e.name === name).length;
}

describe('the fixture MUD, as ROM/Mud98', () => {
  it('refuses quit in a fight, and keeps a character link-dead when its socket closes', async () => {
    server = await startMudServer({
      seed: 7,
      tlsPort: false,
      ...FAST,
      players: [{ name: 'Rowdy', password: 'pw12345' }],
    });
    const c = await connectMud({ port: server.port });
    await c.waitForLine('By what name do you wish to be known?', W);
    c.send('Rowdy');
    await c.waitForPrompt(/Password: $/, W);
    c.send('pw12345');
    await c.waitForLine('[Hit Return to continue]', W);
    c.send('');
    await c.waitForPrompt(/<\d+hp \d+m \d+mv> $/, W);
    const mob = besideToughMob(server, 'Rowdy');
    c.send(`kill ${mob}`);
    await pollUntil(() => server!.game.findPlayer('Rowdy')?.fighting !== undefined, W);
    c.send('quit');
    await c.waitForLine('No way! You are fighting.', W);
    await c.close(200);
    await pollUntil(() => server!.game.sessions.length === 0, W);
    const left = server.game.findPlayer('Rowdy');
    expect(left?.desc).toBeUndefined();
    expect(server.game.players).toContain(left);
    expect(server.events.some((e) => e.event === 'disconnect' && e.name === 'Rowdy' && e.linkDead)).toBe(
      true,
    );
  });
});

describe('MudBot.close leaves the game', () => {
  // Failed before the graceful quit: close() wrote `quit` and hung up at once; the fixture answered
  // "No way! You are fighting." and kept Brawler in the game link-dead.
  it('flees a fight, quits and waits for the goodbye', async () => {
    server = await startMudServer({ seed: 7, tlsPort: false, ...FAST });
    const bot = await MudBot.connect({ port: server.port }, { name: 'Brawler', password: 'pw12345' });
    bots.push(bot);
    const mob = besideToughMob(server, 'Brawler');
    await bot.send(`kill ${mob}`);
    await pollUntil(() => bot.world.fighting, W);
    const q = await bot.close();
    expect(server.game.findPlayer('Brawler')).toBeUndefined();
    expect(quitEvents(server, 'Brawler')).toBe(1);
    expect(q.result).toBe('goodbye');
    expect(q.flees).toBeGreaterThanOrEqual(1);
    expect(bot.metrics.quitUnconfirmed).toBe(0);
  });

  // Failed before: `save` puts Saver in a 12-pulse wait state, so the server held the `quit` for later
  // pulses; the socket closed first and Saver stayed link-dead.
  it('waits out a wait state for the quit to run', async () => {
    server = await startMudServer({ seed: 7, tlsPort: false, ...FAST });
    const bot = await MudBot.connect({ port: server.port }, { name: 'Saver', password: 'pw12345' });
    bots.push(bot);
    await bot.send('save');
    expect(server.game.findPlayer('Saver')!.wait).toBeGreaterThan(2);
    const q = await bot.close();
    expect(server.game.findPlayer('Saver')).toBeUndefined();
    expect(quitEvents(server, 'Saver')).toBe(1);
    expect(q).toMatchObject({ result: 'goodbye', flees: 0, quits: 1 });
  });

  it('gives up on a server that never says goodbye after quitTimeoutMs, and counts it', async () => {
    // Commands run on arrival, but no pulse ever comes: a wait state then holds the quit for ever.
    server = await startMudServer({ seed: 7, tlsPort: false, pacing: 'instant', manualPulse: true });
    const bot = await MudBot.connect(
      { port: server.port },
      { name: 'Stuck', password: 'pw12345', quitTimeoutMs: 300 },
    );
    bots.push(bot);
    server.game.findPlayer('Stuck')!.wait = 1000;
    const t0 = performance.now();
    const q = await bot.close();
    const took = performance.now() - t0;
    expect(q.result).toBe('timeout');
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1500);
    expect(bot.metrics.quitUnconfirmed).toBe(1);
    expect(bot.snapshot().quitUnconfirmed).toBe(1);
    expect(bot.transcript.tail(3).join('\n')).toMatch(/quit not confirmed within 300 ms/);
    // A caller's tighter bound (a swarm stopping for a dead server) wins over quitTimeoutMs.
    const other = await MudBot.connect({ port: server.port }, { name: 'Stucktoo', password: 'pw12345' });
    bots.push(other);
    server.game.findPlayer('Stucktoo')!.wait = 1000;
    const t1 = performance.now();
    expect((await other.close({ withinMs: 50 })).result).toBe('timeout');
    expect(performance.now() - t1).toBeLessThan(1000);
  });
});

describe('quitGracefully', () => {
  /** A port whose server answers every `quit` with a refusal (the fight never ends). */
  function refusingPort(fighting: boolean) {
    const sent: string[] = [];
    let events: ((ev: BotEvent) => void) | undefined;
    const port: QuitPort = {
      write: (line) => {
        sent.push(line);
        if (line === 'quit') queueMicrotask(() => events?.({ kind: 'quit-refused' }));
      },
      isOpen: () => true,
      fighting: () => fighting,
      onEvent: (cb) => {
        events = cb;
        return () => {
          events = undefined;
        };
      },
      onClose: () => () => {},
      now: () => performance.now(),
    };
    return { port, sent };
  }

  it('flees at most maxFlees times, then waits out its bound', async () => {
    const { port, sent } = refusingPort(true);
    const q = await quitGracefully(port, { withinMs: 100, maxFlees: 3 });
    expect(q).toMatchObject({ result: 'timeout', flees: 3, quits: 3 });
    expect(sent).toEqual(['flee', 'quit', 'flee', 'quit', 'flee', 'quit']);
  });

  it('quits first when not fighting (fleeing only once refused), and takes no time on a closed socket', async () => {
    const { port, sent } = refusingPort(false);
    expect((await quitGracefully(port, { withinMs: 50 })).flees).toBe(5);
    expect(sent.slice(0, 3)).toEqual(['quit', 'flee', 'quit']);
    const closed = await quitGracefully({ ...port, isOpen: () => false }, { withinMs: 10_000 });
    expect(closed).toMatchObject({ result: 'closed', quits: 0, durationMs: 0 });
  });
});
