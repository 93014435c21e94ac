// What a MUD scenario entry measured (a swarm over the entry's network), as the thresholds and the
// closing lines of `netwright run` read it.
import type { ScenarioFigures } from './thresholds.ts';

export interface MudScenarioResult extends ScenarioFigures {
  kind: 'mud';
  entry: string;
  profile: string | null;
  /** Bots that reached the game. */
  bots: number;
  /** Run length, s. */
  windowS: number;
  /** Commands answered. */
  commands: number;
  /** Command latency p50, ms (p99Ms holds the p99). */
  p50Ms: number;
  kills: number;
  deaths: number;
  flees: number;
  xp: number;
  /** The fault that ended the run (server died, went silent, refused logins), if any. */
  fault: { kind: string; message: string } | null;
}

/** Is this entry result a MUD one? */
export function isMudResult(r: unknown): r is MudScenarioResult {
  return typeof r === 'object' && r !== null && (r as { kind?: unknown }).kind === 'mud';
}
