// WorldModel: what one bot knows. Rooms keyed by vnum (or title + exits when the server gives none),
// a map that grows as the bot walks (each move links the room it left to the room it reached),
// shortest paths over it, where mobs were seen, the character's numbers, inventory and equipment.
// Fed GameEvents by the bot; read by behaviours. Bounded: at most `maxRooms` rooms, `maxSightings`.
import type {
  BotEvent,
  ExitSeen,
  MobSeen,
  MudDirection,
  ObjSeen,
  Position,
  RoomSeen,
  StatsPatch,
} from './bot-events.ts';
import { REVERSE } from './bot-events.ts';

/** One exit of a known room. `to` is the key of the room it leads to, once known. */
export interface ExitNode {
  dir: MudDirection;
  to?: string;
  vnum?: number;
  door?: boolean;
  closed?: boolean;
  /** The server said there is no way there ("Alas, you cannot go that way."). */
  dead?: boolean;
}

/** One known room. */
export interface RoomNode {
  key: string;
  vnum?: number;
  title: string;
  area?: string;
  flags: string[];
  exits: Map<MudDirection, ExitNode>;
  /** False when no source has listed this room's exits yet. */
  exitsKnown: boolean;
  mobs: MobSeen[];
  objs: ObjSeen[];
  /** Monotonic ms of the last look. */
  seenAt: number;
  visits: number;
}

/** Where a mob was last seen, and whether it was killed there since. */
export interface Sighting {
  mob: MobSeen;
  room: string;
  /** Monotonic ms. */
  at: number;
  killedAt?: number;
}

/** The character's numbers; undefined until the game said. */
export interface BotStats extends StatsPatch {
  position: Position;
}

/** Limits of a world model. */
export interface WorldOptions {
  maxRooms?: number;
  maxSightings?: number;
}

/** Positions in which a character can do nothing but wait (ROM: stunned and worse). */
export const WOUNDED: ReadonlySet<Position> = new Set(['dead', 'mortal', 'incap', 'stunned']);

/** Room key for a vnum. */
export const vnumKey = (vnum: number) => `#${vnum}`;

function textKey(room: { title: string; exits?: readonly { dir: MudDirection }[] }): string {
  const dirs = room.exits
    ? room.exits
        .map((e) => e.dir)
        .sort()
        .join(',')
    : '?';
  return `${room.title}|${dirs}`;
}

/** What one bot knows about the game. */
export class WorldModel {
  readonly rooms = new Map<string, RoomNode>();
  /** The room the bot is in (undefined before the first look). */
  current: RoomNode | undefined;
  stats: BotStats = { position: 'standing' };
  inventory: string[] = [];
  equipment: Record<string, string> = {};
  /** Name of who the bot is fighting (undefined when not fighting). */
  target: string | undefined;
  /** mob keyword+room -> sighting. */
  readonly sightings = new Map<string, Sighting>();
  /** Items picked up since the last `wear`. */
  newItems: string[] = [];
  /** A kill happened here and the corpse is not looted yet: room key. */
  lootRoom: string | undefined;
  /** Increments on every change; behaviours may cache on it. */
  version = 0;
  /** Where the bot started (first room seen). */
  home: RoomNode | undefined;
  private pendingMove: { from: string; dir: MudDirection } | undefined;
  /** Stats the server reports as absolute values over MSDP: text events must not add to them too. */
  private readonly msdpFields = new Set<string>();
  private readonly maxRooms: number;
  private readonly maxSightings: number;

  constructor(opts: WorldOptions = {}) {
    this.maxRooms = opts.maxRooms ?? 20_000;
    this.maxSightings = opts.maxSightings ?? 2_000;
  }

  /** Health in percent of the maximum (100 when unknown). */
  get hpPercent(): number {
    const { hp, maxHp } = this.stats;
    if (hp === undefined || maxHp === undefined || maxHp <= 0) return 100;
    return (100 * hp) / maxHp;
  }

  /** Movement in percent of the maximum (100 when unknown). */
  get movePercent(): number {
    const { move, maxMove } = this.stats;
    if (move === undefined || maxMove === undefined || maxMove <= 0) return 100;
    return (100 * move) / maxMove;
  }

  /** True while in combat. */
  get fighting(): boolean {
    return this.stats.position === 'fighting';
  }

  /** The bot sent a direction: the next room seen is linked from here. */
  moveSent(dir: MudDirection): void {
    if (this.current) this.pendingMove = { from: this.current.key, dir };
  }

  /** Apply one event. `now` is monotonic ms. */
  apply(ev: BotEvent, now: number): void {
    switch (ev.kind) {
      case 'room':
        this.observe(ev.room, now);
        break;
      case 'stats':
        if (ev.source === 'msdp') for (const k of Object.keys(ev.stats)) this.msdpFields.add(k);
        this.patchStats(ev.stats);
        break;
      case 'position':
        this.stats.position = ev.position;
        break;
      case 'no-exit':
      case 'door-closed':
        this.moveFailed(ev.kind === 'door-closed');
        break;
      case 'hit':
      case 'fighting':
        // Stunned, incapacitated or dying: still hit, but not fighting back.
        if (!WOUNDED.has(this.stats.position)) this.stats.position = 'fighting';
        if (ev.kind === 'hit') this.target ??= ev.who;
        break;
      case 'kill':
        this.killed(ev.victim, now);
        this.endFight();
        break;
      case 'died':
        this.stats.position = 'resting';
        this.target = undefined;
        this.inventory = [];
        this.pendingMove = undefined;
        break;
      case 'fled':
        this.endFight();
        this.pendingMove = undefined;
        break;
      case 'not-fighting':
        this.endFight();
        break;
      case 'got':
        this.inventory.push(ev.item);
        if (this.newItems.length < 50) this.newItems.push(ev.item);
        break;
      case 'wore': {
        const i = this.inventory.indexOf(ev.item);
        if (i >= 0) this.inventory.splice(i, 1);
        break;
      }
      case 'inventory':
        this.inventory = ev.items;
        break;
      case 'equipment':
        this.equipment = ev.slots;
        break;
      case 'gold':
        if (!this.msdpFields.has('gold')) this.stats.gold = (this.stats.gold ?? 0) + ev.amount;
        break;
      case 'xp':
        if (this.stats.xp !== undefined && !this.msdpFields.has('xp')) this.stats.xp += ev.amount;
        if (this.stats.xpToLevel !== undefined) this.stats.xpToLevel -= ev.amount;
        break;
      case 'level':
        // MSDP LEVEL may have said it already (before or after this line): never count it twice.
        if (!this.msdpFields.has('level')) this.stats.level = (this.stats.level ?? 1) + 1;
        this.stats.xpToLevel = undefined;
        break;
      default:
        return;
    }
    this.version++;
  }

  /** End of a fight by whatever means. */
  endFight(): void {
    if (this.stats.position === 'fighting') this.stats.position = 'standing';
    this.target = undefined;
    this.version++;
  }

  /** Shortest list of directions from the current room to `goal` over known exits, or undefined. */
  path(goal: string, from = this.current?.key): MudDirection[] | undefined {
    if (from === undefined) return undefined;
    if (from === goal) return [];
    const prev = new Map<string, { key: string; dir: MudDirection }>([[from, { key: from, dir: 'north' }]]);
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
      const room = this.rooms.get(queue[i]);
      if (!room) continue;
      for (const e of room.exits.values()) {
        if (e.dead || e.to === undefined || prev.has(e.to)) continue;
        if (e.to !== goal && !this.rooms.has(e.to)) continue;
        prev.set(e.to, { key: room.key, dir: e.dir });
        if (e.to === goal) return unwind(prev, from, goal);
        queue.push(e.to);
      }
    }
    return undefined;
  }

  /**
   * An exit leading somewhere not yet visited, as the path to its room plus the exit's direction:
   * of those the bot can reach, the one in the room nearest the home room (breadth-first from home),
   * then the nearest to the bot. Exploring outward from home maps the start room's neighbourhood
   * (where ROM keeps the trainer and the practice master) before a one-way exit can cut it off, as
   * Mud98's MUD School does past 3703 (north into 3709 has no way back). Without a home (or from a
   * room home does not reach): the nearest. `allow(room, exit)` filters candidates (e.g. stay within
   * a vnum range).
   */
  frontier(allow: (room: RoomNode, exit: ExitNode) => boolean = () => true): MudDirection[] | undefined {
    const start = this.current;
    if (!start) return undefined;
    const fromHome = this.home ? this.distances(this.home.key) : new Map<string, number>();
    const prev = new Map<string, { key: string; dir: MudDirection }>([
      [start.key, { key: start.key, dir: 'north' }],
    ]);
    const queue = [start.key];
    let best: { room: string; dir: MudDirection; rank: number } | undefined;
    for (let i = 0; i < queue.length; i++) {
      const room = this.rooms.get(queue[i]);
      if (!room) continue;
      const near = fromHome.get(room.key) ?? Number.POSITIVE_INFINITY;
      for (const e of room.exits.values()) {
        if (e.dead) continue;
        const known = e.to !== undefined && this.rooms.has(e.to);
        if (!known) {
          // Rooms come off the queue nearest first: a later one wins only by being nearer home. A closed
          // door goes after every open way: behind Mud98's entrance door (3700 south) is the arena,
          // whose every room leads up into a safe room (3760) that leads only out of MUD School.
          const rank = near + (e.closed ? CLOSED_DOOR_RANK : 0);
          if (allow(room, e) && (!best || rank < best.rank)) best = { room: room.key, dir: e.dir, rank };
          continue;
        }
        if (prev.has(e.to!)) continue;
        prev.set(e.to!, { key: room.key, dir: e.dir });
        queue.push(e.to!);
      }
    }
    return best && [...unwind(prev, start.key, best.room), best.dir];
  }

  /** Steps from `from` to every known room it reaches over known exits. */
  private distances(from: string): Map<string, number> {
    const dist = new Map<string, number>([[from, 0]]);
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
      const d = dist.get(queue[i])!;
      for (const e of this.rooms.get(queue[i])?.exits.values() ?? []) {
        if (e.dead || e.to === undefined || dist.has(e.to) || !this.rooms.has(e.to)) continue;
        dist.set(e.to, d + 1);
        queue.push(e.to);
      }
    }
    return dist;
  }

  /** Known rooms matching `pred`, nearest first (by path length; unreachable ones last). */
  findRooms(pred: (room: RoomNode) => boolean): RoomNode[] {
    const hits = [...this.rooms.values()].filter(pred);
    const dist = (r: RoomNode) => this.path(r.key)?.length ?? Number.POSITIVE_INFINITY;
    return hits
      .map((r) => ({ r, d: dist(r) }))
      .sort((a, b) => a.d - b.d)
      .map((x) => x.r);
  }

  /** Sightings of mobs matching `pred` that were not killed since (or were killed before `respawnBefore`). */
  whereSeen(pred: (m: MobSeen) => boolean, respawnBefore = Number.NEGATIVE_INFINITY): Sighting[] {
    return [...this.sightings.values()].filter(
      (s) => pred(s.mob) && (s.killedAt === undefined || s.killedAt < respawnBefore),
    );
  }

  private patchStats(p: StatsPatch): void {
    for (const [k, v] of Object.entries(p)) {
      if (v !== undefined) (this.stats as unknown as Record<string, unknown>)[k] = v;
    }
    if (p.hp !== undefined && (this.stats.maxHp === undefined || p.hp > this.stats.maxHp)) {
      // Before the first score/MSDP, the highest hp seen is the best guess at the maximum.
      if (this.stats.maxHp === undefined) this.stats.maxHp = p.hp;
    }
  }

  private moveFailed(door: boolean): void {
    const pm = this.pendingMove;
    this.pendingMove = undefined;
    if (!pm) return;
    const room = this.rooms.get(pm.from);
    if (!room) return;
    const e = room.exits.get(pm.dir);
    if (door) {
      if (e) e.closed = true;
      else room.exits.set(pm.dir, { dir: pm.dir, door: true, closed: true });
    } else if (e) e.dead = true;
    else room.exits.set(pm.dir, { dir: pm.dir, dead: true });
  }

  private killed(victim: string, now: number): void {
    const v = victim.toLowerCase();
    const room = this.current;
    if (room) {
      this.lootRoom = room.key;
      const i = room.mobs.findIndex((m) => v.includes(m.keyword) || m.name.toLowerCase() === v);
      if (i >= 0) {
        const [mob] = room.mobs.splice(i, 1);
        const s = this.sightings.get(sightingKey(mob, room.key));
        if (s) s.killedAt = now;
      }
    }
  }

  private observe(seen: RoomSeen, now: number): void {
    const moved = this.pendingMove;
    let node: RoomNode | undefined;
    if (seen.vnum !== undefined) node = this.rooms.get(vnumKey(seen.vnum));
    else if (!moved && this.current && (seen.title === this.current.title || seen.title === '')) {
      node = this.current; // a look (or the text after MSDP ROOM) at the room we are in
    } else if (seen.exits) node = this.rooms.get(textKey(seen));
    else node = this.rooms.get(textKey(seen)) ?? this.findByTitle(seen.title);
    if (!node) {
      if (this.rooms.size >= this.maxRooms) return;
      const key = seen.vnum !== undefined ? vnumKey(seen.vnum) : textKey(seen);
      node = {
        key,
        vnum: seen.vnum,
        title: seen.title,
        area: seen.area,
        flags: seen.flags,
        exits: new Map(),
        exitsKnown: false,
        mobs: [],
        objs: [],
        seenAt: now,
        visits: 0,
      };
      this.rooms.set(key, node);
    }
    if (seen.title) node.title = seen.title;
    if (seen.area) node.area = seen.area;
    if (seen.flags.length) node.flags = seen.flags;
    if (seen.exits) this.setExits(node, seen.exits, seen.source === 'text');
    if (seen.source !== 'msdp') {
      // Mobs seen here before and gone now count as gone (killed, or wandered off) until seen again.
      for (const old of node.mobs) {
        if (seen.mobs.some((m) => sightingKey(m, node.key) === sightingKey(old, node.key))) continue;
        const s = this.sightings.get(sightingKey(old, node.key));
        if (s) s.killedAt ??= now;
      }
      node.mobs = seen.mobs;
      node.objs = seen.objs;
      for (const mob of seen.mobs) this.sight(mob, node.key, now);
      if (
        this.lootRoom === node.key &&
        !seen.objs.some((o) => o.type?.includes('corpse') || o.keyword === 'corpse')
      )
        this.lootRoom = undefined;
    }
    node.seenAt = now;
    const arrived = node !== this.current;
    if (moved) {
      const from = this.rooms.get(moved.from);
      const e = from?.exits.get(moved.dir);
      if (from && from !== node) {
        if (e) e.to = node.key;
        else from.exits.set(moved.dir, { dir: moved.dir, to: node.key });
        const back = node.exits.get(REVERSE[moved.dir]);
        if (back && back.to === undefined) back.to = from.key;
      }
      this.pendingMove = undefined;
    }
    if (arrived) node.visits++;
    this.current = node;
    this.home ??= node;
  }

  private findByTitle(title: string): RoomNode | undefined {
    for (const r of this.rooms.values()) if (r.title === title && !r.exitsKnown) return r;
    return undefined;
  }

  /**
   * `text`: from an exits line, which in ROM leaves closed doors out ([Exits: north] where the room
   * says "a door to the west"). An exit the bot knows where it leads (it went through, or MSDP/BOT
   * lines named it) and that the line no longer lists is kept as a closed door, so the walker opens it
   * (on Mud98 an area reset closes 3719's west door behind a bot, whose map then had no way back
   * to the cages). Gone for good, the next try says "Alas, you cannot go that way." and marks it dead.
   */
  private setExits(node: RoomNode, exits: readonly ExitSeen[], text = false): void {
    const next = new Map<MudDirection, ExitNode>();
    if (text)
      for (const old of node.exits.values())
        if (old.to !== undefined && !old.dead && !exits.some((x) => x.dir === old.dir))
          next.set(old.dir, { ...old, door: true, closed: true });
    for (const x of exits) {
      const old = node.exits.get(x.dir);
      const to = x.vnum !== undefined ? vnumKey(x.vnum) : old?.to;
      next.set(x.dir, {
        dir: x.dir,
        to,
        vnum: x.vnum ?? old?.vnum,
        door: x.flags.includes('door') || old?.door,
        closed: x.flags.includes('closed'),
      });
    }
    node.exits = next;
    node.exitsKnown = true;
  }

  private sight(mob: MobSeen, room: string, now: number): void {
    const key = sightingKey(mob, room);
    const s = this.sightings.get(key);
    if (s) {
      s.mob = mob;
      s.at = now;
      s.killedAt = undefined;
      return;
    }
    if (this.sightings.size >= this.maxSightings) {
      const oldest = this.sightings.keys().next().value;
      if (oldest !== undefined) this.sightings.delete(oldest);
    }
    this.sightings.set(key, { mob, room, at: now });
  }
}

function sightingKey(mob: MobSeen, room: string): string {
  return `${mob.vnum ?? mob.name}@${room}`;
}

/** Added to a closed door's distance from home when choosing what to explore: open ways first. */
const CLOSED_DOOR_RANK = 1_000_000;

function unwind(
  prev: Map<string, { key: string; dir: MudDirection }>,
  from: string,
  goal: string,
): MudDirection[] {
  const dirs: MudDirection[] = [];
  let at = goal;
  while (at !== from) {
    const p = prev.get(at)!;
    dirs.push(p.dir);
    at = p.key;
  }
  return dirs.reverse();
}
