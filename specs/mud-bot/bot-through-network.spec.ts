// A MUD bot session the way a MUD developer would write it: create a character, walk Mud School to
// the cage and kill the monster, all through an impaired TCP link, then check what the link did.
import { describe, expect, test } from 'netwright';

// To the wimpy aggressive monster's cage: as on Mud98 it never attacks an awake player. The next cage
// north holds an aggressive monster that attacks by itself: through a slow link, the fight could start
// (or end) before the bot asks for it.
const TO_THE_CAGE = ['north', 'north', 'west', 'north', 'north', 'west', 'down', 'west'];

describe('MUD bot through the network', () => {
  // Faster pulses than ROM's 250 ms so a fight takes seconds, not half a minute; commands run on arrival
  // (pacing 'instant') so the latency checks measure the link, not where a command fell in a pulse.
  test.override({ mudServerOptions: { options: { pulseMs: 50, violencePulses: 4, pacing: 'instant' } } });

  test('creates a character, walks to the cage and kills the monster over a 40 ms lossy link', async ({
    mudBot,
    network,
  }) => {
    network.set({ latency: 20, upstream: { loss: 0.02 } }); // 20 ms each way; 2 % of client chunks lost (retransmitted)
    const bot = await mudBot({ name: 'Cagehunter' });

    const start = await bot.look();
    expect(start.title).toContain('Entrance to Mud School');

    for (const dir of TO_THE_CAGE) await bot.command(dir);
    const cage = await bot.look();
    expect(cage.title).toContain('A Cage');
    expect(cage.lines.join('\n')).toMatch(/wimpy aggressive monster/i);

    const fight = await bot.fight('monster');
    expect(fight.outcome).toBe('won');
    expect(fight.rounds).toBeGreaterThan(0);

    // Every command paid at least the 40 ms round trip the link adds.
    expect(bot.commandLatency.percentile(50)).toBeGreaterThanOrEqual(40);
    const link = network.stats();
    expect(JSON.stringify(link)).toContain('bot-Cagehunter');
    // The MUD's 50 ms pulse alone can make commands that slow: the link itself must have held every
    // chunk its 20 ms each way.
    for (const dir of ['upstream', 'downstream'] as const)
      expect(link.links[0][dir].latencyMs.min).toBeGreaterThanOrEqual(19.9);
  });

  test('a bot straight to the server answers faster than one behind a 100 ms link', async ({
    mudBot,
    network,
  }) => {
    network.set({ latency: 50 });
    const direct = await mudBot({ name: 'Direct', direct: true });
    const slow = await mudBot({ name: 'Slowpoke' });
    for (let i = 0; i < 5; i++) {
      await direct.command('look');
      await slow.command('look');
    }
    expect(slow.commandLatency.percentile(50)).toBeGreaterThan(direct.commandLatency.percentile(50) + 80);
  });
});

describe('playing bots through the network', () => {
  // ROM timing scaled down further: 10 ms pulses, a combat round every 30 ms, a tick every 0.5 s.
  test.override({ mudServerOptions: { options: { pulseMs: 10, violencePulses: 3, tickPulses: 50 } } });

  test('three bots play MUD School through lossy links: each kills, latency carries the link', async ({
    mudBot,
    network,
  }) => {
    network.set({ latency: 20, loss: 0.05 }); // 40 ms RTT; 5 % of chunks lost each way (retransmitted)
    const bots = await Promise.all([mudBot(), mudBot(), mudBot()]);
    await Promise.all(
      bots.map((b) => b.play({ for: 60_000, until: () => b.metrics.kills >= 1 && !b.world.fighting })),
    );
    for (const b of bots) {
      expect(b).toHaveKilled({ min: 1 });
      expect(b.commandLatency.percentile(50)).toBeGreaterThanOrEqual(40);
    }
    const stats = network.stats();
    const retransmitted = stats.links.reduce(
      (n, l) => n + (l.upstream.retransmitted ?? 0) + (l.downstream.retransmitted ?? 0),
      0,
    );
    expect(retransmitted).toBeGreaterThan(0);
  });
});
