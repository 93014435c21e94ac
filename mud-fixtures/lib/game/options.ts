// Game options: timing in pulses (ROM: 4 pulses/s, violence every 3 s, MSDP every 4 s, tick ~60 s).

import type { Clock } from '../../../src/util/clock.ts';
import type { Random } from '../../../src/util/random.ts';
import type { PlantedBug } from './planted-bugs.ts';

export interface GameOptions {
  clock: Clock;
  random: Random;
  /** Directory for player files (<Name>.json). */
  playerDir: string;
  /** Reproduce Mud98's client-visible limits (see NOTES.md section 7). */
  quirks: boolean;
  /** Offer GMCP (MSDP over GMCP). */
  gmcp: boolean;
  /** When commands run: 'pulse' (Mud98: one command per connection per pulse, answered at the end of
   *  that pulse) or 'instant' (on arrival; for tests that are not about timing). Quirks mode is always
   *  paced. */
  pacing: Pacing;
  /** A planted bug (planted-bugs.ts); undefined = none. */
  bug?: PlantedBug;
  /** Pulse length in ms (ROM: 250). */
  pulseMs: number;
  /** Combat round, in pulses (ROM: 12 = 3 s). */
  violencePulses: number;
  /** MSDP refresh and mobile update, in pulses (ROM: 16 = 4 s). */
  mobilePulses: number;
  /** Game tick (regen, resets, idle), in pulses (ROM: 240 = 60 s). */
  tickPulses: number;
  /** New characters start with autoexit on (Mud98: off). */
  autoexit: boolean;
  /** Experience per level. */
  expPerLevel: number;
  /** Name of the MUD in MSSP and greetings. */
  mudName: string;
  /** Event sink ([LOG_JSON] lines in the process entry). */
  log: (event: string, fields: Record<string, unknown>) => void;
}

export type Pacing = 'pulse' | 'instant';
export const PACINGS: readonly Pacing[] = ['pulse', 'instant'];

export function defaultGameTiming(): Pick<
  GameOptions,
  'pulseMs' | 'violencePulses' | 'mobilePulses' | 'tickPulses'
> {
  return { pulseMs: 250, violencePulses: 12, mobilePulses: 16, tickPulses: 240 };
}
