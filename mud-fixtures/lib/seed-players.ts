// Pre-made characters written as player files before the server starts (e.g. a PLR_BOT character for
// every bot), so tests skip creation. Same effect as editing Mud98's player/<Name>.json.

import { newCharacter, WEAPONS } from './game/chargen.ts';
import { hashPassword, savePlayer } from './game/pfile.ts';
import { PLR } from './world/entities.ts';
import type { World } from './world/world.ts';

export interface SeedPlayer {
  name: string;
  password: string;
  /** Default 1; 52+ gets the IMOTD. */
  level?: number;
  /** Sets PLR_BOT (512). */
  bot?: boolean;
  autoexit?: boolean;
  race?: string;
  cls?: string;
  weapon?: string;
  /** Start room vnum (default: the area's start room). */
  room?: number;
}

export function writeSeedPlayers(
  dir: string,
  world: World,
  players: SeedPlayer[],
  expPerLevel: number,
): void {
  for (const p of players) {
    const weapon = p.weapon && WEAPONS.includes(p.weapon) ? p.weapon : 'sword';
    const ch = newCharacter(
      world,
      {
        name: p.name.charAt(0).toUpperCase() + p.name.slice(1).toLowerCase(),
        pwdDigest: hashPassword(p.password),
        race: p.race ?? 'human',
        sex: 'male',
        cls: p.cls ?? 'warrior',
        align: 0,
        weapon,
        autoexit: !!p.autoexit,
      },
      expPerLevel,
    );
    const pc = ch.pc as NonNullable<typeof ch.pc>;
    if (p.bot) pc.actFlags |= PLR.bot;
    if (p.level && p.level > 1) {
      ch.level = p.level;
      ch.exp = p.level * expPerLevel;
      ch.maxHit = ch.hit = 20 + 10 * (p.level - 1);
    }
    ch.room = world.room(p.room ?? world.roles.start);
    savePlayer(dir, ch);
    ch.room = undefined;
  }
}
