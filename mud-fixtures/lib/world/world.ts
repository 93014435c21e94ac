// The live world: rooms linked by exits, object/mob factories, area resets (ROM reset_area, simplified).

import type { Random } from '../../../src/util/random.ts';
import { type Char, type Obj, POS, type Room } from './entities.ts';
import type { AreaDef, MobDef, ObjDef, ShopDef } from './types.ts';

export class World {
  readonly areas: AreaDef[];
  readonly rooms = new Map<number, Room>();
  readonly mobDefs = new Map<number, MobDef>();
  readonly objDefs = new Map<number, ObjDef>();
  readonly shops = new Map<number, ShopDef>();
  readonly trainers = new Set<number>();
  readonly practicers = new Set<number>();
  /** Live NPCs, in creation order (deterministic iteration). */
  readonly mobs: Char[] = [];
  readonly roles: { start: number; recall: number; respawn: number };
  private nextId = 1;
  private readonly areaAge = new Map<string, number>();

  constructor(areas: AreaDef[]) {
    this.areas = areas;
    const roles = { start: 0, recall: 0, respawn: 0 };
    for (const a of areas) {
      for (const r of a.rooms)
        this.rooms.set(r.vnum, {
          def: r,
          vnum: r.vnum,
          area: a.name,
          exits: new Map(),
          people: [],
          contents: [],
        });
      for (const m of a.mobiles) this.mobDefs.set(m.vnum, m);
      for (const o of a.objects) this.objDefs.set(o.vnum, o);
      for (const s of a.shops) this.shops.set(s.keeper, s);
      for (const t of a.trainers ?? []) this.trainers.add(t);
      for (const p of a.practicers ?? []) this.practicers.add(p);
      Object.assign(roles, a.roles ?? {});
    }
    const first = areas[0]?.rooms[0]?.vnum ?? 0;
    this.roles = {
      start: roles.start || first,
      recall: roles.recall || roles.start || first,
      respawn: roles.respawn || roles.recall || first,
    };
    for (const room of this.rooms.values()) {
      for (const e of room.def.exits) {
        const to = this.rooms.get(e.to);
        if (!to) continue;
        room.exits.set(e.dir, {
          dir: e.dir,
          to,
          door: e.door,
          closed: !!e.door?.closed,
          locked: !!e.door?.locked,
        });
      }
    }
  }

  newId(): number {
    return this.nextId++;
  }

  room(vnum: number): Room | undefined {
    return this.rooms.get(vnum);
  }

  makeObj(vnum: number): Obj {
    const def = this.objDefs.get(vnum);
    if (!def) throw new RangeError(`no object ${vnum}`);
    return {
      id: this.newId(),
      def,
      short: def.short,
      long: def.long,
      keywords: def.keywords,
      type: def.type,
      contains: [],
      gold: 0,
    };
  }

  makeMob(def: MobDef, rng: Random): Char {
    const hp = typeof def.hp === 'number' ? def.hp : rng.int(def.hp[0], def.hp[1]);
    return {
      id: this.newId(),
      isNpc: true,
      name: def.keywords.join(' '),
      short: def.short,
      long: def.long,
      keywords: def.keywords,
      proto: def,
      level: def.level,
      hit: hp,
      maxHit: hp,
      mana: 100,
      maxMana: 100,
      move: 100,
      maxMove: 100,
      exp: 0,
      align: def.align,
      gold: def.gold ?? 0,
      silver: 0,
      room: undefined,
      position: POS.standing,
      fighting: undefined,
      wait: 0,
      inventory: [],
      equipment: new Map(),
      master: undefined,
      leader: undefined,
      extracted: false,
    };
  }

  /** Age every area by one tick and reset those due (empty-of-players check is skipped: fixture areas are small). */
  tickResets(rng: Random, onReset: (area: string) => void): void {
    for (const a of this.areas) {
      const age = (this.areaAge.get(a.name) ?? 0) + 1;
      if (age >= (a.resetTicks ?? 3)) {
        this.resetArea(a, rng);
        onReset(a.name);
        this.areaAge.set(a.name, 0);
      } else this.areaAge.set(a.name, age);
    }
  }

  /** Repopulate missing mobs and floor objects of one area. */
  resetArea(a: AreaDef, rng: Random): void {
    for (const rs of a.resets) {
      const room = this.rooms.get(rs.room);
      if (!room) continue;
      if ('mob' in rs) {
        const live = this.mobs.filter((m) => m.proto?.vnum === rs.mob && !m.extracted).length;
        if (live >= (rs.max ?? 1)) continue;
        const def = this.mobDefs.get(rs.mob);
        if (!def) continue;
        const mob = this.makeMob(def, rng);
        for (const v of rs.give ?? []) mob.inventory.push(this.makeObj(v));
        for (const v of rs.equip ?? []) {
          const o = this.makeObj(v);
          mob.equipment.set(o.def.wear.find((w) => w !== 'take') ?? 'hold', o);
        }
        this.mobs.push(mob);
        this.placeChar(mob, room);
      } else if (!room.contents.some((o) => o.def.vnum === rs.obj)) {
        room.contents.unshift(this.makeObj(rs.obj));
      }
    }
  }

  resetAll(rng: Random): void {
    for (const a of this.areas) this.resetArea(a, rng);
  }

  /** Put a character in a room (at the front, as ROM's char_to_room does). */
  placeChar(ch: Char, room: Room): void {
    this.removeChar(ch);
    ch.room = room;
    room.people.unshift(ch);
  }

  removeChar(ch: Char): void {
    if (!ch.room) return;
    const i = ch.room.people.indexOf(ch);
    if (i >= 0) ch.room.people.splice(i, 1);
    ch.room = undefined;
  }

  /** Remove a dead NPC from the world for good. */
  extractMob(ch: Char): void {
    this.removeChar(ch);
    ch.extracted = true;
    const i = this.mobs.indexOf(ch);
    if (i >= 0) this.mobs.splice(i, 1);
  }

  counts(): { areas: number; rooms: number; mobiles: number; objects: number } {
    return {
      areas: this.areas.length,
      rooms: this.rooms.size,
      mobiles: this.mobDefs.size,
      objects: this.objDefs.size,
    };
  }
}
