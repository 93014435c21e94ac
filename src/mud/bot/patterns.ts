// THE table that reads a ROM-family game from plain text: one entry per kind of line, each a regular
// expression and the BotEvent it means. Another MUD? Pass `patterns` (replace the table) or
// `extraPatterns` (tried first) to the bot; nothing else in the bot knows game text, except the login
// dialogue (dialogue.ts) and the room-block shape (room-block.ts).
//
// Lines arrive ANSI-stripped and without their line break. Entries are tried in order; the first match
// wins. `scope: 'room'` entries only apply inside a room block (after a room title, up to the prompt).
// `block` entries open a list that runs to the next prompt (inventory, equipment, exits). `ambient`
// entries are others' doings (arrivals, speech, their fights): a prompt after nothing but those is the
// server telling the room, not the answer to the bot's command (see CommandQueue).
import type { BotEvent, MudDirection, RefusalReason } from './bot-events.ts';
import { toDirection } from './bot-events.ts';

/** One line pattern. */
export interface GamePattern {
  name: string;
  pattern: RegExp;
  /** The event(s) a match means; undefined to recognise the line and do nothing. */
  event?: (m: RegExpExecArray) => BotEvent | BotEvent[] | undefined;
  /** Only inside a room block. */
  scope?: 'room';
  /**
   * Others' doings, not an answer to the bot's command: a prompt that follows only such lines does not
   * end the command in flight (in a shared room, other players' actions bring output and a prompt too).
   * Never mark a line a command of the bot can get as its whole answer: that command would wait for its
   * timeout.
   */
  ambient?: boolean;
  /** This line starts a list: following lines matching `item` are collected until the prompt. */
  block?: {
    item: RegExp;
    /** What one item line contributes (the match of `item`). */
    collect: (m: RegExpExecArray) => [string, string] | undefined;
    end: (items: [string, string][]) => BotEvent;
  };
}

// ROM dam_message: third-person verbs by tier (fight.c); index = tier (0 = miss).
const VP = [
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
// First-person verbs, same tiers.
const VS = [
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
/** Largest damage of each tier (ROM dam_message thresholds; the last tier is open). */
export const DAMAGE_TIER_MAX = [
  0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 75, 100, 125, 150,
];

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const vpAlt = VP.map(esc).join('|');
const vsAlt = VS.map(esc).join('|');
const tierOf = (verb: string) => Math.max(VP.indexOf(verb), VS.indexOf(verb));

/** Battle-prompt condition phrases and the health percent each stands for (lower bound). */
export const CONDITIONS: [string, number][] = [
  ['is in excellent condition', 100],
  ['has a few scratches', 90],
  ['has some small wounds and bruises', 75],
  ['has quite a few wounds', 50],
  ['has some big nasty wounds and scratches', 30],
  ['looks pretty hurt', 15],
  ['is in awful condition', 0],
  ['is bleeding to death', -1],
];
const condAlt = CONDITIONS.map(([p]) => esc(p)).join('|');

const refusal =
  (reason: RefusalReason) =>
  (m: RegExpExecArray): BotEvent => ({
    kind: 'refusal',
    reason,
    text: m[0],
  });
const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));

/** The last word of a short description: "the wimpy monster" -> "monster" (what `kill` needs). */
export function keywordOf(name: string): string {
  const words = name
    .replace(/[.,!]+$/, '')
    .trim()
    .split(/\s+/);
  return (words[words.length - 1] ?? name).toLowerCase();
}

function coins(text: string): { gold: number; silver: number } {
  const gold = /(\d+) gold/.exec(text);
  const silver = /(\d+) silver/.exec(text);
  return { gold: gold ? Number(gold[1]) : 0, silver: silver ? Number(silver[1]) : 0 };
}

/** ROM 2.4 / Mud98 text, in the order it is tried. */
export const ROM_PATTERNS: readonly GamePattern[] = [
  // --- combat ---
  {
    name: 'you-hit',
    pattern: new RegExp(`^Your (.+?) (${vpAlt}) (.+?)[.!]$`),
    event: (m) => ({ kind: 'hit', by: 'you', attack: m[1], verb: m[2], tier: tierOf(m[2]), who: m[3] }),
  },
  {
    name: 'they-hit',
    pattern: new RegExp(`^(.+?)'s (.+?) (${vpAlt}) you[.!]$`),
    event: (m) => ({ kind: 'hit', by: 'them', who: m[1], attack: m[2], verb: m[3], tier: tierOf(m[3]) }),
  },
  {
    name: 'you-hit-bare',
    pattern: new RegExp(`^You (${vsAlt}) (.+?)[.!]$`),
    event: (m) => ({ kind: 'hit', by: 'you', verb: m[1], tier: tierOf(m[1]), who: m[2] }),
  },
  {
    name: 'they-hit-bare',
    pattern: new RegExp(`^(.+?) (${vpAlt}) you[.!]$`),
    event: (m) => ({ kind: 'hit', by: 'them', who: m[1], verb: m[2], tier: tierOf(m[2]) }),
  },
  {
    name: 'condition',
    pattern: new RegExp(`^(.+?) (${condAlt})\\.\\s*$`),
    event: (m) => ({
      kind: 'condition',
      who: m[1],
      phrase: m[2],
      percent: CONDITIONS.find(([p]) => p === m[2])?.[1] ?? 0,
    }),
  },
  { name: 'kill', pattern: /^(.+?) is DEAD!!$/, event: (m) => ({ kind: 'kill', victim: m[1] }) },
  { name: 'died', pattern: /^You have been KILLED!!/, event: () => ({ kind: 'died' }) },
  {
    name: 'xp',
    pattern: /^You receive (\d+) experience points?\.$/,
    event: (m) => ({ kind: 'xp', amount: Number(m[1]) }),
  },
  { name: 'level', pattern: /^You raise a level!!/, event: () => ({ kind: 'level' }) },
  { name: 'fled', pattern: /^You flee from combat!$/, event: () => ({ kind: 'fled' }) },
  {
    name: 'flee-xp',
    pattern: /^You lost (\d+) exp\.$/,
    event: (m) => ({ kind: 'xp', amount: -Number(m[1]) }),
  },
  {
    name: 'recall-combat',
    pattern: /^You recall from combat!\s+You lose (\d+) exps?\.$/,
    event: (m) => [{ kind: 'xp', amount: -Number(m[1]) }, { kind: 'fled' }],
  },
  { name: 'flee-failed', pattern: /^PANIC! You couldn't escape!$/, event: () => ({ kind: 'flee-failed' }) },
  {
    name: 'other-fled',
    ambient: true,
    pattern: /^(.+?) has fled!$/,
    event: (m) => ({ kind: 'other-fled', who: m[1] }),
  },
  { name: 'already-fighting', pattern: /^You do the best you can!$/, event: () => ({ kind: 'fighting' }) },
  {
    name: 'not-fighting',
    pattern: /^You aren't fighting anyone\.$/,
    event: () => ({ kind: 'not-fighting' }),
  },
  {
    name: 'wounded',
    pattern: /^You are (mortally wounded|incapacitated|stunned)/,
    event: (m) => ({
      kind: 'position',
      position: m[1] === 'stunned' ? 'stunned' : m[1] === 'incapacitated' ? 'incap' : 'mortal',
    }),
  },
  { name: 'hurt', pattern: /^(?:That really did HURT!|You sure are BLEEDING!)$/ },
  { name: 'disarm-try', pattern: /^(.+?) tries to disarm you, but fails\.$/ },
  // --- "not here" and refusals ---
  {
    name: 'not-here',
    pattern:
      /^(?:They aren't here\.|They're not here\.|You do not see that here\.|I see no (.+?) here\.|I see nothing here\.|You can't find (.+?)\.)$/,
    event: (m) => ({ kind: 'not-here', what: m[1] ?? m[2] }),
  },
  {
    name: 'lag',
    pattern:
      /^(?:You are still recovering|Not so fast|Slow down|Wait a moment|You can't concentrate enough|You're too busy|You are too busy)/,
    event: refusal('lag'),
  },
  { name: 'tired', pattern: /^(?:You are too tired|You are too exhausted)/, event: refusal('tired') },
  {
    name: 'cant',
    pattern:
      /^(?:You can't do that(?: here)?\.|Not in this room\.|You must MURDER a player\.|You can't take that\.)$/,
    event: refusal('cant'),
  },
  { name: 'huh', pattern: /^Huh\?$/, event: refusal('unknown-command') },
  // do_quit's own refusal (before position-refusal, which would take it for a position refusal and
  // leave the graceful quit waiting out its bound instead of fleeing).
  {
    name: 'quit-refused',
    pattern: /^No way!\s+You are fighting\.$/,
    event: () => ({ kind: 'quit-refused' }),
  },
  {
    name: 'position-refusal',
    pattern:
      /^(?:In your dreams, or what\?|Nah\.\.\. You feel too relaxed\.\.\.|No way!\s+You are still fighting!|Maybe you should finish this fight first\?|You can't see anything, you're sleeping!|You are too stunned to do that\.|You are hurt far too bad for that\.|Lie still; you are DEAD\.)$/,
    event: refusal('position'),
  },
  // --- movement ---
  { name: 'no-exit', pattern: /^Alas, you cannot go that way\.$/, event: () => ({ kind: 'no-exit' }) },
  // ROM move_char's other refusals: the way exists but not for this character (now).
  {
    name: 'cannot-pass',
    pattern:
      /^(?:You can't fly\.|You need a boat to go there\.|That room is private right now\.|You aren't allowed in there\.|What\? {2}And leave your beloved master\?)$/,
    event: (m) => [{ kind: 'no-exit' }, { kind: 'refusal', reason: 'cant', text: m[0] }],
  },
  {
    name: 'door-misc',
    pattern:
      /^(?:It's locked\.|You lack the key\.|It's already open\.|It's already closed\.|Ok\.|\*Click\*)$/,
  },
  {
    name: 'door-closed',
    pattern: /^The (\S+) is closed\.$/,
    event: (m) => ({ kind: 'door-closed', door: m[1] }),
  },
  { name: 'follow', pattern: /^You follow (.+)\.$/ },
  // --- positions ---
  {
    name: 'sleep',
    pattern: /^(?:You go to sleep\.|You are already sleeping\.)$/,
    event: () => ({ kind: 'position', position: 'sleeping' }),
  },
  {
    name: 'rest',
    pattern:
      /^(?:You rest\.|You are already resting\.|You wake up and start resting\.|You sit down and rest\.)$/,
    event: () => ({ kind: 'position', position: 'resting' }),
  },
  {
    name: 'sit',
    pattern: /^(?:You sit down\.|You are already sitting down\.)$/,
    event: () => ({ kind: 'position', position: 'sitting' }),
  },
  {
    name: 'stand',
    pattern: /^(?:You wake and stand up\.|You stand up\.|You are already standing\.)$/,
    event: () => ({ kind: 'position', position: 'standing' }),
  },
  // --- items ---
  {
    name: 'gold',
    pattern: /^You get (\d+) (?:gold|silver) coins?(?: from .+)?\.$/,
    event: (m) => ({ kind: 'gold', amount: Number(m[1]) }),
  },
  {
    name: 'get',
    pattern: /^You get (.+?)(?: from (.+?))?\.$/,
    event: (m) => ({ kind: 'got', item: m[1], from: m[2] }),
  },
  {
    name: 'wear',
    pattern:
      /^You (?:wear|wield|hold|light) (.+?)(?: on your \w+| as a shield| in your hands?| and hold it| around your \w+)?\.$/,
    event: (m) => ({ kind: 'wore', item: m[1] }),
  },
  {
    name: 'inventory',
    pattern: /^You are carrying:$/,
    block: {
      item: /^\s+(\S.*)$/,
      collect: (m) => (m[1] === 'Nothing.' ? undefined : [String(0), m[1].trim()]),
      end: (items) => ({ kind: 'inventory', items: items.map(([, v]) => v) }),
    },
  },
  {
    name: 'equipment',
    pattern: /^You are using:$/,
    block: {
      item: /^<(.+?)>\s+(.+)$/,
      collect: (m) => [m[1], m[2].trim()],
      end: (items) => ({ kind: 'equipment', slots: Object.fromEntries(items) }),
    },
  },
  // --- score, train, practice, shop ---
  {
    name: 'score-name',
    pattern: /^You are (\w+)\b.*?, level (\d+),/,
    event: (m) => ({ kind: 'stats', source: 'score', stats: { name: m[1], level: Number(m[2]) } }),
  },
  {
    name: 'score-vitals',
    pattern: /^You have (-?\d+)\/(\d+) hit, (-?\d+)\/(\d+) mana, (-?\d+)\/(\d+) movement\.$/,
    event: (m) => ({
      kind: 'stats',
      source: 'score',
      stats: {
        hp: num(m[1]),
        maxHp: num(m[2]),
        mana: num(m[3]),
        maxMana: num(m[4]),
        move: num(m[5]),
        maxMove: num(m[6]),
      },
    }),
  },
  {
    name: 'score-sessions',
    pattern: /^You have (\d+) practices? and (\d+) training sessions?\.$/,
    event: (m) => ({ kind: 'stats', source: 'score', stats: { practices: num(m[1]), trains: num(m[2]) } }),
  },
  {
    name: 'score-exp',
    pattern: /^You have scored (\d+) exp, and have (.*)\.$/,
    event: (m) => ({ kind: 'stats', source: 'score', stats: { xp: num(m[1]), ...coins(m[2]) } }),
  },
  {
    name: 'score-to-level',
    pattern: /^You need (-?\d+) exp to level\.$/,
    event: (m) => ({ kind: 'stats', source: 'score', stats: { xpToLevel: num(m[1]) } }),
  },
  {
    name: 'train-count',
    pattern: /^You have (\d+) training sessions?\.$/,
    event: (m) => ({ kind: 'stats', source: 'text', stats: { trains: num(m[1]) } }),
  },
  {
    name: 'practice-count',
    pattern: /^You have (\d+) practice sessions? left\.$/,
    event: (m) => ({ kind: 'stats', source: 'text', stats: { practices: num(m[1]) } }),
  },
  {
    name: 'no-trains',
    pattern: /^You don't have enough training sessions\.$/,
    event: (m) => [
      { kind: 'stats', source: 'text', stats: { trains: 0 } },
      { kind: 'refusal', reason: 'no-sessions', text: m[0] },
    ],
  },
  {
    name: 'no-practices',
    pattern: /^You have no practice sessions left\.$/,
    event: (m) => [
      { kind: 'stats', source: 'text', stats: { practices: 0 } },
      { kind: 'refusal', reason: 'no-sessions', text: m[0] },
    ],
  },
  {
    name: 'trained',
    pattern: /^Your (\w+) increases!$/,
    event: (m) => ({ kind: 'trained', what: m[1] }),
  },
  {
    name: 'practiced',
    pattern: /^You (?:practice|are now learned at|are already learned at) (.+?)\.$/,
    event: (m) => ({ kind: 'practiced', skill: m[1], learned: !m[0].startsWith('You practice') }),
  },
  {
    name: 'bought',
    pattern: /^You buy (.+?)(?: for \d+ .*)?\.$/,
    event: (m) => ({ kind: 'bought', item: m[1] }),
  },
  {
    name: 'no-money',
    pattern: /^You can't afford/,
    event: refusal('no-money'),
  },
  // --- toggles and the end ---
  {
    name: 'autoexit-on',
    pattern: /^Exits will now be displayed\.$/,
    event: () => ({ kind: 'autoexit', on: true }),
  },
  {
    name: 'autoexit-off',
    pattern: /^Exits will no longer be displayed\.$/,
    event: () => ({ kind: 'autoexit', on: false }),
  },
  {
    name: 'prompt-on',
    pattern: /^You will now see prompts\.$/,
    event: () => ({ kind: 'prompt-toggle', on: true }),
  },
  {
    name: 'prompt-off',
    pattern: /^You will no longer see prompts\.$/,
    event: () => ({ kind: 'prompt-toggle', on: false }),
  },
  { name: 'quit', pattern: /^Alas, all good things must come to an end\.$/, event: () => ({ kind: 'quit' }) },

  {
    name: 'exits-list',
    pattern: /^Obvious exits:$/,
    block: {
      item: /^(\w+)\s+- (.+)$/,
      collect: (m) => {
        const d = toDirection(m[1]);
        return d ? [d, m[2].trim()] : undefined;
      },
      end: (items) => ({
        kind: 'exits-list',
        exits: items.map(([dir, title]) => ({ dir: dir as MudDirection, title })),
      }),
    },
  },
  // --- others around the bot (ambient; ROM act() TO_ROOM texts), after everything of the bot's own ---
  {
    name: 'others-come',
    ambient: true,
    pattern:
      /^(?!You )(.+?) (?:has arrived|appears in the room|has entered the game|has reconnected|has returned from the void)\.$/,
  },
  {
    name: 'others-go',
    ambient: true,
    pattern:
      /^(?!You )(.+?) (?:leaves (?:north|east|south|west|up|down)\.|has left the game\.|has lost (?:his|her|its|their) link\.|disappears(?: into the void)?\.|prays for transportation!)$/,
  },
  {
    // Not "tells you": a shopkeeper's "tells you 'You can't afford...'" is the answer to `buy`.
    name: 'others-say',
    ambient: true,
    pattern: /^(?!You )(.+?) (?:says|yells|shouts|gossips|auctions|questions|answers|grats|quotes) '.*'\.?$/,
  },
  {
    name: 'others-position',
    ambient: true,
    pattern:
      /^(?!You )(.+?) (?:sits down(?: and rests)?|goes to sleep|wakes and stands up|wakes up|stands up|is mortally wounded, and will die soon, if not aided|is incapacitated and will slowly die, if not aided|is stunned, but will probably recover)\.$/,
  },
  {
    // Not "gives": "Mota gives you one silver coin for your sacrifice." answers `sacrifice`.
    name: 'others-items',
    ambient: true,
    pattern:
      /^(?!You )(.+?) (?:gets|drops|wears|wields|holds|removes|eats|drinks|sacrifices|buys|sells|opens|closes) \S.*\.$/,
  },
  {
    name: 'others-hit',
    ambient: true,
    pattern: new RegExp(`^(?!Your? )(.+?)'s (.+?) (${vpAlt}) (?!you[.!]$)(.+?)[.!]$`),
  },
  {
    name: 'others-hit-bare',
    ambient: true,
    pattern: new RegExp(`^(?!You )(.+?) (${vpAlt}) (?!you[.!]$)(.+?)[.!]$`),
  },
  { name: 'others-death-cry', ambient: true, pattern: /^You hear (.+?) death cry\.$/ },
  {
    name: 'others-decay',
    ambient: true,
    pattern:
      /^(.+?) (?:crumbles into dust|decays into dust|dissolves into nothing|fades out of existence)\.$/,
  },
  // --- inside a room block (plain text) ---
  {
    name: 'room-exits',
    scope: 'room',
    pattern: /^\[Exits: (.*)\]$/,
  },
  {
    name: 'room-corpse',
    scope: 'room',
    pattern: /^\s*The corpse of (.+?) is lying here\.$/,
  },
  {
    name: 'room-mob',
    scope: 'room',
    pattern:
      /^\s*(?:\([^)]*\)\s*)*(?:\[LINKDEAD\]\s*)?(.+?) (?:is|are) (?:here|standing here|resting here|sleeping here|sitting here)\b/,
  },
];

/** Patterns to use: `extra` first, then `base` (ROM_PATTERNS unless replaced). */
export function patternTable(
  base: readonly GamePattern[] = ROM_PATTERNS,
  extra: readonly GamePattern[] = [],
): readonly GamePattern[] {
  return extra.length === 0 ? base : [...extra, ...base];
}
