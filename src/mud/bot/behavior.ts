// The behaviour contract: one small module per thing a bot does (survive, fight, heal, loot, equip,
// train, explore, shop, idle), each with a priority, a cheap synchronous `canStart(state)` and an
// async `run(ctx)`. The brain runs the highest-priority behaviour that can start; when a higher one
// becomes startable, the running one's `ctx.signal` aborts (its pending command still gets its prompt).
// Users register their own: `mudBot({ behaviors: [...defaultBehaviors(), myBehavior] })`.
import type { Random } from '../../util/random.ts';
import type { MobSeen, MudDirection } from './bot-events.ts';
import type { CommandResult } from './command-queue.ts';
import type { FightRecord } from './fight-tracker.ts';
import type { WorldModel } from './world.ts';

/** Knobs of the default behaviours (all optional on the bot; defaults in DEFAULT_TUNING). */
export interface BotTuning {
  /** Survive: flee when health falls below this percent while fighting. */
  fleeBelowPercent: number;
  /** Survive: after fleeing, recall when still below this percent (0 = never). */
  recallBelowPercent: number;
  /** Heal: rest when health is below this percent and not fighting. */
  restBelowPercent: number;
  /** Heal: keep resting until health reaches this percent. */
  restUntilPercent: number;
  /** Heal: `sleep` (faster regen in ROM) instead of `rest`. */
  sleepToHeal: boolean;
  /** Combat: start fights only above this health percent. */
  engageAbovePercent: number;
  /** Combat: mob keywords to attack, exactly these (`avoid` does not apply); undefined = any mob passing `maxLevelAbove` and `avoid`. */
  targets: string[] | undefined;
  /** Combat: keywords never attacked (trainers, shopkeepers, guards...). */
  avoid: string[];
  /** Combat: skip mobs more than this many levels above the bot (when the level is known). */
  maxLevelAbove: number;
  /** Explore: stay within these vnums; 'start-area' = the hundred-block of the first room; null = anywhere. */
  roamVnums: [number, number] | 'start-area' | null;
  /** Explore: go back to where a target was killed after this long, ms (it may have respawned). */
  respawnCheckMs: number;
  /** Train: stat to train ('str', 'con', 'hp', ...). */
  trainStat: string;
  /** Practice: skill to practise (undefined: the wielded weapon's kind, else none). */
  practiceSkill: string | undefined;
  /** Keywords that mark the trainer / the practice master / a shopkeeper in plain text. */
  trainerKeywords: string[];
  practiceKeywords: string[];
  shopKeywords: string[];
  /** Shop: items to buy (keywords), once each. */
  buy: string[];
  /** Idle/heal: send an empty line (prompt) this often while waiting, ms. */
  pollMs: number;
  /** Idle: refresh `score` this often, ms. */
  scoreEveryMs: number;
}

/** Defaults: ROM MUD School. */
export const DEFAULT_TUNING: BotTuning = {
  fleeBelowPercent: 25,
  recallBelowPercent: 0,
  restBelowPercent: 60,
  restUntilPercent: 95,
  sleepToHeal: true,
  engageAbovePercent: 70,
  targets: undefined,
  avoid: [
    'cleric',
    'acolyte',
    'adept',
    'sergeant',
    'trainer',
    'master',
    'practice',
    'quartermaster',
    'shopkeeper',
    'guard',
    'receptionist',
    'mayor',
    // Mud98's MUD School blob (level 5, 50 hp) is there to practise fleeing: "don't fight the blob to
    // the finish". A text-only bot cannot see its level and would fight, flee and come back forever.
    'blob',
  ],
  maxLevelAbove: 1,
  roamVnums: 'start-area',
  respawnCheckMs: 30_000,
  trainStat: 'str',
  practiceSkill: undefined,
  trainerKeywords: ['sergeant', 'trainer', 'training'],
  practiceKeywords: ['master', 'practice'],
  shopKeywords: ['quartermaster', 'shopkeeper', 'merchant'],
  buy: [],
  pollMs: 2000,
  scoreEveryMs: 60_000,
};

/** Plain-text MUDs give no levels or flags: these keywords stand for "a monster" there. */
export const TEXT_TARGET_KEYWORDS = ['monster', 'creature', 'rat', 'snake', 'beetle'];

/** What canStart sees. Synchronous and cheap to read. */
export interface BotState {
  world: WorldModel;
  tuning: BotTuning;
  /** Monotonic ms. */
  now: number;
  /** The fight in progress, if any. */
  fight: { target: string; rounds: number; condition?: string } | undefined;
  /** The last finished fight. */
  lastFight: FightRecord | undefined;
  /** Per-behaviour scratch space that survives between runs (e.g. what was already bought). */
  memory: Record<string, unknown>;
  /** Monotonic ms of the last `score` (undefined: never). */
  scoreAt: number | undefined;
  /** A level was gained since the last score. */
  scoreStale: boolean;
}

/** What run() gets. Every wait is bounded and every command goes through the queue. */
export interface BehaviorContext {
  readonly state: BotState;
  readonly world: WorldModel;
  readonly tuning: BotTuning;
  /** Aborted when a higher-priority behaviour takes over or play() ends. */
  readonly signal: AbortSignal;
  readonly random: Random;
  /** Send a command and get its answer (rejects with signal.reason once aborted). */
  send(command: string): Promise<CommandResult>;
  /** Wait `ms` (rejects when aborted). */
  wait(ms: number): Promise<void>;
  /** Wait until `pred()` holds after some event, or `timeoutMs` passed; resolves whether it held. */
  waitFor(pred: () => boolean, timeoutMs: number): Promise<boolean>;
  /** Walk a path of directions; stops (false) at the first step that fails. */
  walk(path: readonly MudDirection[]): Promise<boolean>;
  /** Walk to a known room by key; false when there is no known path or a step failed. */
  walkTo(roomKey: string): Promise<boolean>;
  /** Note for the transcript ("[bot] explore: to #3712"). */
  note(text: string): void;
}

/** One behaviour. */
export interface Behavior {
  name: string;
  /** Higher runs first and interrupts lower (Survive 100 ... Idle 10). */
  priority: number;
  canStart(state: BotState): boolean;
  run(ctx: BehaviorContext): Promise<void>;
}

/** Per-bot scratch state of a behaviour: `state.memory[key]`, made by `make` the first time. */
export function memo<T>(s: BotState, key: string, make: () => T): T {
  if (!(key in s.memory)) s.memory[key] = make();
  return s.memory[key] as T;
}

/** Is `mob` something the bot should attack, under `tuning`, at the bot's `level`? */
export function isTarget(mob: MobSeen, tuning: BotTuning, level: number | undefined): boolean {
  const words = `${mob.name} ${mob.keyword}`.toLowerCase().split(/\s+/);
  if (mob.flags.includes('pc')) return false;
  if (tuning.targets) return tuning.targets.some((t) => words.includes(t.toLowerCase()));
  if (tuning.avoid.some((a) => words.includes(a))) return false;
  if (mob.level !== undefined) return mob.level <= (level ?? 1) + tuning.maxLevelAbove;
  return TEXT_TARGET_KEYWORDS.some((t) => words.includes(t));
}

/** The vnum range the bot may roam, given its first room. */
export function roamRange(tuning: BotTuning, home: number | undefined): [number, number] | undefined {
  if (tuning.roamVnums === null) return undefined;
  if (tuning.roamVnums !== 'start-area') return tuning.roamVnums;
  if (home === undefined) return undefined;
  const base = Math.floor(home / 100) * 100;
  return [base, base + 99];
}
