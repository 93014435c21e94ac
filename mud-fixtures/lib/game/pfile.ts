// Player files: <dir>/<Name>.json shaped like Mud98's (formatVersion 1, player.*, pcdata.pwdDigest).

import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Char, type Obj, type PcData, POS } from '../world/entities.ts';
import type { World } from '../world/world.ts';

/**
 * scrypt cost of the fixture's password digests. Salted, so equal passwords never give equal digests
 * and precomputed tables are useless; N = 2^10 keeps one digest at about 1-3 ms, so a swarm's logins
 * do not stall the 250 ms pulse (hashing is synchronous, like Mud98's). A production MUD would use
 * N >= 2^15.
 */
export const SCRYPT = { N: 1024, r: 8, p: 1, keyBytes: 32, saltBytes: 16 } as const;

/** A salted digest for a pfile: `scrypt$N$r$p$<salt b64>$<key b64>`. */
export function hashPassword(password: string): string {
  const salt = randomBytes(SCRYPT.saltBytes);
  const key = scryptSync(password, salt, SCRYPT.keyBytes, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Does `password` match `digest`? Reads our scrypt digests and, for player files copied from Mud98,
 * its unsalted uppercase-hex SHA-256. Constant-time compare; a malformed digest never matches.
 */
export function verifyPassword(password: string, digest: string): boolean {
  const parts = digest.split('$');
  if (parts[0] === 'scrypt' && parts.length === 6) {
    const [N, r, p] = parts.slice(1, 4).map(Number);
    const salt = Buffer.from(parts[4] as string, 'base64');
    const want = Buffer.from(parts[5] as string, 'base64');
    // Bounds keep a hostile pfile from asking for much (scrypt memory is 128 * N * r bytes: <= 16 MiB).
    if (!(N >= 2 && N <= 2 ** 14 && r >= 1 && r <= 8 && p >= 1 && p <= 4 && want.length >= 16)) return false;
    try {
      return timingSafeEqual(scryptSync(password, salt, want.length, { N, r, p }), want);
    } catch {
      return false; // N not a power of two, and the like
    }
  }
  if (/^[0-9A-F]{64}$/.test(digest)) {
    const got = createHash('sha256').update(password).digest();
    return timingSafeEqual(got, Buffer.from(digest, 'hex'));
  }
  return false;
}

export function capitalizeName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
}

export function pfilePath(dir: string, name: string): string {
  return join(dir, `${capitalizeName(name)}.json`);
}

export function pfileExists(dir: string, name: string): boolean {
  return existsSync(pfilePath(dir, name));
}

interface SavedObj {
  vnum: number;
  slot?: string;
}

export interface PlayerFile {
  formatVersion: 1;
  player: {
    name: string;
    level: number;
    actFlags: number;
    commFlags: number;
    room: number;
    hmv: { hit: number; maxHit: number; mana: number; maxMana: number; move: number; maxMove: number };
    exp: number;
    align: number;
    gold: number;
    silver: number;
    race: string;
    sex: string;
    class: string;
    title: string;
    practices: number;
    trains: number;
    prompt: string;
    stats: PcData['stats'];
    skills: Record<string, number>;
    played: number;
    objects: SavedObj[];
  };
  pcdata: { pwdDigest: string };
}

export function toPlayerFile(ch: Char): PlayerFile {
  const pc = ch.pc as PcData;
  const objects: SavedObj[] = [
    ...[...ch.equipment].map(([slot, o]) => ({ vnum: o.def.vnum, slot })),
    ...ch.inventory.filter((o) => o.def.vnum > 15).map((o) => ({ vnum: o.def.vnum })),
  ];
  return {
    formatVersion: 1,
    player: {
      name: ch.name,
      level: ch.level,
      actFlags: pc.actFlags,
      commFlags: pc.commFlags,
      room: ch.room?.vnum ?? 0,
      hmv: {
        hit: ch.hit,
        maxHit: ch.maxHit,
        mana: ch.mana,
        maxMana: ch.maxMana,
        move: ch.move,
        maxMove: ch.maxMove,
      },
      exp: ch.exp,
      align: ch.align,
      gold: ch.gold,
      silver: ch.silver,
      race: pc.race,
      sex: pc.sex,
      class: pc.cls,
      title: pc.title,
      practices: pc.practices,
      trains: pc.trains,
      prompt: pc.prompt,
      stats: pc.stats,
      skills: pc.skills,
      played: pc.playedSec,
      objects,
    },
    pcdata: { pwdDigest: pc.pwdDigest },
  };
}

/** Write atomically (temp + rename) so a crash never leaves half a file; owner-only (0600). */
export function savePlayer(dir: string, ch: Char): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = pfilePath(dir, ch.name);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(toPlayerFile(ch), null, 1)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

export function readPlayerFile(dir: string, name: string): PlayerFile | undefined {
  const path = pfilePath(dir, name);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as PlayerFile;
}

/** Build a live character from a player file (room is resolved by the caller). */
export function charFromFile(f: PlayerFile, world: World): Char {
  const p = f.player;
  const equipment = new Map<string, Obj>();
  const inventory: Obj[] = [];
  for (const o of p.objects ?? []) {
    if (!world.objDefs.has(o.vnum)) continue;
    const obj = world.makeObj(o.vnum);
    if (o.slot) equipment.set(o.slot, obj);
    else inventory.push(obj);
  }
  return {
    id: world.newId(),
    isNpc: false,
    name: p.name,
    short: p.name,
    long: '',
    keywords: [p.name.toLowerCase()],
    level: p.level,
    hit: p.hmv.hit,
    maxHit: p.hmv.maxHit,
    mana: p.hmv.mana,
    maxMana: p.hmv.maxMana,
    move: p.hmv.move,
    maxMove: p.hmv.maxMove,
    exp: p.exp,
    align: p.align ?? 0,
    gold: p.gold ?? 0,
    silver: p.silver ?? 0,
    room: undefined,
    position: POS.standing,
    fighting: undefined,
    wait: 0,
    inventory,
    equipment,
    master: undefined,
    leader: undefined,
    extracted: false,
    pc: {
      pwdDigest: f.pcdata.pwdDigest,
      race: p.race ?? 'human',
      sex: p.sex ?? 'male',
      cls: p.class ?? 'warrior',
      title: p.title ?? '',
      practices: p.practices ?? 5,
      trains: p.trains ?? 3,
      actFlags: p.actFlags ?? 0,
      commFlags: p.commFlags ?? 0,
      prompt: p.prompt ?? '',
      stats: p.stats ?? { str: 16, int: 13, wis: 13, dex: 13, con: 13 },
      skills: p.skills ?? {},
      playedSec: p.played ?? 0,
      idleTicks: 0,
      repeatCount: 0,
      lastCommand: '',
    },
  };
}
