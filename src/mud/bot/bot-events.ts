// What the bot understood from the game: typed events produced by the pattern table (plain text),
// BOT lines and MSDP. The world model, the fight tracker and the command queue consume them.

/** A room exit as seen: direction, and where it leads when the server says (BOT lines, MSDP). */
export interface ExitSeen {
  dir: MudDirection;
  vnum?: number;
  /** 'door', 'closed', 'locked' (BOT lines). */
  flags: string[];
}

/** A mobile in a room. `keyword` is what `kill <keyword>` needs. */
export interface MobSeen {
  name: string;
  keyword: string;
  vnum?: number;
  level?: number;
  flags: string[];
  /** Health in percent when the server says (BOT lines). */
  hpPercent?: number;
  /** The whole line that showed it (plain text): "An adept of Furey is here, training young students." */
  line?: string;
}

/** An object on the floor. */
export interface ObjSeen {
  name: string;
  keyword: string;
  vnum?: number;
  type?: string;
  wear: string[];
}

/** One look at a room: from BOT lines, plain text, or MSDP ROOM. */
export interface RoomSeen {
  vnum?: number;
  title: string;
  /** Undefined when the source said nothing about exits (plain text without an exits line). */
  exits?: ExitSeen[];
  mobs: MobSeen[];
  objs: ObjSeen[];
  area?: string;
  flags: string[];
  source: 'bot' | 'text' | 'msdp';
  /** Description and other unclassified lines of the block (plain text; bounded). */
  lines: string[];
  /** Plain text: the block had an "[Exits: ...]" line (autoexit on). */
  exitsLine?: boolean;
}

/** The six ROM directions (plus the four diagonals some MUDs have). */
export type MudDirection =
  | 'north'
  | 'east'
  | 'south'
  | 'west'
  | 'up'
  | 'down'
  | 'northeast'
  | 'northwest'
  | 'southeast'
  | 'southwest';

/** Character position as ROM names it. */
export type Position =
  | 'dead'
  | 'mortal'
  | 'incap'
  | 'stunned'
  | 'sleeping'
  | 'resting'
  | 'sitting'
  | 'fighting'
  | 'standing';

/** Numbers from the prompt, score, MSDP: any subset. */
export interface StatsPatch {
  hp?: number;
  maxHp?: number;
  mana?: number;
  maxMana?: number;
  move?: number;
  maxMove?: number;
  level?: number;
  /** Total experience. */
  xp?: number;
  xpToLevel?: number;
  gold?: number;
  silver?: number;
  practices?: number;
  trains?: number;
  alignment?: number;
  name?: string;
}

/** Why the server refused a command. 'lag' refusals make the command queue back off. */
export type RefusalReason =
  | 'cant'
  | 'tired'
  | 'lag'
  | 'position'
  | 'unknown-command'
  | 'no-money'
  | 'no-sessions'
  | 'other';

/** Everything the reader can say. `kind` is the discriminant. */
export type BotEvent =
  | { kind: 'prompt'; text: string; hp?: number; mana?: number; move?: number }
  | { kind: 'stats'; stats: StatsPatch; source: 'prompt' | 'score' | 'msdp' | 'text' }
  | { kind: 'room'; room: RoomSeen }
  | { kind: 'hit'; by: 'you' | 'them'; who: string; attack?: string; verb: string; tier: number }
  | { kind: 'condition'; who: string; phrase: string; percent: number }
  | { kind: 'kill'; victim: string }
  | { kind: 'died' }
  | { kind: 'xp'; amount: number }
  | { kind: 'level' }
  | { kind: 'fled' }
  | { kind: 'flee-failed' }
  | { kind: 'other-fled'; who: string }
  | { kind: 'fighting' }
  | { kind: 'not-fighting' }
  | { kind: 'not-here'; what?: string }
  | { kind: 'refusal'; reason: RefusalReason; text: string }
  | { kind: 'position'; position: Position }
  | { kind: 'no-exit' }
  | { kind: 'door-closed'; door: string }
  | { kind: 'got'; item: string; from?: string }
  | { kind: 'gold'; amount: number }
  | { kind: 'wore'; item: string }
  | { kind: 'inventory'; items: string[] }
  | { kind: 'equipment'; slots: Record<string, string> }
  | { kind: 'exits-list'; exits: { dir: MudDirection; title: string }[] }
  | { kind: 'trained'; what: string }
  | { kind: 'practiced'; skill: string; learned: boolean }
  | { kind: 'bought'; item: string }
  | { kind: 'autoexit'; on: boolean }
  | { kind: 'prompt-toggle'; on: boolean }
  | { kind: 'quit' }
  /** `quit` refused because the character is fighting. */
  | { kind: 'quit-refused' };

/** The kinds of BotEvent. */
export type BotEventKind = BotEvent['kind'];

const DIRS: Record<string, MudDirection> = {
  n: 'north',
  e: 'east',
  s: 'south',
  w: 'west',
  u: 'up',
  d: 'down',
  ne: 'northeast',
  nw: 'northwest',
  se: 'southeast',
  sw: 'southwest',
};
const FULL = new Set<string>(Object.values(DIRS));

/** 'N', 'north', 'North' -> 'north'; undefined for anything else. */
export function toDirection(word: string): MudDirection | undefined {
  const w = word.trim().toLowerCase();
  if (FULL.has(w)) return w as MudDirection;
  return DIRS[w];
}

/** The direction back (north <-> south ...). */
export const REVERSE: Record<MudDirection, MudDirection> = {
  north: 'south',
  south: 'north',
  east: 'west',
  west: 'east',
  up: 'down',
  down: 'up',
  northeast: 'southwest',
  southwest: 'northeast',
  northwest: 'southeast',
  southeast: 'northwest',
};
