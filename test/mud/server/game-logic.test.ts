import { describe, expect, it } from 'vitest';
import { connectImmortal, createChar, FakeTransport, makeGame, pulses } from './harness.ts';

describe('fixture MUD game logic', () => {
  it('runs the new-character dialogue in Mud98 order and enters the start room', () => {
    const { game, events } = makeGame();
    const t = new FakeTransport();
    const s = game.connect(t, '127.0.0.1');
    expect(t.take()).toMatch(/By what name do you wish to be known\?\n\r$/);
    const steps: [string, RegExp][] = [
      ['Probe', /^Did I get that right, Probe \(Y\/N\)\? $/],
      ['y', /^New character\.\n\rGive me a password for Probe: $/],
      ['secret1', /^\n\rPlease retype password: $/],
      [
        'secret1',
        /^\n\rThe following races are available:\n\r {2}human elf dwarf giant \n\rWhat is your race \(help for more information\)\? $/,
      ],
      ['human', /^What is your sex \(Male\/Female\/None\/Either\)\? $/],
      ['male', /^Select a class \[mage cleric thief warrior\]: $/],
      ['warrior', /^\n\rYou may be good, neutral, or evil\.\n\rWhich alignment \(G\/N\/E\)\? $/],
      ['n', /Customize \(Y\/N\)\? $/],
      [
        'n',
        /Please pick a weapon from the following choices:\n\rsword dagger staff mace axe flail whip polearm \n\rYour choice\? $/,
      ],
      ['sword', /\[Hit Return to continue\]\n\r$/],
      [
        '',
        /Welcome to Netwright98[\s\S]*Entrance to Mud School[\s\S]*You have no unread notes\.\n\r\n\r<20hp 100m 100mv> $/,
      ],
    ];
    for (const [input, expected] of steps) {
      game.input(s, input);
      expect(t.take()).toMatch(expected);
    }
    expect(t.echoLog).toEqual([false, true]);
    expect(events.some((e) => e.event === 'login' && e.name === 'Probe' && e.new === true)).toBe(true);
  });

  it('walks to a cage, gets attacked, kills the monster, gets exp and a corpse', () => {
    const { game, events } = makeGame();
    const { s, t } = createChar(game, 'Fighter');
    t.take();
    for (const dir of ['north', 'north', 'west', 'north', 'north', 'west', 'down', 'north']) {
      game.input(s, dir);
      pulses(game, 2);
    }
    let text = t.take();
    expect(text).toContain('A Cage');
    expect(text).toContain("the aggressive monster's claw");
    expect(text).toMatch(/The aggressive monster (is in excellent condition|has .*|looks .*)\. \n\r/);
    game.input(s, 'kill monster');
    for (let i = 0; i < 200 && !events.some((e) => e.event === 'kill' || e.event === 'death'); i++)
      pulses(game, 12);
    text += t.take();
    expect(events.some((e) => e.event === 'kill')).toBe(true);
    expect(text).toContain('The aggressive monster is DEAD!!');
    expect(text).toMatch(/You receive \d+ experience points\./);
    game.input(s, 'look');
    expect(t.take()).toContain('The corpse of the aggressive monster is lying here.');
  });

  it('shows BOT lines for PLR_BOT characters and [Exits: ...] with autoexit', () => {
    const { game } = makeGame();
    const { s, t } = createChar(game, 'Botty');
    t.take();
    game.input(s, 'autoexit');
    game.input(s, 'look');
    expect(t.take()).toContain('[Exits: north down]');
    (s.char as NonNullable<typeof s.char>).pc!.actFlags |= 512;
    game.input(s, 'look');
    const bot = t.take();
    expect(bot).toContain('[BOT:ROOM|vnum=3700|flags=no_mob indoors|sector=inside]');
    expect(bot).toContain('[BOT:EXIT|dir=south|vnum=3744|flags=door closed]');
    expect(bot).not.toContain('archway');
  });

  it('reports MSDP: LIST, SEND, REPORT, instant ROOM_VNUM on move', () => {
    const { game } = makeGame();
    const { s, t } = createChar(game, 'Msdper');
    t.msdpOn = true;
    game.msdp(s, 'LIST', ['COMMANDS']);
    expect(t.frames.at(-1)).toEqual([
      { name: 'COMMANDS', value: ['LIST', 'REPORT', 'RESET', 'SEND', 'UNREPORT'] },
    ]);
    // SEND is answered with the next mobile-pulse update (Mud98: every 4 s), not at once; LIST is.
    t.frames.length = 0;
    game.msdp(s, 'SEND', ['LEVEL', 'HEALTH']);
    expect(t.frames).toEqual([]);
    let waited = 0;
    while (t.frames.length === 0 && waited < 16) {
      game.pulse();
      waited++;
    }
    expect(game.pulseCount % 16).toBe(0);
    expect(t.frames.at(-1)).toEqual([
      { name: 'HEALTH', value: '20' },
      { name: 'LEVEL', value: '1' },
    ]);
    game.msdp(s, 'LIST', ['LISTS']);
    expect(t.frames.at(-1)?.[0].name).toBe('LISTS');
    game.msdp(s, 'REPORT', ['ROOM_VNUM', 'ROOM', 'HEALTH']);
    t.frames.length = 0;
    game.input(s, 'north');
    expect(t.frames[0]).toEqual([{ name: 'ROOM_VNUM', value: '3757' }]);
    expect(t.frames[1][0].name).toBe('ROOM');
    expect((t.frames[1][0].value as Record<string, unknown>).EXITS).toEqual({
      N: '3701',
      E: '3759',
      S: '3700',
      W: '3758',
    });
  });

  it('quirks mode: one command per pulse and stray escapes in the login prompts', () => {
    const { game } = makeGame({ quirks: true });
    const t = new FakeTransport();
    const s = game.connect(t, '127.0.0.1');
    t.text = '';
    game.input(s, 'Quirky');
    expect(t.text).toBe('');
    game.pulse();
    expect(t.text).toContain('\x1b[8]Did I get that right, Quirky (Y/N)? ');
  });

  it('wrong password closes; a link-dead character reconnects', () => {
    const { game } = makeGame();
    const { s } = createChar(game, 'Again', 'goodpass');
    game.linkLost(s);
    const bad = new FakeTransport();
    const s2 = game.connect(bad, '127.0.0.1');
    game.input(s2, 'Again');
    game.input(s2, 'badpass');
    expect(bad.take()).toContain('Wrong password.');
    expect(bad.closed).toBe('wrong-password');
    const good = new FakeTransport();
    const s3 = game.connect(good, '127.0.0.1');
    game.input(s3, 'Again');
    game.input(s3, 'goodpass');
    expect(good.take()).toContain('Reconnecting. Type replay to see missed tells.');
    game.input(s3, 'quit');
    expect(good.take()).toContain('Alas, all good things must come to an end.');
    expect(good.quitSent).toBe(true);
    expect(good.closed).toBe('quit');
  });
});

describe('immortals', () => {
  it('read the IMOTD, then the MOTD, and see room vnums', () => {
    const { game } = makeGame();
    const { s, t } = connectImmortal(game, 'Imm', 'godpass1');
    game.input(s, 'Imm');
    game.input(s, 'godpass1');
    expect(t.take()).toContain('Welcome Immortal!');
    game.input(s, '');
    expect(t.take()).toContain('[Hit Return to continue]');
    game.input(s, '');
    expect(t.take()).toContain('Entrance to Mud School [Room 3700]');
  });
});

describe('determinism', () => {
  it('the same seed and the same inputs give byte-identical output', async () => {
    const { Random } = await import('../../../src/util/random.ts');
    const run = (seed: number) => {
      const { game } = makeGame({ random: new Random(seed), violencePulses: 3 });
      const { s, t } = createChar(game, 'Twin');
      for (const d of ['north', 'north', 'west', 'north', 'north', 'west', 'down', 'north', 'kill monster']) {
        game.input(s, d);
        pulses(game, 3);
      }
      pulses(game, 200);
      return t.take();
    };
    const a = run(5);
    expect(run(5)).toBe(a);
    expect(a).toMatch(/aggressive monster/);
  });
});

describe('immortal commands', () => {
  it('flag char self plr bot toggles PLR_BOT; goto moves by vnum', () => {
    const { game } = makeGame();
    const { s, t } = connectImmortal(game, 'Wiz', 'godpass1');
    for (const l of ['Wiz', 'godpass1', '', '']) game.input(s, l);
    t.take();
    game.input(s, 'flag char self plr bot');
    expect(t.take()).toContain('Ok.');
    expect((s.char?.pc?.actFlags ?? 0) & 512).toBe(512);
    game.input(s, 'goto 3712');
    expect(t.take()).toContain('[BOT:ROOM|vnum=3712|');
    game.input(s, 'flag char self plr +bot');
    expect(t.take()).toContain('Which flags do you wish to change?');
  });
});
