// Who logs in: bot `i` of a swarm gets a letters-only name from a pattern (ROM refuses digits), or the
// i-th login of a credentials list; shards and workers take interleaved parts of one population, so
// their names never collide.
import { NetwrightError } from '../../errors.ts';
import type { SwarmLogin, SwarmShard } from './types.ts';

/** Where a bot's index goes in a name pattern. */
export const LETTERS_PLACEHOLDER = '{letters}';

/** Default name pattern of swarm bots. */
export const DEFAULT_SWARM_NAME = 'Swarm';

/** Index as letters, bijective base 26: 0 -> a, 25 -> z, 26 -> aa, 701 -> zz, 702 -> aaa. */
export function indexLetters(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`indexLetters: bad index ${index}`);
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(97 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Name of bot `index` under `pattern`: `Bot` -> Bota, Botb...; `{letters}bot` puts the letters first. */
export function swarmBotName(pattern: string, index: number): string {
  const letters = indexLetters(index);
  const name = pattern.includes(LETTERS_PLACEHOLDER)
    ? pattern.replace(LETTERS_PLACEHOLDER, letters)
    : pattern + letters;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Check a name pattern: letters only besides one `{letters}`, 12 letters at most with a 3-letter index. */
export function namePatternProblem(pattern: string): string | undefined {
  const bare = pattern.replace(LETTERS_PLACEHOLDER, '');
  if (!/^[A-Za-z]*$/.test(bare)) return `letters only (ROM refuses digits and symbols), got "${pattern}"`;
  if (bare.length === 0) return 'give at least one letter besides {letters}';
  if (bare.length > 9) return `at most 9 letters so names stay within ROM's 12 (got ${bare.length})`;
  return undefined;
}

/**
 * Global indices of the bots a part plays: part `index` of `count` takes every count-th bot of
 * `total`, starting at `index` (so parts differ in size by at most one and never share a bot).
 */
export function partIndices(total: number, part: SwarmShard = { index: 0, count: 1 }): number[] {
  const out: number[] = [];
  for (let i = part.index; i < total; i += part.count) out.push(i);
  return out;
}

/** The login of bot `index`: from the credentials list, else the pattern and the shared password. */
export function loginFor(
  index: number,
  opts: { name?: string; credentials?: SwarmLogin[]; password: string },
): SwarmLogin {
  if (opts.credentials) {
    const c = opts.credentials[index];
    if (!c)
      throw new NetwrightError(
        'ERR_CONFIG_INVALID',
        `swarm: bot ${index + 1} has no login (${opts.credentials.length} credentials given)`,
        { hint: 'give at least as many credentials as bots, or use a name pattern' },
      );
    return c;
  }
  return { name: swarmBotName(opts.name ?? DEFAULT_SWARM_NAME, index), password: opts.password };
}
