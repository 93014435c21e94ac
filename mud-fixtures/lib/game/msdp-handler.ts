// MSDP commands from the client (LIST/SEND/REPORT/UNREPORT/RESET) and the periodic update.
// Mud98: values refresh every 4 s (mobile pulse) and only changed reported ones go out; ROOM_VNUM and
// ROOM go out at once on every move; REPORT waits for the next update. Outside quirks mode the fixture
// refreshes every pulse and answers REPORT at once. SEND waits for the next mobile pulse in both modes
// (Mud98 only flags the variables; measured on Mud98: 1.0-3.8 s, idle or in a wait state), while LIST
// is answered at once (Mud98 writes it as it reads the request: within its 250 ms pulse, even in a
// wait state). A client that wants a quick answer from a live server asks LIST.

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
      if (!s.char) return;
      for (const n of names) if (SENDABLE.includes(n)) s.sendPending.add(n);
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
 *  unreported variables changed sends an empty frame, as Mud98 does. On a mobile pulse the variables
 *  asked for with SEND go out too (in the same frame, as Mud98's msdp_send_update). */
export function msdpUpdate(game: Game, s: Session, mobilePulse: boolean): void {
  const ch = s.char;
  if (!ch || s.state !== 'playing' || !s.transport.msdpActive()) return;
  const sh = shape(game);
  const pairs: MsdpPair[] = [];
  const sent: ReadonlySet<string> = mobilePulse ? new Set(s.sendPending) : new Set();
  if (mobilePulse) s.sendPending.clear();
  let anyChange = false;
  const base = game.opts.quirks ? REPORTABLE : [...s.reported];
  for (const n of [...new Set([...base, ...sent])].sort()) {
    const room = n === 'ROOM' || n === 'ROOM_VNUM';
    if (room && !s.reported.has(n) && !sent.has(n)) continue;
    const v = msdpVar(ch, n, sh);
    if (v === undefined) continue;
    const key = msdpKey(v);
    const changed = s.lastSent.get(n) !== key;
    if (changed) {
      anyChange = true;
      s.lastSent.set(n, key);
    }
    if (sent.has(n) || (changed && s.reported.has(n))) pairs.push({ name: n, value: v });
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
