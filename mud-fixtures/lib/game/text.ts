// Text shapes of ROM/Mud98 output: colours, damage verbs, condition lines, capitalisation.

/** Mud98 restores the default colours after every coloured span with this sequence. */
export const RESET = '\x1b[0m\x1b[37m\x1b[40m';
export const CYAN = '\x1b[36m';
export const RED = '\x1b[31m';
export const GREEN = '\x1b[32m';
export const WHITE = '\x1b[37m';
/** The stray non-SGR sequence Mud98 puts before login prompts (quirks mode only). */
export const STRAY = '\x1b[37m\x1b[40m\x1b[8]';

/** Wrap text in a colour (when `on`), restoring defaults after it as Mud98 does. */
export function colour(on: boolean, code: string, text: string): string {
  return on ? `${code}${text}${RESET}` : text;
}

/** Strip every ANSI escape (used when a character has colour off). */
export function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;]*[A-Za-z\]]/g, '');
}

export function capitalize(s: string): string {
  return s.length ? s[0].toUpperCase() + s.slice(1) : s;
}

const TIERS: [number, string, string][] = [
  [0, 'miss', 'misses'],
  [4, 'scratch', 'scratches'],
  [8, 'graze', 'grazes'],
  [12, 'hit', 'hits'],
  [16, 'injure', 'injures'],
  [20, 'wound', 'wounds'],
  [24, 'maul', 'mauls'],
  [28, 'decimate', 'decimates'],
  [32, 'devastate', 'devastates'],
  [36, 'maim', 'maims'],
  [40, 'MUTILATE', 'MUTILATES'],
  [44, 'DISEMBOWEL', 'DISEMBOWELS'],
  [48, 'DISMEMBER', 'DISMEMBERS'],
  [52, 'MASSACRE', 'MASSACRES'],
  [56, 'MANGLE', 'MANGLES'],
  [60, '*** DEMOLISH ***', '*** DEMOLISHES ***'],
  [75, '*** DEVASTATE ***', '*** DEVASTATES ***'],
  [100, '=== OBLITERATE ===', '=== OBLITERATES ==='],
  [125, '>>> ANNIHILATE <<<', '>>> ANNIHILATES <<<'],
  [150, '<<< ERADICATE >>>', '<<< ERADICATES >>>'],
];

/** ROM dam_message verb pair (first/third person) and punctuation for a damage amount. */
export function damageVerb(dam: number): { vs: string; vp: string; punct: string } {
  const punct = dam <= 24 ? '.' : '!';
  for (const [max, vs, vp] of TIERS) if (dam <= max) return { vs, vp, punct };
  return { vs: 'do UNSPEAKABLE things to', vp: 'does UNSPEAKABLE things to', punct };
}

/** The battle-prompt condition phrase for a hit-point percentage. */
export function conditionPhrase(percent: number): string {
  if (percent >= 100) return 'is in excellent condition.';
  if (percent >= 90) return 'has a few scratches.';
  if (percent >= 75) return 'has some small wounds and bruises.';
  if (percent >= 50) return 'has quite a few wounds.';
  if (percent >= 30) return 'has some big nasty wounds and scratches.';
  if (percent >= 15) return 'looks pretty hurt.';
  if (percent >= 0) return 'is in awful condition.';
  return 'is bleeding to death.';
}

export function percent(hit: number, max: number): number {
  return max > 0 ? Math.floor((100 * hit) / max) : -1;
}
