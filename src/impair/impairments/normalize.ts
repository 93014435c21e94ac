// normalize() builder for configs that are one number (`{ timeoutMs }`, `{ bytes }`); a bare number
// stands for that key.
import type { NumRule } from '../validate.ts';
import { knownKeys, MAX_DURATION_MS, num, obj } from '../validate.ts';

/** The rule for a duration in ms (0..24 h). */
export const DURATION: NumRule = { min: 0, max: MAX_DURATION_MS };

type Normalize<C> = (raw: unknown, path: string, problems: string[]) => C | undefined;

/** `{ [key]: number }` checked by `rule`. */
export function oneNumber<K extends string>(key: K, rule: NumRule): Normalize<Record<K, number>> {
  return (raw, path, problems) => {
    if (typeof raw === 'number') raw = { [key]: raw };
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, [key], path, problems);
    const value = num(o[key], `${path}.${key}`, problems, rule);
    return value === undefined ? undefined : ({ [key]: value } as Record<K, number>);
  };
}
