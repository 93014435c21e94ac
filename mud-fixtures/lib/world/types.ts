// Area data model: prototypes as loaded from mud-fixtures/areas/*.json, and live instances.

export const DIRECTIONS = ['north', 'east', 'south', 'west', 'up', 'down'] as const;
export type Direction = (typeof DIRECTIONS)[number];
/** MSDP ROOM.EXITS keys, in DIRECTIONS order. */
export const DIR_SHORT: Record<Direction, string> = {
  north: 'N',
  east: 'E',
  south: 'S',
  west: 'W',
  up: 'U',
  down: 'D',
};
export const REVERSE_DIR: Record<Direction, Direction> = {
  north: 'south',
  east: 'west',
  south: 'north',
  west: 'east',
  up: 'down',
  down: 'up',
};

/** A door on an exit; state lives on the live exit. */
export interface DoorDef {
  keywords: string[];
  closed: boolean;
  locked?: boolean;
  key?: number;
}

export interface ExitDef {
  dir: Direction;
  to: number;
  door?: DoorDef;
  /** Shown by `look <dir>`. */
  description?: string;
}

/** Room roles the game logic looks for (recall temple, respawn altar, trainer room...). */
export interface RoomDef {
  vnum: number;
  name: string;
  /** Description lines without line ends. */
  description: string[];
  sector: string;
  flags: string[];
  exits: ExitDef[];
}

export interface MobDef {
  vnum: number;
  keywords: string[];
  /** "the aggressive monster": used in combat messages. */
  short: string;
  /** "The aggressive monster is here, looking for a fight.": the room line. */
  long: string;
  level: number;
  /** Hit points: fixed, or [min, max] rolled at reset. */
  hp: number | [number, number];
  /** Damage per hit [min, max]. */
  damage: [number, number];
  attack: string;
  flags: string[];
  align: number;
  gold?: number;
  /** Body part left behind on death ("leg"), an object vnum. */
  deathPart?: number;
}

export interface ObjDef {
  vnum: number;
  keywords: string[];
  short: string;
  long: string;
  type: string;
  /** Wear locations including "take": take, wield, body, shield, light, head, legs, feet, hands, arms. */
  wear: string[];
  flags: string[];
  level: number;
  cost: number;
  weight: number;
  /** Weapons: damage [min, max] and attack noun. */
  weapon?: { damage: [number, number]; attack: string; kind: string };
  /** Armour class bonus. */
  armor?: number;
  /** Food: hours of fullness. */
  food?: number;
}

export type ResetDef =
  | { mob: number; room: number; max?: number; equip?: number[]; give?: number[] }
  | { obj: number; room: number };

export interface ShopDef {
  keeper: number;
  /** Object types the keeper buys. */
  buys: string[];
  /** Sale price as a percentage of cost. */
  profitBuy: number;
  /** Purchase price as a percentage of cost. */
  profitSell: number;
  /** Object vnums always in stock. */
  stock: number[];
}

/** One area file. `roles` maps well-known rooms to vnums (only one area sets each). */
export interface AreaDef {
  name: string;
  vnums: [number, number];
  /** Area reset period in game ticks. */
  resetTicks?: number;
  /** Every player gets a private copy (Mud98 multi-instance MUD School). */
  instanced?: boolean;
  roles?: Partial<Record<'start' | 'recall' | 'respawn' | 'void', number>>;
  rooms: RoomDef[];
  mobiles: MobDef[];
  objects: ObjDef[];
  resets: ResetDef[];
  shops: ShopDef[];
  /** Mob vnums that train stats / teach skills. */
  trainers?: number[];
  practicers?: number[];
}
