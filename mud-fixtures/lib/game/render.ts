// Room blocks (normal and PLR_BOT), exits, prompt and battle line, in Mud98's shapes.

import { type Char, COMM, isBot, type Obj, PLR, POS, type Room } from '../world/entities.ts';
import { DIRECTIONS } from '../world/types.ts';
import { CYAN, capitalize, colour, conditionPhrase, percent, RESET, WHITE } from './text.ts';

/** `look` / `look auto`: title, then description+exits+objects+people, or BOT lines for bots. */
export function renderRoom(ch: Char, room: Room, colourOn: boolean): string {
  // Immortals see the vnum after the title, as in Mud98.
  const vnum = ch.level >= 52 ? ` [Room ${room.vnum}]` : '';
  const parts: string[] = [`${colour(colourOn, CYAN, room.def.name)}${vnum}\n\r`];
  if (isBot(ch)) {
    parts.push(botRoomLines(room, ch));
    return parts.join('');
  }
  const brief = ((ch.pc?.commFlags ?? 0) & COMM.brief) !== 0;
  if (!brief) {
    const desc = `  ${room.def.description.join('\n\r')}\n\r`;
    parts.push(colourOn ? `${WHITE}${desc}${RESET}` : desc);
  }
  if (((ch.pc?.actFlags ?? 0) & PLR.autoexit) !== 0) parts.push(`\n\r${autoExits(room)}\n\r`);
  for (const o of room.contents) parts.push(`${o.long}\n\r`);
  for (const p of room.people) if (p !== ch) parts.push(personLine(p));
  return parts.join('');
}

export function autoExits(room: Room): string {
  const dirs: string[] = [];
  for (const d of DIRECTIONS) {
    const e = room.exits.get(d);
    if (e && !e.closed) dirs.push(d);
  }
  return `[Exits: ${dirs.length ? dirs.join(' ') : 'none'}]`;
}

/** `exits`: "Obvious exits:" then one line per open exit. */
export function exitsLong(room: Room): string {
  const lines = ['Obvious exits:\n\r'];
  let any = false;
  for (const d of DIRECTIONS) {
    const e = room.exits.get(d);
    if (!e || e.closed) continue;
    any = true;
    lines.push(`${capitalize(d).padEnd(5)} - ${e.to.def.name}\n\r`);
  }
  if (!any) lines.push('None.\n\r');
  return lines.join('');
}

function personLine(p: Char): string {
  if (p.isNpc) {
    if (p.position === POS.fighting && p.fighting)
      return `${capitalize(p.short)} is here, fighting ${fightingName(p)}.\n\r`;
    return `${p.long}\n\r`;
  }
  const linkdead = p.desc ? '' : '[LINKDEAD] ';
  const where =
    p.position === POS.resting
      ? 'is resting here.'
      : p.position === POS.sleeping
        ? 'is sleeping here.'
        : 'is here.';
  return `${linkdead}${p.name} ${p.pc?.title ?? ''} ${where}\n\r`.replace('  ', ' ');
}

function fightingName(p: Char): string {
  const v = p.fighting;
  if (!v) return 'thin air';
  return v.isNpc ? v.short : v.name;
}

/** The PLR_BOT block that replaces description, objects and people. */
export function botRoomLines(room: Room, viewer: Char): string {
  const out: string[] = [];
  const flags = room.def.flags.length ? room.def.flags.join(' ') : '(none)';
  out.push(`[BOT:ROOM|vnum=${room.vnum}|flags=${flags}|sector=${room.def.sector}]\n\r`);
  for (const d of DIRECTIONS) {
    const e = room.exits.get(d);
    if (!e) continue;
    const f: string[] = [];
    if (e.door) f.push('door');
    if (e.closed) f.push('closed');
    if (e.locked) f.push('locked');
    out.push(`[BOT:EXIT|dir=${d}|vnum=${e.to.vnum}|flags=${f.length ? f.join(' ') : '(none)'}]\n\r`);
  }
  for (const p of room.people) {
    if (p === viewer) continue;
    if (p.isNpc && p.proto) {
      const flags = ['npc', ...p.proto.flags].join(' ');
      out.push(
        `[BOT:MOB|name=${p.keywords.join(' ')}|vnum=${p.proto.vnum}|level=${p.level}|flags=${flags}|hp=${percent(p.hit, p.maxHit)}%|align=${p.align}]\n\r`,
      );
    } else if (p.pc) {
      out.push(`[BOT:PC|name=${p.name}|level=${p.level}|hp=${percent(p.hit, p.maxHit)}%]\n\r`);
    }
  }
  for (const o of room.contents) out.push(botObjLine(o));
  return out.join('');
}

export function botObjLine(o: Obj): string {
  const flags = o.def.flags.length ? o.def.flags.join(' ') : '(none)';
  const wear = o.def.wear.length ? o.def.wear.join(' ') : '(none)';
  return `[BOT:OBJ|name=${o.keywords.join(' ')}|vnum=${o.def.vnum}|type=${o.type}|flags=${flags}|wear=${wear}]\n\r`;
}

/** "The aggressive monster is in excellent condition. \n\r" while fighting (note the trailing space). */
export function battleLine(ch: Char): string | undefined {
  const v = ch.fighting;
  if (!v || v.extracted || v.room !== ch.room) return undefined;
  const name = v.isNpc ? v.short : v.name;
  return `${capitalize(name)} ${conditionPhrase(percent(v.hit, v.maxHit))} \n\r`;
}

/** Mud98 default prompt "<%hhp %mm %vmv> " in cyan; custom prompts expand ROM's % codes. */
export function promptText(ch: Char, colourOn: boolean): string {
  const fmt = ch.pc?.prompt || '<%hhp %mm %vmv> ';
  const text = fmt.replace(/%(.)/g, (_m, c: string) => {
    switch (c) {
      case 'h':
        return String(ch.hit);
      case 'H':
        return String(ch.maxHit);
      case 'm':
        return String(ch.mana);
      case 'M':
        return String(ch.maxMana);
      case 'v':
        return String(ch.move);
      case 'V':
        return String(ch.maxMove);
      case 'x':
        return String(ch.exp);
      case 'g':
        return String(ch.gold);
      case 's':
        return String(ch.silver);
      case 'r':
        return ch.room?.def.name ?? '';
      case 'R':
        return String(ch.room?.vnum ?? 0);
      case 'e':
        return ch.room ? autoExits(ch.room).slice(8, -1) : '';
      case '%':
        return '%';
      default:
        return '';
    }
  });
  return colour(colourOn, CYAN, text);
}
