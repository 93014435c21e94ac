// The `behaviors:` list of a MUD bot YAML: which default behaviours run and their options, each option
// one row mapping a snake_case YAML key onto a BotTuning field (src/mud/bot/behavior.ts). A new option
// is one row here.
//
//   behaviors:
//     - survive: { flee_below_percent: 30 }
//     - combat: { targets: [monster], engage_above_percent: 60 }
//     - heal
//     - explore: { roam_vnums: [3700, 3799] }
import { bool, knownKeys, num, obj, oneOf, type Problems, str, stringArray } from '../../config/index.ts';
import type { BotTuning } from '../bot/behavior.ts';

type Check = (raw: unknown, path: string, p: Problems) => unknown;

const percent: Check = (v, at, p) => num(v, at, p, { min: 0, max: 100, unit: '%' });
const ms: Check = (v, at, p) => num(v, at, p, { min: 1, max: 3_600_000, unit: 'ms' });
const words: Check = (v, at, p) => stringArray(v, at, p, false);
const word: Check = (v, at, p) => str(v, at, p, { nonEmpty: true });
const roam: Check = (v, at, p) => {
  if (v === null || v === 'start-area') return v;
  if (Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x)) && v[0] <= v[1]) return v;
  p.add(at, "expected [low_vnum, high_vnum], 'start-area' or null");
  return undefined;
};

/** YAML key -> tuning field and check, per behaviour. */
export const BEHAVIOR_OPTIONS: Record<string, Record<string, [keyof BotTuning, Check]>> = {
  survive: {
    flee_below_percent: ['fleeBelowPercent', percent],
    recall_below_percent: ['recallBelowPercent', percent],
  },
  combat: {
    engage_above_percent: ['engageAbovePercent', percent],
    targets: ['targets', words],
    avoid: ['avoid', words],
    max_level_above: ['maxLevelAbove', (v, at, p) => num(v, at, p, { integer: true, min: -100, max: 100 })],
  },
  heal: {
    rest_below_percent: ['restBelowPercent', percent],
    rest_until_percent: ['restUntilPercent', percent],
    sleep: ['sleepToHeal', (v, at, p) => bool(v, at, p, false)],
  },
  loot: {},
  equip: {},
  explore: {
    roam_vnums: ['roamVnums', roam],
    respawn_check_ms: ['respawnCheckMs', ms],
  },
  train: {
    stat: [
      'trainStat',
      (v, at, p) => oneOf(v, at, ['str', 'int', 'wis', 'dex', 'con', 'hp', 'mana'], p, false),
    ],
    practice_skill: ['practiceSkill', word],
    trainer_keywords: ['trainerKeywords', words],
    practice_keywords: ['practiceKeywords', words],
  },
  shop: {
    buy: ['buy', words],
    shop_keywords: ['shopKeywords', words],
  },
  idle: {
    poll_ms: ['pollMs', ms],
    score_every_ms: ['scoreEveryMs', ms],
  },
};

/** The behaviour names a config may list (the defaults, highest priority first). */
export const BEHAVIOR_NAMES = Object.keys(BEHAVIOR_OPTIONS);

/** Checked `behaviors:` list: the names to run (config order) and the tuning they set. */
export interface BehaviorSelection {
  names: string[];
  tuning: Partial<BotTuning>;
}

/** Check a `behaviors:` list (names, or one-key maps `name: { options }`); undefined = all defaults. */
export function checkBehaviors(raw: unknown, p: Problems): BehaviorSelection {
  const out: BehaviorSelection = { names: [], tuning: {} };
  if (raw === undefined || raw === null) return { names: [...BEHAVIOR_NAMES], tuning: {} };
  if (!Array.isArray(raw)) {
    p.add('behaviors', `expected a list of behaviour names (${BEHAVIOR_NAMES.join(', ')})`);
    return out;
  }
  raw.forEach((item, i) => {
    const at = `behaviors[${i}]`;
    let name: string | undefined;
    let opts: Record<string, unknown> = {};
    if (typeof item === 'string') name = item;
    else {
      const o = obj(item, at, p);
      const keys = o ? Object.keys(o) : [];
      if (o && keys.length !== 1) {
        p.add(at, `expected a name or one 'name: { options }' entry, got keys ${keys.join(', ')}`);
        return;
      }
      if (!o) return;
      name = keys[0]!;
      const inner = o[name];
      if (inner !== null && inner !== undefined) opts = obj(inner, `${at}.${name}`, p) ?? {};
    }
    const known = oneOf(name, at, BEHAVIOR_NAMES, p, false);
    if (!known) return;
    if (out.names.includes(known)) p.add(at, `'${known}' is listed twice`);
    out.names.push(known);
    const table = BEHAVIOR_OPTIONS[known]!;
    knownKeys(opts, Object.keys(table), `${at}.${known}`, p);
    for (const [key, [field, check]] of Object.entries(table)) {
      if (opts[key] === undefined) continue;
      const v = check(opts[key], `${at}.${known}.${key}`, p);
      if (v !== undefined) (out.tuning as Record<string, unknown>)[field] = v;
    }
  });
  if (raw.length === 0) p.add('behaviors', 'lists no behaviour: the bot would only log in and wait');
  return out;
}
