// MSDP commands from the client (LIST/SEND/REPORT/UNREPORT/RESET) and the periodic update.
// Mud98: values refresh every 4 s (mobile pulse) and only changed reported ones go out; ROOM_VNUM and
// ROOM go out at once on every move; REPORT waits for the next update. Outside quirks mode the fixture
// refreshes every pulse and answers REPORT at once.

import type { MsdpPair } from '../../../src/mud/protocols/msdp.ts';
import type { Game } from './game.ts';
import {
  COMMANDS,
  CONFIGURABLE,
  LISTS,
  type MsdpShape,
  msdpKey,
  msdpVar,
  REPORTABLE,
  SENDABLE,
} from './msdp-vars.ts';
import type { Session } from './session.ts';

function shape(game: Game): MsdpShape {
  return { quirks: game.opts.quirks, expPerLevel: game.opts.expPerLevel };
}

export function msdpRequest(game: Game, s: Session, command: string, values: string[]): void {
  if (!s.transport.msdpActive()) return;
  const cmd = command.toUpperCase();
  const names = values.map((v) => v.toUpperCase());
  switch (cmd) {
    case 'LIST': {
      for (const n of names) {
        const list = listFor(n, s);
        if (list) s.transport.msdp([{ name: n, value: list }]);
      }
      return;
    }
    case 'SEND': {
      const ch = s.char;
      if (!ch) return;
      const pairs: MsdpPair[] = [];
      for (const n of [...new Set(names)].sort()) {
        if (!SENDABLE.includes(n)) continue;
        const v = msdpVar(ch, n, shape(game));
        if (v !== undefined) pairs.push({ name: n, value: v });
      }
      if (pairs.length) s.transport.msdp(pairs);
      return;
    }
    case 'REPORT': {
      const fresh = names.filter((n) => REPORTABLE.includes(n) && !s.reported.has(n));
      for (const n of fresh) {
        s.reported.add(n);
        // Mud98 sends a newly reported variable with the next update even when it did not change.
        s.lastSent.delete(n);
      }
      if (!game.opts.quirks && s.char && fresh.length) {
        const pairs: MsdpPair[] = [];
        for (const n of fresh.sort()) {
          const v = msdpVar(s.char, n, shape(game));
          if (v === undefined) continue;
          pairs.push({ name: n, value: v });
          s.lastSent.set(n, msdpKey(v));
        }
        if (pairs.length) s.transport.msdp(pairs);
      }
      return;
    }
    case 'UNREPORT':
      for (const n of names) s.reported.delete(n);
      return;
    case 'RESET':
      if (names.includes('REPORTABLE_VARIABLES') || names.includes('REPORTED_VARIABLES')) s.reported.clear();
      return;
    default:
      return;
  }
}

function listFor(name: string, s: Session): string[] | undefined {
  switch (name) {
    case 'COMMANDS':
      return COMMANDS;
    case 'LISTS':
      return LISTS;
    case 'SENDABLE_VARIABLES':
      return SENDABLE;
    case 'REPORTABLE_VARIABLES':
      return REPORTABLE;
    case 'CONFIGURABLE_VARIABLES':
      return CONFIGURABLE;
    case 'REPORTED_VARIABLES':
      return [...s.reported].sort();
    default:
      return undefined;
  }
}

/** Periodic update: changed reported variables, alphabetically. In quirks mode an update where only
 *  unreported variables changed sends an empty frame, as Mud98 does. */
export function msdpUpdate(game: Game, s: Session, mobilePulse: boolean): void {
  const ch = s.char;
  if (!ch || s.state !== 'playing' || !s.transport.msdpActive()) return;
  const sh = shape(game);
  const pairs: MsdpPair[] = [];
  let anyChange = false;
  const names = game.opts.quirks ? REPORTABLE : [...s.reported].sort();
  for (const n of names) {
    if (n === 'ROOM' || n === 'ROOM_VNUM') {
      if (!s.reported.has(n)) continue;
    }
    const v = msdpVar(ch, n, sh);
    if (v === undefined) continue;
    const key = msdpKey(v);
    if (s.lastSent.get(n) === key) continue;
    s.lastSent.set(n, key);
    anyChange = true;
    if (s.reported.has(n)) pairs.push({ name: n, value: v });
  }
  if (pairs.length || (game.opts.quirks && mobilePulse && anyChange && s.reported.size > 0))
    s.transport.msdp(pairs);
}

/** On every move: ROOM_VNUM, then ROOM, each in its own frame, if reported. */
export function sendRoomMsdp(game: Game, s: Session): void {
  const ch = s.char;
  if (!ch || !s.transport.msdpActive()) return;
  for (const n of ['ROOM_VNUM', 'ROOM']) {
    if (!s.reported.has(n)) continue;
    const v = msdpVar(ch, n, shape(game));
    if (v === undefined) continue;
    s.lastSent.set(n, msdpKey(v));
    s.transport.msdp([{ name: n, value: v }]);
  }
}
