// The fixture MUD as a user meets it: ask for `mudServer`, talk telnet to it, assert on what a player
// sees and on the server's own [LOG_JSON] events.
import { describe, expect, test } from '../../fixtures/index.ts';
import { connectMud } from '../../src/mud/client/index.ts';

/** Generous waits: the suite shares two cores with other test runs. */
const W = { timeoutMs: 30_000 };

describe('fixture MUD', () => {
  test.override({ mudServerOptions: { options: { pulseMs: 50, violencePulses: 4 } } });

  test('a new player creates a character, walks to the cages and fights the aggressive monster', async ({
    mudServer,
  }) => {
    const mud = await connectMud({ port: mudServer.port });
    try {
      await mud.waitForLine('By what name do you wish to be known?', W);
      for (const answer of ['Newbie', 'y', 'tester1', 'tester1', 'human', 'male', 'warrior', 'n', 'n']) {
        mud.send(answer);
        await mud.waitForPrompt(undefined, W);
      }
      mud.send('sword');
      await mud.waitForLine('[Hit Return to continue]', W);
      mud.send('');
      await mud.waitForPrompt('<20hp 100m 100mv> ', W);
      for (const dir of ['north', 'north', 'west', 'north', 'north', 'west', 'down']) mud.send(dir);
      await mud.waitForLine('The Cage Room', { timeoutMs: 20_000 });
      mud.send('north');
      await mud.waitForLine(/claw/, { timeoutMs: 20_000 });
      mud.send('kill monster');
      const end = await mud.waitForLine(/is DEAD!!|You have been KILLED!!/, { timeoutMs: 60_000 });
      expect(end).toMatch(/DEAD!!|KILLED!!/);
      const ev = await mudServer.waitForEvent((e) => e.event === 'kill' || e.event === 'death');
      expect(['kill', 'death']).toContain(ev.event);
    } finally {
      await mud.close();
    }
  });
});

describe('fixture MUD in quirks mode', () => {
  test.override({
    mudServerOptions: {
      options: { quirks: true, players: [{ name: 'Probebot', password: 'probe123', bot: true }] },
    },
  });

  test('a PLR_BOT character gets BOT lines and instant MSDP room updates', async ({ mudServer }) => {
    const mud = await connectMud({
      port: mudServer.port,
      session: { msdp: true, gmcp: false, report: ['ROOM_VNUM', 'ROOM', 'HEALTH'] },
    });
    try {
      await mud.waitForLine('By what name do you wish to be known?', W);
      mud.send('Probebot');
      await mud.waitForPrompt(/Password: $/, W);
      mud.send('probe123');
      await mud.waitForLine('[Hit Return to continue]', W);
      mud.send('');
      await mud.waitForLine('[BOT:ROOM|vnum=3700|flags=no_mob indoors|sector=inside]', W);
      mud.send('north');
      await mud.waitForLine(/^\[BOT:EXIT\|dir=east\|vnum=3759\|/, W);
      await mud.waitForMsdp((m) => m.ROOM_VNUM === '3757', W);
      expect((mud.msdp.ROOM as Record<string, unknown>).NAME).toBe('A Room in Mud School');
    } finally {
      await mud.close();
    }
  });
});
