// The world model: rooms by vnum or title+exits, links from moves, paths, frontier, sightings.
import { describe, expect, it } from 'vitest';
import type { RoomSeen } from '../../../src/mud/bot/bot-events.ts';
import { WorldModel } from '../../../src/mud/bot/world.ts';

const room = (
  vnum: number | undefined,
  title: string,
  exits: [string, number?][],
  mobs: string[] = [],
): RoomSeen => ({
  vnum,
  title,
  exits: exits.map(([dir, v]) => ({ dir: dir as 'north', vnum: v, flags: [] })),
  mobs: mobs.map((m) => ({ name: m, keyword: m.split(' ').at(-1)!, flags: [], level: 1 })),
  objs: [],
  flags: [],
  source: vnum === undefined ? 'text' : 'bot',
  lines: [],
});

describe('WorldModel', () => {
  it('grows a map from moves and finds shortest paths and the nearest unexplored exit', () => {
    const w = new WorldModel();
    w.apply(
      {
        kind: 'room',
        room: room(1, 'Hall', [
          ['north', 2],
          ['east', 3],
        ]),
      },
      0,
    );
    w.moveSent('north');
    w.apply(
      {
        kind: 'room',
        room: room(2, 'North', [
          ['south', 1],
          ['up', 4],
        ]),
      },
      1,
    );
    w.moveSent('south');
    w.apply(
      {
        kind: 'room',
        room: room(1, 'Hall', [
          ['north', 2],
          ['east', 3],
        ]),
      },
      2,
    );
    expect(w.rooms.size).toBe(2);
    expect(w.current?.key).toBe('#1');
    expect(w.path('#2')).toEqual(['north']);
    expect(w.frontier()).toEqual(['east']);
    w.moveSent('east');
    w.apply({ kind: 'no-exit' }, 3);
    expect(w.rooms.get('#1')?.exits.get('east')?.dead).toBe(true);
    expect(w.frontier()).toEqual(['north', 'up']);
    expect(w.frontier((r) => r.vnum !== 2)).toBeUndefined();
  });

  it('explores outward from home: an exit next to home before one further out, even when that one is nearer', () => {
    // Mud98's MUD School: 3700 (home) north to 3757, whose east and west lead to the practice master
    // and the trainer; 3757 north to 3701, west to 3702 and on to a one-way exit. Standing in 3701
    // the nearest unexplored exit is its own west; 3757's east and west are nearer home and the bot
    // can never come back to them past the one-way exit, so they go first.
    const w = new WorldModel();
    w.apply({ kind: 'room', room: room(3700, 'Entrance', [['north', 3757]]) }, 0);
    w.moveSent('north');
    w.apply(
      {
        kind: 'room',
        room: room(3757, 'A Room', [
          ['north', 3701],
          ['east', 3759],
          ['south', 3700],
          ['west', 3758],
        ]),
      },
      1,
    );
    w.moveSent('north');
    w.apply(
      {
        kind: 'room',
        room: room(3701, 'A Room', [
          ['south', 3757],
          ['west', 3702],
        ]),
      },
      2,
    );
    expect(w.home?.key).toBe('#3700');
    expect(w.frontier()).toEqual(['south', 'east']);
    // Filtered out (e.g. beyond the roam range), the next nearest home goes first; with nothing else
    // left, the nearest.
    expect(w.frontier((_r, e) => e.vnum !== 3759)).toEqual(['south', 'west']);
    expect(w.frontier((_r, e) => e.vnum === 3702)).toEqual(['west']);
  });

  it('explores through a closed door only after every open way', () => {
    // Mud98: 3700 has a closed door south to the arena (every arena room leads up into A Safe Room,
    // 3760, whose only exit leaves MUD School: a lone bot sat there after 93 s); north is the school.
    const w = new WorldModel();
    w.apply(
      {
        kind: 'room',
        room: {
          ...room(3700, 'Entrance', [['north', 3757]]),
          exits: [
            { dir: 'north', vnum: 3757, flags: [] },
            { dir: 'south', vnum: 3744, flags: ['door', 'closed'] },
          ],
        },
      },
      0,
    );
    w.moveSent('north');
    w.apply(
      {
        kind: 'room',
        room: room(3757, 'A Room', [
          ['north', 3701],
          ['south', 3700],
          ['west', 3758],
        ]),
      },
      1,
    );
    expect(w.frontier()).toEqual(['north']);
    w.moveSent('north');
    w.apply({ kind: 'room', room: room(3701, 'A Room', [['south', 3757]]) }, 2);
    expect(w.frontier()).toEqual(['south', 'west']);
  });

  it('keeps a known exit that an exits line leaves out as a closed door (ROM hides closed doors)', () => {
    // Mud98: the bot came 3717 -> east -> 3719 (MSDP gave the vnums), fled, slept; an area reset
    // closed 3719's west door meanwhile, and the look after 'stand' said "[Exits: north]" (the room
    // text: "The exits are north and west, with a door to the east."). Before, the map lost the west
    // exit and with it every way back to the cages: the bot idled for 13 minutes.
    const w = new WorldModel();
    w.apply(
      {
        kind: 'room',
        room: room(3717, 'A Room in Mud School', [
          ['east', 3719],
          ['up', 3712],
        ]),
      },
      0,
    );
    w.moveSent('east');
    const msdp: RoomSeen = {
      ...room(3719, 'A Room in Mud School', [
        ['north', 3720],
        ['west', 3717],
      ]),
      source: 'msdp',
    };
    w.apply({ kind: 'room', room: msdp }, 1);
    const look = (exits: string[]): RoomSeen => ({
      ...room(
        undefined,
        'A Room in Mud School',
        exits.map((d) => [d] as [string]),
      ),
      source: 'text',
    });
    w.apply({ kind: 'room', room: look(['north']) }, 2);
    expect(w.current?.key).toBe('#3719');
    expect(w.path('#3717')).toEqual(['west']);
    expect(w.current?.exits.get('west')).toMatchObject({ to: '#3717', door: true, closed: true });
    // Listed again (opened): open again. An exit never known to lead anywhere is not kept.
    w.apply({ kind: 'room', room: look(['north', 'west']) }, 3);
    expect(w.current?.exits.get('west')?.closed).toBe(false);
    w.apply({ kind: 'room', room: look(['west']) }, 4);
    expect([...(w.current?.exits.keys() ?? [])].sort()).toEqual(['north', 'west']);
    w.apply({ kind: 'room', room: look(['north', 'west', 'south']) }, 5);
    w.apply({ kind: 'room', room: look(['north', 'west']) }, 6);
    expect(w.current?.exits.has('south')).toBe(false);
  });

  it('keys rooms without vnums by title and exits, and links them by the move that led there', () => {
    const w = new WorldModel();
    w.apply({ kind: 'room', room: room(undefined, 'Yard', [['north'], ['west']]) }, 0);
    w.moveSent('north');
    w.apply({ kind: 'room', room: room(undefined, 'Gate', [['south']]) }, 1);
    expect([...w.rooms.keys()]).toEqual(['Yard|north,west', 'Gate|south']);
    expect(w.path('Yard|north,west')).toEqual(['south']);
    // A look in place merges into the current room.
    w.apply({ kind: 'room', room: room(undefined, 'Gate', [['south']], ['the rat']) }, 2);
    expect(w.rooms.size).toBe(2);
    expect(w.current?.mobs[0].keyword).toBe('rat');
  });

  it('remembers where mobs were seen and marks them gone when killed or missing', () => {
    const w = new WorldModel();
    w.apply({ kind: 'room', room: room(5, 'Cage', [['south', 4]], ['the wimpy monster']) }, 0);
    expect(w.whereSeen(() => true)).toHaveLength(1);
    w.apply({ kind: 'hit', by: 'you', who: 'the wimpy monster', verb: 'hits', tier: 3 }, 1);
    expect(w.fighting).toBe(true);
    w.apply({ kind: 'kill', victim: 'The wimpy monster' }, 2);
    expect(w.fighting).toBe(false);
    expect(w.lootRoom).toBe('#5');
    expect(w.whereSeen(() => true)).toHaveLength(0);
    expect(w.whereSeen(() => true, 3)).toHaveLength(1); // killed before t=3: may have respawned
  });

  it('tracks stats, inventory, equipment and items to wear', () => {
    const w = new WorldModel();
    w.apply({ kind: 'stats', source: 'score', stats: { hp: 10, maxHp: 20, level: 1, xp: 1000 } }, 0);
    expect(w.hpPercent).toBe(50);
    w.apply({ kind: 'xp', amount: 200 }, 0);
    w.apply({ kind: 'level' }, 0);
    expect(w.stats).toMatchObject({ xp: 1200, level: 2 });
    w.apply({ kind: 'got', item: 'a dagger' }, 0);
    expect(w.newItems).toEqual(['a dagger']);
    w.apply({ kind: 'wore', item: 'a dagger' }, 0);
    expect(w.inventory).toEqual([]);
  });
});

describe('WorldModel with MSDP', () => {
  it('does not count a level (or xp) twice when MSDP reports the absolute value as well', () => {
    const w = new WorldModel();
    w.apply({ kind: 'stats', source: 'msdp', stats: { level: 1, xp: 1000 } }, 0);
    w.apply({ kind: 'stats', source: 'msdp', stats: { level: 2, xp: 2010 } }, 1);
    w.apply({ kind: 'xp', amount: 210 }, 1);
    w.apply({ kind: 'level' }, 1);
    expect(w.stats).toMatchObject({ level: 2, xp: 2010 });
  });
});
