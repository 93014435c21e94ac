import { describe, expect, it } from 'vitest';
import type { Char } from '../../../mud-fixtures/lib/world/entities.ts';
import { createChar, FakeTransport, makeGame, pulses } from './harness.ts';

function walk(
  game: ReturnType<typeof makeGame>['game'],
  s: Parameters<typeof game.input>[0],
  dirs: string[],
) {
  for (const d of dirs) {
    game.input(s, d);
    pulses(game, 2);
  }
}

const TO_CAGE_ROOM = ['north', 'north', 'west', 'north', 'north', 'west', 'down'];

describe('fixture MUD features', () => {
  it('rest/sleep/wake change position and regen runs on the tick', () => {
    const { game } = makeGame({ tickPulses: 10 });
    const { s, t } = createChar(game, 'Rester');
    const ch = s.char as Char;
    ch.hit = 5;
    game.input(s, 'rest');
    expect(t.take()).toContain('You rest.');
    pulses(game, 10);
    expect(ch.hit).toBeGreaterThan(5);
    game.input(s, 'sleep');
    expect(t.take()).toContain('You go to sleep.');
    game.input(s, 'north');
    expect(t.take()).toContain('In your dreams, or what?');
    game.input(s, 'wake');
    expect(t.take()).toContain('You wake and stand up.');
  });

  it('player death: KILLED, respawn at the altar, corpse left behind', () => {
    const { game, events } = makeGame({ violencePulses: 2 });
    const { s, t } = createChar(game, 'Victim');
    const ch = s.char as Char;
    walk(game, s, TO_CAGE_ROOM);
    ch.hit = 1;
    ch.maxHit = 1;
    game.input(s, 'north'); // the aggressive monster's cage
    for (let i = 0; i < 500 && !events.some((e) => e.event === 'death' || e.event === 'kill'); i++)
      game.pulse();
    game.pulse();
    const text = t.take();
    expect(events.some((e) => e.event === 'death' && e.name === 'Victim')).toBe(true);
    expect(text).toContain('You have been KILLED!!');
    expect(ch.room?.vnum).toBe(3054);
    expect(text).toContain('By the Temple Altar');
    const cage = [...game.world.allRooms()].find((r) => r.vnum === 3713 && r.instance === 'Victim');
    expect(cage?.contents.some((o) => o.short === 'the corpse of Victim')).toBe(true);
  });

  it('flee leaves combat, recall goes to the temple', () => {
    const { game } = makeGame({ violencePulses: 4 });
    const { s, t } = createChar(game, 'Runner');
    const ch = s.char as Char;
    walk(game, s, TO_CAGE_ROOM);
    ch.hit = ch.maxHit = 500;
    game.input(s, 'north');
    pulses(game, 2);
    expect(ch.fighting).toBeDefined();
    for (let i = 0; i < 20 && ch.fighting; i++) {
      game.input(s, 'flee');
      pulses(game, 1);
    }
    expect(t.take()).toContain('You flee from combat!');
    pulses(game, 20);
    game.input(s, 'recall');
    pulses(game, 2);
    expect(ch.room?.vnum).toBe(3001);
    expect(t.take()).toContain('The Temple Of Mota');
  });

  it('train and practice only where the teachers are', () => {
    const { game } = makeGame();
    const { s, t } = createChar(game, 'Student');
    const ch = s.char as Char;
    game.input(s, 'train hp');
    expect(t.take()).toContain("You can't do that here.");
    walk(game, s, ['north', 'west']);
    game.input(s, 'train hp');
    expect(t.take()).toContain('Your durability increases!');
    expect(ch.maxHit).toBe(30);
    expect(ch.pc?.trains).toBe(2);
    walk(game, s, ['east', 'east']);
    game.input(s, 'practice sword');
    expect(t.take()).toMatch(/You practice sword\.|You are now learned at sword\./);
    expect(ch.pc?.practices).toBe(4);
  });

  it('shop: list, buy, sell; wear, remove, wield; inventory and equipment', () => {
    const { game } = makeGame();
    const { s, t } = createChar(game, 'Shopper');
    const ch = s.char as Char;
    ch.gold = 1;
    walk(game, s, ['north', 'north', 'west', 'south']);
    t.take();
    game.input(s, 'list');
    const list = t.take();
    expect(list).toContain('[Lv Price Qty] Item');
    expect(list).toMatch(/\[ 0 {4}24 -- \] a leather cap/);
    game.input(s, 'buy cap');
    expect(t.take()).toContain('You buy a leather cap for 24 silver.');
    game.input(s, 'wear cap');
    expect(t.take()).toContain('You wear a leather cap on your head.');
    game.input(s, 'equipment');
    expect(t.take()).toMatch(/<worn on head> {6}a leather cap/);
    game.input(s, 'remove cap');
    expect(t.take()).toContain('You stop using a leather cap.');
    game.input(s, 'sell cap');
    expect(t.take()).toMatch(/You sell a leather cap for 16 silver and 0 gold pieces\./);
    game.input(s, 'inventory');
    expect(t.take()).toContain('a map of the school');
  });

  it('follow and group move followers with the leader', () => {
    const { game } = makeGame();
    game.world.roles.start = 3001;
    const a = createChar(game, 'Leader');
    const b = createChar(game, 'Follower');
    const fa = a.s.char as Char;
    const fb = b.s.char as Char;
    const temple = game.world.room(3001);
    if (!temple) throw new Error('no temple');
    game.world.placeChar(fa, temple);
    game.world.placeChar(fb, temple);
    game.input(b.s, 'follow leader');
    expect(b.t.take()).toContain('You now follow Leader.');
    game.input(a.s, 'group follower');
    expect(a.t.take()).toContain('Follower joins your group.');
    game.input(a.s, 'north');
    game.pulse();
    expect(fb.room?.vnum).toBe(3054);
    expect(b.t.take()).toContain('You follow Leader.');
    game.input(a.s, 'group');
    expect(a.t.take()).toMatch(/Leader's group:[\s\S]*Follower/);
  });

  it('each player gets a private MUD School instance with its own monsters', () => {
    const { game, events } = makeGame();
    const a = createChar(game, 'Alone');
    const b = createChar(game, 'Other');
    expect(a.s.char?.room).not.toBe(b.s.char?.room);
    expect(a.s.char?.room?.vnum).toBe(b.s.char?.room?.vnum);
    expect(events.filter((e) => e.event === 'instance_created').length).toBe(2);
  });

  it('score and prompt toggle have Mud98 shapes', () => {
    const { game } = makeGame();
    const { s, t } = createChar(game, 'Scorer');
    game.input(s, 'score');
    const score = t.take();
    expect(score).toContain('You are Scorer the Swordpupil, level 1, 17 years old (0 hours).');
    expect(score).toContain('You have 20/20 hit, 100/100 mana, 100/100 movement.');
    expect(score).toContain('You have scored 1000 exp, and have no coins.');
    expect(score).toContain('You need 1000 exp to level.');
    game.input(s, 'prompt');
    expect(t.take()).toBe('You will no longer see prompts.\n\r\n\r');
  });

  it('the spam check logs 25 identical commands (bots are exempt)', () => {
    const { game, events } = makeGame();
    const { s } = createChar(game, 'Spammer');
    for (let i = 0; i < 25; i++) game.input(s, 'score');
    expect(events.filter((e) => e.event === 'spam').length).toBe(1);
    (s.char as Char).pc!.actFlags |= 512;
    for (let i = 0; i < 25; i++) game.input(s, 'score');
    expect(events.filter((e) => e.event === 'spam').length).toBe(1);
  });

  it('wait states delay the next command (save = 4 rounds)', () => {
    const { game } = makeGame();
    const { s, t } = createChar(game, 'Waiter');
    game.input(s, 'save');
    game.input(s, 'score');
    const first = t.take();
    expect(first).toContain('Saving.');
    expect(first).not.toContain('You are Waiter');
    pulses(game, 48);
    expect(t.take()).toContain('You are Waiter');
  });

  it('quirks MSDP: REPORT waits for the 4-s update; updates carry only changed reported variables', () => {
    const { game } = makeGame({ quirks: true });
    const { s, t } = createChar(game, 'Quirkmsdp');
    t.msdpOn = true;
    pulses(game, 16);
    t.frames.length = 0;
    game.msdp(s, 'REPORT', ['HEALTH', 'LEVEL']);
    expect(t.frames).toEqual([]);
    pulses(game, 16);
    expect(t.frames).toEqual([
      [
        { name: 'HEALTH', value: '20' },
        { name: 'LEVEL', value: '1' },
      ],
    ]);
    (s.char as Char).move -= 5;
    pulses(game, 16);
    expect(t.frames.at(-1)).toEqual([]);
  });

  it('loot: the corpse holds what the mob carried; killing enough levels you up', () => {
    const { game, events } = makeGame({ violencePulses: 2 });
    const { s, t } = createChar(game, 'Looter');
    const ch = s.char as Char;
    ch.hit = ch.maxHit = 400;
    ch.exp = 1990;
    walk(game, s, ['north', 'north', 'west', 'west']);
    game.input(s, 'kill creature');
    for (let i = 0; i < 2000 && !events.some((e) => e.event === 'kill'); i++) game.pulse();
    pulses(game, 4);
    const fight = t.take();
    expect(fight).toContain('The big creature is DEAD!!');
    expect(fight).toContain('You raise a level!!');
    expect(ch.level).toBe(2);
    game.input(s, 'get all corpse');
    const loot = t.take();
    expect(loot).toContain('You get a red potion from the corpse of the big creature.');
    expect(loot).toMatch(/You get 3 gold coins\./);
  });
});

describe('idle players', () => {
  it('link-dead mortals go to the void after 12 ticks, return on reconnect, and are removed after 30', () => {
    const { game, events } = makeGame({ tickPulses: 2 });
    const { s } = createChar(game, 'Sleepy', 'sleepy12');
    const ch = s.char as Char;
    game.linkLost(s);
    pulses(game, 2 * 12);
    expect(ch.room?.vnum).toBe(2);
    const t = new FakeTransport();
    const s2 = game.connect(t, '127.0.0.1');
    game.input(s2, 'Sleepy');
    game.input(s2, 'sleepy12');
    expect(t.take()).toContain('Reconnecting.');
    expect(ch.room?.vnum).toBe(3700);
    game.linkLost(s2);
    pulses(game, 2 * 30);
    expect(events.some((e) => e.event === 'idle_quit' && e.name === 'Sleepy')).toBe(true);
    expect(game.players.includes(ch)).toBe(false);
  });
});
