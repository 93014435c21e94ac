// Synthetic game events for the metrics and matcher tests; `t` is in ms after a fixed wall-clock epoch.
import type { GameEvent } from '../../src/process/types.ts';

const T0 = 1_700_000_000_000;

/** An info-level `net` event `event` at T0 + `t` ms, with extra fields. */
export const ev = (t: number, event: string, fields: Record<string, unknown> = {}): GameEvent => ({
  t: T0 + t,
  level: 'info',
  cat: 'net',
  event,
  ...fields,
});
