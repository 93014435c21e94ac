// The planted damage bug: off by default; on, a player's blows print as usual but leave the monster
// unhurt. Used by the report and fix-loop work as "a damage bug in the fixture MUD".
import { afterEach, describe, expect, it } from 'vitest';
import type { PlantedBug } from '../../../mud-fixtures/lib/game/planted-bugs.ts';
import { startMudServer } from '../../../mud-fixtures/lib/server.ts';
import type { Char } from '../../../mud-fixtures/lib/world/entities.ts';
import { createChar, makeGame, pulses } from './harness.ts';

const TO_CAGE_ROOM = ['north', 'north', 'west', 'north', 'north', 'west', 'down'];

/** A fresh warrior kills the monster in the east cage (3716); what it saw and how the mob fared. */
function cageFight(bug: PlantedBug | undefined) {
  const { game, events } = makeGame({ violencePulses: 2, bug });
  const { s, t } = createChar(game, 'Tester');
  const ch = s.char as Char;
  ch.hit = ch.maxHit = 500; // survive as many rounds as it takes
  for (const d of [...TO_CAGE_ROOM, 'east']) {
    game.input(s, d);
    pulses(game, 2);
  }
  const mob = ch.room?.people.find((p) => p.isNpc);
  t.take();
  game.input(s, 'kill monster');
  for (let i = 0; i < 400 && !events.some((e) => e.event === 'kill'); i++) game.pulse();
  return { text: t.take(), killed: events.some((e) => e.event === 'kill'), mob };
}

describe('planted damage bug', () => {
  const saved = process.env.NETWRIGHT_MUD_BUG;
  afterEach(() => {
    if (saved === undefined) delete process.env.NETWRIGHT_MUD_BUG;
    else process.env.NETWRIGHT_MUD_BUG = saved;
  });

  it('is off by default: the monster dies', () => {
    const { killed } = cageFight(undefined);
    expect(killed).toBe(true);
  });

  it("with bug 'damage' the player's blows land with their usual words but the monster never loses hp", () => {
    const { text, killed, mob } = cageFight('damage');
    expect(killed).toBe(false);
    expect(text).toMatch(/Your \w+ (scratches|grazes|hits) the monster/);
    expect(mob?.hit).toBe(mob?.maxHit);
  });

  it('NETWRIGHT_MUD_BUG turns it on for a started server, and a bad value is a coded error', async () => {
    process.env.NETWRIGHT_MUD_BUG = 'damage';
    const h = await startMudServer({ tlsPort: false, manualPulse: true });
    try {
      expect(h.game.opts.bug).toBe('damage');
    } finally {
      await h.close();
    }
    process.env.NETWRIGHT_MUD_BUG = 'dmage';
    await expect(startMudServer({ tlsPort: false, manualPulse: true })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringContaining("did you mean 'damage'?"),
    });
  });
});
