// Room blocks from BOT lines, plain text (with and without autoexit) and MSDP ROOM.
import { describe, expect, it } from 'vitest';
import type { BotEvent } from '../../../src/mud/bot/bot-events.ts';
import { GameReader } from '../../../src/mud/bot/game-reader.ts';
import type { BotLine } from '../../../src/mud/text/bot-lines.ts';
import { parseBotLine } from '../../../src/mud/text/bot-lines.ts';

function feed(r: GameReader, lines: string[], prompt = '<20hp 100m 100mv> '): BotEvent[] {
  const out: BotEvent[] = [];
  for (const l of lines) {
    out.push(...r.line(l));
    if (l.startsWith('[BOT:')) out.push(...r.bot(parseBotLine(l) as BotLine));
  }
  out.push(...r.prompt(prompt));
  return out;
}
const rooms = (evs: BotEvent[]) => evs.flatMap((e) => (e.kind === 'room' ? [e.room] : []));

describe('GameReader rooms', () => {
  it('reads a PLR_BOT block: title, vnum, exits with destinations, mobs with levels, objects', () => {
    const r = new GameReader();
    const [room] = rooms(
      feed(r, [
        'A Cage',
        '[BOT:ROOM|vnum=3713|flags=indoors newbies_only|sector=inside]',
        '[BOT:EXIT|dir=south|vnum=3712|flags=(none)]',
        '[BOT:MOB|name=monster aggressive|vnum=3704|level=1|flags=npc sentinel aggressive noalign|hp=100%|align=0]',
        '[BOT:OBJ|name=corpse|vnum=10|type=npccorpse|flags=(none)|wear=take]',
        "the aggressive monster's claw misses you.",
      ]),
    );
    expect(room).toMatchObject({
      vnum: 3713,
      title: 'A Cage',
      source: 'bot',
      exits: [{ dir: 'south', vnum: 3712, flags: [] }],
      mobs: [{ name: 'monster aggressive', keyword: 'monster', level: 1, vnum: 3704 }],
      objs: [{ keyword: 'corpse', type: 'npccorpse' }],
    });
  });

  it('reads a plain-text block after a move (title, description, exits line, mobs, corpse)', () => {
    const r = new GameReader();
    r.expectRoom();
    const evs = feed(r, [
      'The Cage Room',
      '  You are in the cage room.  All around are 4 cages.',
      'Exits lead into the cardinal directions plus down.',
      '',
      '[Exits: north east south west (up) down]',
      'The corpse of the wimpy monster is lying here.',
      '  (White Aura) An adept of the mighty goddess Satin is here, contemplating your progress.',
    ]);
    const [room] = rooms(evs);
    expect(room.title).toBe('The Cage Room');
    expect(room.exits?.map((e) => e.dir)).toEqual(['north', 'east', 'south', 'west', 'up', 'down']);
    expect(room.exits?.[4].flags).toEqual(['door', 'closed']);
    expect(room.mobs.map((m) => m.keyword)).toEqual(['satin']);
    expect(room.objs.map((o) => o.keyword)).toEqual(['corpse']);
    expect(room.lines[0]).toContain('cage room');
  });

  it('tells Mud98 object lines (five spaces) from people, so a severed head is no monster', () => {
    const r = new GameReader(undefined, { mobWords: ['monster'] });
    r.expectRoom();
    const [room] = rooms(
      feed(r, [
        'A Cage',
        '  You are in a cage.  Blood and gore are everywhere.',
        '[Exits: west]',
        '     The severed head of the monster is lying here.',
        '( 2) a loaf of bread',
        'There is a monster leashed here.',
      ]),
    );
    expect(room.objs.map((o) => o.keyword)).toEqual(['head', 'loaf']);
    expect(room.mobs.map((m) => m.keyword)).toEqual(['monster']);
  });

  it('finds a plain-text block without expectRoom from its exits line, and immortal [Room n] titles', () => {
    const r = new GameReader();
    const [room] = rooms(
      feed(r, ['Entrance to Mud School [Room 3700]', '  This is the entrance.', '[Exits: north down]']),
    );
    expect(room).toMatchObject({ title: 'Entrance to Mud School', vnum: 3700 });
  });

  it('takes vnum and exits from MSDP ROOM sent before the text block (Mud98 order)', () => {
    const r = new GameReader();
    const msdpEvents = r.msdp([
      { name: 'ROOM_VNUM', value: '3703' },
      {
        name: 'ROOM',
        value: {
          VNUM: '3703',
          NAME: 'A Room in Mud School',
          AREA: 'mud school',
          EXITS: { N: '3709', S: '3702' },
        },
      },
      { name: 'HEALTH', value: '18' },
    ]);
    expect(msdpEvents.map((e) => e.kind)).toEqual(['stats', 'room']);
    r.expectRoom();
    const [room] = rooms(feed(r, ['A Room in Mud School', '  A corridor.']));
    expect(room.vnum).toBe(3703);
    expect(room.exits?.map((e) => [e.dir, e.vnum])).toEqual([
      ['north', 3709],
      ['south', 3702],
    ]);
  });

  it('does not take a later line for a title once the prompt answered the move', () => {
    const r = new GameReader();
    r.expectRoom();
    expect(rooms(feed(r, ['The door is closed.']))).toEqual([]);
    expect(rooms(feed(r, ['Ok.']))).toEqual([]);
    r.expectRoom();
    expect(rooms(feed(r, ["You can't fly."]))).toEqual([]);
  });
});

describe("Mud98's trainer in plain text", () => {
  it('is found by its whole line ("... is here, training young students."), so Train starts there', async () => {
    // Captured on Mud98 (7952a12) with autoexit, no PLR_BOT: the trainer's name part ("An adept of
    // Furey") has none of the trainer keywords; its line does. Before, a bot stood in this room with 3
    // trains and explored on (practice worked: "The priest of Circe is ready to help you practice.").
    const { WorldModel } = await import('../../../src/mud/bot/world.ts');
    const { DEFAULT_TUNING } = await import('../../../src/mud/bot/behavior.ts');
    const { train } = await import('../../../src/mud/bot/behaviors/index.ts');
    const r = new GameReader();
    r.expectRoom();
    const evs = feed(r, [
      "Furey's Training Room",
      "  You are in Furey's Training Room.  Around you are all sorts of physical",
      'and mental training tools.  The whole room is filled with magic, holiness, ',
      'and sweat.  There is a sign on the wall.',
      '',
      '',
      '[Exits: east]',
      '  (White Aura) An adept of Furey is here, training young students.',
      '',
      '',
    ]);
    const w = new WorldModel();
    w.apply({ kind: 'stats', source: 'score', stats: { hp: 20, maxHp: 20, level: 1, trains: 3 } }, 0);
    for (const e of evs) w.apply(e, 0);
    expect(w.current?.mobs.map((m) => m.name)).toEqual(['An adept of Furey']);
    const state = {
      world: w,
      tuning: { ...DEFAULT_TUNING },
      now: 0,
      fight: undefined,
      lastFight: undefined,
      memory: {},
      scoreAt: 0,
      scoreStale: false,
    };
    expect(train.canStart(state as never)).toBe(true);
  });
});
