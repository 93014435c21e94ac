// `[LOG_JSON]{...}` event lines -> GameEvent. A line is an event line when it contains the marker; the
// JSON after it must be an object with a string `event`. Missing `t`/`level`/`cat` get defaults
// (receive time, 'info', ''). Anything else after the marker is malformed: counted by the caller and
// kept as a plain log line, never thrown.

import type { EventMatch, GameEvent } from './types.ts';

export const LOG_JSON_MARKER = '[LOG_JSON]';

export type ParsedLine = { kind: 'plain' } | { kind: 'event'; event: GameEvent } | { kind: 'malformed' };

const PLAIN: ParsedLine = { kind: 'plain' };
const MALFORMED: ParsedLine = { kind: 'malformed' };

/** Classifies one output line. `receivedAtMs` (unix ms) stamps events without a numeric `t`. */
export function parseEventLine(line: string, receivedAtMs: number): ParsedLine {
  const at = line.indexOf(LOG_JSON_MARKER);
  if (at === -1) return PLAIN;
  let value: unknown;
  try {
    value = JSON.parse(line.slice(at + LOG_JSON_MARKER.length));
  } catch {
    return MALFORMED;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return MALFORMED;
  const obj = value as Record<string, unknown>;
  if (typeof obj.event !== 'string') return MALFORMED;
  const event: GameEvent = {
    ...obj,
    t: typeof obj.t === 'number' && Number.isFinite(obj.t) ? obj.t : receivedAtMs,
    level: typeof obj.level === 'string' ? obj.level : 'info',
    cat: typeof obj.cat === 'string' ? obj.cat : '',
    event: obj.event,
  };
  return { kind: 'event', event };
}

/** A name matches `event.event` exactly; a function is used as is. */
export function toEventPredicate(match: EventMatch): (e: GameEvent) => boolean {
  return typeof match === 'string' ? (e) => e.event === match : match;
}

/** Human-readable description of a matcher for error messages. */
export function describeMatch(match: EventMatch): string {
  return typeof match === 'string' ? `event "${match}"` : `event matching ${match.name || 'predicate'}`;
}
