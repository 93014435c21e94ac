// The live world: rooms linked by exits, object/mob factories, area resets (ROM reset_area, simplified)
// and Mud98's per-player instances of instanced areas (each player gets a private MUD School).

import type { Random } from '../../../src/util/random.ts';
import { type Char, type Obj, POS, type Room } from './entities.ts';
import type { AreaDef, MobDef, ObjDef, RoomDef, ShopDef } from './types.ts';

/** Ticks an empty instance survives before it is deleted (Mud98's grace period is ~6 minutes). */
export const INSTANCE_GRACE_TICKS = 6;

interface Instance {
  owner: string;
  area: AreaDef;
  rooms: Map<number, Room>;
  idleTicks: number;
  age: number;
}

export class World {
  readonly areas: AreaDef[];
  /** Shared rooms (and the templates of instanced areas). */
  readonly rooms = new Map<number, Room>();
  readonly mobDefs = new Map<number, MobDef>();
  readonly objDefs = new Map<number, ObjDef>();
  readonly shops = new Map<number, ShopDef>();
  readonly trainers = new Set<number>();
  readonly practicers = new Set<number>();
  /** Live NPCs, in creation order (deterministic iteration). */
  readonly mobs: Char[] = [];
  readonly roles: { start: number; recall: number; respawn: number; void: number };
  /** Per-player instances are on (else instanced areas are shared, one copy). */
  readonly instancing: boolean;
  private readonly instancedVnums = new Map<number, AreaDef>();
  /** key: `${area}\u0000${owner}` */
  private readonly instances = new Map<string, Instance>();
  private nextId = 1;
  private readonly areaAge = new Map<string, number>();
  /** Called when an instance is made or dropped (for logs). */
  onInstance: (what: 'created' | 'deleted', area: string, owner: string) => void = () => {};

  constructor(areas: AreaDef[], opts: { instancing?: boolean } = {}) {
    this.areas = areas;
    this.instancing = opts.instancing ?? true;
    const roles = { start: 0, recall: 0, respawn: 0, void: 0 };
    for (const a of areas) {
      for (const r of a.rooms) {
        this.rooms.set(r.vnum, newRoom(r, a.name));
        if (a.instanced && this.instancing) this.instancedVnums.set(r.vnum, a);
      }
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
      void: roles.void,
    };
    linkExits(this.rooms, (vnum) => this.rooms.get(vnum));
  }

  newId(): number {
    return this.nextId++;
  }

  /** A shared room (or an instanced area's template). Use roomFor() for anything a player enters. */
  room(vnum: number): Room | undefined {
    return this.rooms.get(vnum);
  }

  /** The room `vnum` as `owner` sees it: their private instance for instanced areas. */
  roomFor(owner: string, vnum: number, rng: Random): Room | undefined {
    const area = this.instancedVnums.get(vnum);
    if (!area) return this.rooms.get(vnum);
    return this.instance(area, owner, rng).rooms.get(vnum);
  }

  /** Where an exit leads for `ch`: exits from shared rooms into an instanced area go to ch's copy. */
  destination(ch: Char, to: Room, rng: Random): Room {
    if (to.instance !== undefined || !this.instancedVnums.has(to.vnum) || ch.isNpc) return to;
    return this.roomFor(ch.name, to.vnum, rng) ?? to;
  }

  private instance(area: AreaDef, owner: string, rng: Random): Instance {
    const key = `${area.name}\u0000${owner}`;
    let inst = this.instances.get(key);
    if (inst) return inst;
    const rooms = new Map<number, Room>();
    for (const r of area.rooms) rooms.set(r.vnum, { ...newRoom(r, area.name), instance: owner });
    linkExits(rooms, (vnum) => rooms.get(vnum) ?? this.rooms.get(vnum));
    inst = { owner, area, rooms, idleTicks: 0, age: 0 };
    this.instances.set(key, inst);
    this.resetRooms(area, rooms, rng);
    this.onInstance('created', area.name, owner);
    return inst;
  }

  /** Every live room: shared ones and all instance copies. */
  *allRooms(): Iterable<Room> {
    for (const [vnum, r] of this.rooms) if (!this.instancedVnums.has(vnum)) yield r;
    for (const inst of this.instances.values()) yield* inst.rooms.values();
  }

  get instanceCount(): number {
    return this.instances.size;
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

  /** One game tick: age areas and instances, reset those due, drop instances empty for long enough. */
  tickResets(rng: Random, onReset: (area: string) => void): void {
    for (const a of this.areas) {
      if (a.instanced && this.instancing) continue;
      const age = (this.areaAge.get(a.name) ?? 0) + 1;
      if (age >= (a.resetTicks ?? 3)) {
        this.resetRooms(a, this.rooms, rng);
        onReset(a.name);
        this.areaAge.set(a.name, 0);
      } else this.areaAge.set(a.name, age);
    }
    for (const [key, inst] of this.instances) {
      const occupied = [...inst.rooms.values()].some((r) => r.people.some((p) => !p.isNpc));
      inst.idleTicks = occupied ? 0 : inst.idleTicks + 1;
      if (inst.idleTicks >= INSTANCE_GRACE_TICKS) {
        for (const r of inst.rooms.values()) for (const m of [...r.people]) if (m.isNpc) this.extractMob(m);
        this.instances.delete(key);
        this.onInstance('deleted', inst.area.name, inst.owner);
        continue;
      }
      if (++inst.age >= (inst.area.resetTicks ?? 3)) {
        this.resetRooms(inst.area, inst.rooms, rng);
        inst.age = 0;
      }
    }
  }

  /** Repopulate missing mobs and floor objects of one area copy (`rooms` maps vnum -> live room). */
  resetRooms(a: AreaDef, rooms: Map<number, Room>, rng: Random): void {
    for (const rs of a.resets) {
      const room = rooms.get(rs.room);
      if (!room) continue;
      if ('mob' in rs) {
        const live = [...rooms.values()].reduce(
          (n, r) => n + r.people.filter((m) => m.proto?.vnum === rs.mob).length,
          0,
        );
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

  /** Populate the shared areas (instanced ones fill when a player first enters). */
  resetAll(rng: Random): void {
    for (const a of this.areas) if (!(a.instanced && this.instancing)) this.resetRooms(a, this.rooms, rng);
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

function newRoom(def: RoomDef, area: string): Room {
  return { def, vnum: def.vnum, area, exits: new Map(), people: [], contents: [] };
}

function linkExits(rooms: Map<number, Room>, resolve: (vnum: number) => Room | undefined): void {
  for (const room of rooms.values()) {
    for (const e of room.def.exits) {
      const to = resolve(e.to);
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
