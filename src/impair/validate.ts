// The impairments' normalize() checks are the shared option-validation toolkit (src/config); this
// module keeps their import path stable and adds the duration bound every impairment shares.
import { num } from '../config/index.ts';

export { closest, knownKeys, type NumRule, num, obj, rate, show } from '../config/index.ts';

/**
 * Largest duration any impairment, timeline step or toxic accepts, ms (24 h). Far below Node's timer
 * limit (2^31-1 ms), past which Node fires timers after 1 ms; and longer than any test runs.
 */
export const MAX_DURATION_MS = 86_400_000;

/** A duration in ms, 0..MAX_DURATION_MS (24 h). */
export function duration(
  raw: unknown,
  path: string,
  problems: string[],
  optional = false,
): number | undefined {
  return num(raw, path, problems, { min: 0, max: MAX_DURATION_MS, optional, unit: 'ms' });
}
