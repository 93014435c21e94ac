// The pattern table against ROM/Mud98-shaped lines (our own vectors, shaped like the captures).
import { describe, expect, it } from 'vitest';
import { GameReader } from '../../../src/mud/bot/game-reader.ts';
import { DAMAGE_TIER_MAX, keywordOf, ROM_PATTERNS } from '../../../src/mud/bot/patterns.ts';

const read = (...lines: string[]) => {
  const r = new GameReader();
  return lines.flatMap((l) => r.line(l));
};

describe('ROM pattern table', () => {
  it('reads every damage tier, both ways round, with and without the attack noun', () => {
    const vp = [
      'misses',
      'scratches',
      'grazes',
      'hits',
      'injures',
      'wounds',
      'mauls',
      'decimates',
      'devastates',
      'maims',
      'MUTILATES',
      'DISEMBOWELS',
      'DISMEMBERS',
      'MASSACRES',
      'MANGLES',
      '*** DEMOLISHES ***',
      '*** DEVASTATES ***',
      '=== OBLITERATES ===',
      '>>> ANNIHILATES <<<',
      '<<< ERADICATES >>>',
      'does UNSPEAKABLE things to',
    ];
    const vs = [
      'miss',
      'scratch',
      'graze',
      'hit',
      'injure',
      'wound',
      'maul',
      'decimate',
      'devastate',
      'maim',
      'MUTILATE',
      'DISEMBOWEL',
      'DISMEMBER',
      'MASSACRE',
      'MANGLE',
      '*** DEMOLISH ***',
      '*** DEVASTATE ***',
      '=== OBLITERATE ===',
      '>>> ANNIHILATE <<<',
      '<<< ERADICATE >>>',
      'do UNSPEAKABLE things to',
    ];
    expect(DAMAGE_TIER_MAX).toHaveLength(20);
    vp.forEach((verb, tier) => {
      const p = tier > 6 ? '!' : '.';
      expect(read(`Your slash ${verb} the rat${p}`)).toEqual([
        { kind: 'hit', by: 'you', attack: 'slash', verb, tier, who: 'the rat' },
      ]);
      expect(read(`the aggressive monster's claw ${verb} you${p}`)).toEqual([
        { kind: 'hit', by: 'them', who: 'the aggressive monster', attack: 'claw', verb, tier },
      ]);
      expect(read(`The rat ${verb} you${p}`)[0]).toMatchObject({
        kind: 'hit',
        by: 'them',
        who: 'The rat',
        tier,
      });
    });
    vs.forEach((verb, tier) => {
      expect(read(`You ${verb} the rat.`)[0]).toMatchObject({ kind: 'hit', by: 'you', who: 'the rat', tier });
    });
  });

  it('reads conditions (with the trailing space), kills, xp, levels, deaths and flights', () => {
    expect(read('The aggressive monster has quite a few wounds. ')).toEqual([
      { kind: 'condition', who: 'The aggressive monster', phrase: 'has quite a few wounds', percent: 50 },
    ]);
    expect(
      read('The aggressive monster is DEAD!!', 'You receive 226 experience points.').map((e) => e.kind),
    ).toEqual(['kill', 'xp']);
    expect(read('You raise a level!!  Your gain is: 11/31 hp, 2/102 m, 5/105 mv 2/7 prac.')).toEqual([
      { kind: 'level' },
    ]);
    expect(read('You have been KILLED!!')).toEqual([{ kind: 'died' }]);
    expect(read('You flee from combat!', 'You lost 10 exp.')).toEqual([
      { kind: 'fled' },
      { kind: 'xp', amount: -10 },
    ]);
    expect(read('The wimpy monster has fled!')).toEqual([{ kind: 'other-fled', who: 'The wimpy monster' }]);
    expect(read("PANIC! You couldn't escape!")).toEqual([{ kind: 'flee-failed' }]);
  });

  it('reads refusals, "not here" and lag messages', () => {
    expect(read("They aren't here.")).toEqual([{ kind: 'not-here', what: undefined }]);
    expect(read('I see no sword here.')).toEqual([{ kind: 'not-here', what: 'sword' }]);
    expect(read("You can't do that here.")[0]).toMatchObject({ kind: 'refusal', reason: 'cant' });
    expect(read('You are too tired to do that.')[0]).toMatchObject({ kind: 'refusal', reason: 'tired' });
    expect(read('You are still recovering from your last command.')[0]).toMatchObject({
      kind: 'refusal',
      reason: 'lag',
    });
    expect(read('Nah... You feel too relaxed...')[0]).toMatchObject({ kind: 'refusal', reason: 'position' });
    expect(read('Huh?')[0]).toMatchObject({ kind: 'refusal', reason: 'unknown-command' });
    expect(read('Alas, you cannot go that way.')).toEqual([{ kind: 'no-exit' }]);
    expect(read('The door is closed.')).toEqual([{ kind: 'door-closed', door: 'door' }]);
    expect(read("You can't fly.")[0]).toEqual({ kind: 'no-exit' });
    expect(read('Ok.')).toEqual([]);
  });

  it('reads score lines into stats (Mud98 score)', () => {
    const stats = read(
      'You are Probebot the Swordpupil, level 1, 17 years old (0 hours).',
      'You have 13/20 hit, 100/100 mana, 100/100 movement.',
      'You have 5 practices and 3 training sessions.',
      'You have scored 1226 exp, and have no coins.',
      'You need 774 exp to level.',
    ).map((e) => (e.kind === 'stats' ? e.stats : e));
    expect(Object.assign({}, ...stats)).toEqual({
      name: 'Probebot',
      level: 1,
      hp: 13,
      maxHp: 20,
      mana: 100,
      maxMana: 100,
      move: 100,
      maxMove: 100,
      practices: 5,
      trains: 3,
      xp: 1226,
      gold: 0,
      silver: 0,
      xpToLevel: 774,
    });
  });

  it('reads loot, wear, positions, training and the inventory / equipment / exits lists', () => {
    expect(read('You get 12 gold coins from the corpse of the rat.')).toEqual([{ kind: 'gold', amount: 12 }]);
    expect(read('You get a severed leg from the corpse of the rat.')).toEqual([
      { kind: 'got', item: 'a severed leg', from: 'the corpse of the rat' },
    ]);
    expect(read('You wear a sub issue vest on your torso.')).toEqual([
      { kind: 'wore', item: 'a sub issue vest' },
    ]);
    expect(read('You go to sleep.')).toEqual([{ kind: 'position', position: 'sleeping' }]);
    expect(read('You wake and stand up.')).toEqual([{ kind: 'position', position: 'standing' }]);
    expect(read('Your strength increases!')).toEqual([{ kind: 'trained', what: 'strength' }]);
    expect(read('You are now learned at sword.')).toEqual([
      { kind: 'practiced', skill: 'sword', learned: true },
    ]);
    const r = new GameReader();
    for (const l of ['You are carrying:', '     a map of the city of Midgaard', '     a bread'])
      expect(r.line(l)).toEqual([]);
    expect(r.prompt('<20hp 100m 100mv> ')[0]).toEqual({
      kind: 'inventory',
      items: ['a map of the city of Midgaard', 'a bread'],
    });
    for (const l of [
      'You are using:',
      '<worn on torso>     a sub issue vest',
      '<wielded>           a sub issue sword',
    ])
      r.line(l);
    expect(r.prompt('<20hp 100m 100mv> ')[0]).toEqual({
      kind: 'equipment',
      slots: { 'worn on torso': 'a sub issue vest', wielded: 'a sub issue sword' },
    });
    for (const l of ['Obvious exits:', 'North - A Room in Mud School', 'Down  - The Temple Of Mota'])
      r.line(l);
    expect(r.prompt('<20hp 100m 100mv> ')[0]).toEqual({
      kind: 'exits-list',
      exits: [
        { dir: 'north', title: 'A Room in Mud School' },
        { dir: 'down', title: 'The Temple Of Mota' },
      ],
    });
  });

  it("marks others' doings ambient, and never a line that answers one of the bot's commands", () => {
    const ambient = (line: string) => {
      const r = new GameReader();
      r.line(line);
      return r.lastAmbient;
    };
    // The fixture MUD's and ROM's act() TO_ROOM texts.
    for (const line of [
      'Bob has arrived.',
      'The wimpy monster leaves north.',
      'Bob has entered the game.',
      'Bob has left the game.',
      'Bob has lost his link.',
      'Bob disappears into the void.',
      'Bob has returned from the void.',
      "Bob says 'hello there'",
      "Bob gossips 'anyone for the cages?'",
      'Bob sits down and rests.',
      'Bob goes to sleep.',
      'Bob wakes and stands up.',
      'Bob gets a small dagger.',
      'Bob sacrifices the corpse of the monster to Mota.',
      'Bob buys a loaf of bread.',
      "Bob's slash scratches the wimpy monster.",
      "The monster's bite MUTILATES Bob!",
      'Bob misses the monster.',
      'Bob has fled!',
      "You hear something's death cry.",
      'A loaf of bread crumbles into dust.',
    ])
      expect(ambient(line), line).toBe(true);
    // Answers to the bot's own commands (and its own fight) stay answers.
    for (const line of [
      "You say 'hello there'",
      'Your slash scratches the wimpy monster.',
      "The monster's bite MUTILATES you!",
      'You miss the monster.',
      'The monster misses you.',
      'Mota gives you one silver coin for your sacrifice.',
      "The shopkeeper tells you 'You can't afford to buy a sword'.",
      'You get a small dagger.',
      'The monster is DEAD!!',
      'The monster is in excellent condition.',
      'Alas, you cannot go that way.',
      'The Entrance to MUD School',
      'Bob is here.',
      '',
    ])
      expect(ambient(line), line).toBe(false);
  });

  it('every entry has a unique name, and keywordOf picks the last word', () => {
    const names = ROM_PATTERNS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(keywordOf('the wimpy monster')).toBe('monster');
  });

  it("reads do_quit's refusal as quit-refused (the graceful quit flees on it), not as a position refusal", () => {
    // Failed before: 'No way! You are fighting.' (one space, as ROM's do_quit) matched position-refusal
    // first, so a bot stopped mid-fight never fled and waited out its quit bound (2 of 8 swarm bots).
    expect(read('No way! You are fighting.')).toEqual([{ kind: 'quit-refused' }]);
    expect(read('No way!  You are fighting.')).toEqual([{ kind: 'quit-refused' }]);
    expect(read('No way!  You are still fighting!')).toEqual([
      { kind: 'refusal', reason: 'position', text: 'No way!  You are still fighting!' },
    ]);
    expect(read('Alas, all good things must come to an end.')).toEqual([{ kind: 'quit' }]);
  });

  it('match() reads one text with the table and changes nothing (for a refusal handed over as a prompt)', () => {
    const r = new GameReader();
    expect(r.match('No way! You are fighting.')).toEqual([{ kind: 'quit-refused' }]);
    expect(r.match('Alas, all good things must come to an end.')).toEqual([{ kind: 'quit' }]);
    expect(r.match('<20hp 100m 100mv>')).toEqual([]);
    // Stateless: a block opener does not open a list in the reader.
    r.match('You are carrying:');
    expect(r.line('No way! You are fighting.')).toEqual([{ kind: 'quit-refused' }]);
  });
});
