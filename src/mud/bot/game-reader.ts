// GameReader: turns what a MudSession emits (lines, prompts, BOT lines, MSDP) into GameEvents, using
// the pattern table for plain text and RoomBlock for rooms. No sockets, no timers: feed it, read the
// events it returns.
//
//   line ──► pattern table ──► BotEvent(s)            ("Your slash scratches ..." -> hit)
//        └─► unclassified ──► pending (title candidates) ─┐
//   BOT ROOM / "[Exits: ...]" / expectRoom() ─────────────┴► RoomBlock ── prompt ──► room event
//   prompt ──► vitals + ends open blocks (room, inventory, equipment, exits)
//   MSDP ──► stats / room (vnum, name, exits)
import type { MsdpPair, MsdpValue } from '../protocols/msdp.ts';
import type { BotLine } from '../text/bot-lines.ts';
import { parseStatusPrompt } from '../text/prompts.ts';
import type { BotEvent, ExitSeen, Position, StatsPatch } from './bot-events.ts';
import { toDirection } from './bot-events.ts';
import { type GamePattern, ROM_PATTERNS } from './patterns.ts';
import { RoomBlock } from './room-block.ts';

/** Unclassified lines remembered since the last prompt (title and description candidates). */
const MAX_PENDING = 40;

const POSITIONS: Position[] = [
  'dead',
  'mortal',
  'incap',
  'stunned',
  'sleeping',
  'resting',
  'sitting',
  'fighting',
  'standing',
];

const MSDP_STATS: Record<string, keyof StatsPatch> = {
  HEALTH: 'hp',
  HEALTH_MAX: 'maxHp',
  MANA: 'mana',
  MANA_MAX: 'maxMana',
  MOVEMENT: 'move',
  MOVEMENT_MAX: 'maxMove',
  LEVEL: 'level',
  EXPERIENCE: 'xp',
  MONEY: 'gold',
  ALIGNMENT: 'alignment',
};

interface OpenList {
  pattern: GamePattern;
  items: [string, string][];
}

/** Reads one connection's game output. */
export class GameReader {
  private readonly global: readonly GamePattern[];
  private readonly roomScoped: readonly GamePattern[];
  private block: RoomBlock | undefined;
  private list: OpenList | undefined;
  private pending: string[] = [];
  private expecting = false;
  private msdpRoom: { vnum?: number; title?: string; exits?: ExitSeen[]; area?: string } | undefined;
  /** Lines that matched no pattern (counted for tests and tuning of the table). */
  unmatched = 0;
  /** The last line given to line() matched an `ambient` pattern (others' doings, not an answer). */
  lastAmbient = false;
  /** Non-blank lines since the last prompt, and whether any was not ambient. */
  private segment = { lines: 0, answered: false };
  private readonly mobWordsOf: () => ReadonlySet<string>;

  /**
   * `mobWords`: keywords that mark a plain-text room line as a mobile (see RoomBlock); a function is
   * asked again for every room block (the bot's targets can change while it plays).
   */
  constructor(
    patterns: readonly GamePattern[] = ROM_PATTERNS,
    opts: { mobWords?: Iterable<string> | (() => ReadonlySet<string>) } = {},
  ) {
    const words = opts.mobWords;
    if (typeof words === 'function') this.mobWordsOf = words;
    else {
      const fixed = new Set([...(words ?? [])].map((w) => w.toLowerCase()));
      this.mobWordsOf = () => fixed;
    }
    this.global = patterns.filter((p) => p.scope !== 'room');
    this.roomScoped = patterns.filter((p) => p.scope === 'room');
  }

  /** The next unclassified line is a room title (a move, look, recall or flee was sent). */
  expectRoom(): void {
    this.expecting = true;
  }

  /** True while a room block is open. */
  get inRoomBlock(): boolean {
    return this.block !== undefined;
  }

  /** One complete line (ANSI stripped). BOT lines are handled by bot(), not here. */
  /**
   * The events the table's first matching (non-block) entry gives `text`, with no state kept or
   * changed: for text that did not come as a line (a refusal the connection handed over as a prompt,
   * its line end not yet read).
   */
  match(text: string): BotEvent[] {
    for (const p of this.global) {
      if (p.block) continue;
      p.pattern.lastIndex = 0;
      const m = p.pattern.exec(text);
      if (!m) continue;
      const ev = p.event?.(m);
      return ev ? (Array.isArray(ev) ? ev : [ev]) : [];
    }
    return [];
  }

  line(text: string): BotEvent[] {
    const out = this.readLine(text);
    if (text.trim() !== '') {
      this.segment.lines++;
      if (!this.lastAmbient) this.segment.answered = true;
    }
    return out;
  }

  private readLine(text: string): BotEvent[] {
    this.lastAmbient = false;
    if (text.startsWith('[BOT:')) return [];
    if (this.list) {
      const m = this.list.pattern.block!.item.exec(text);
      if (m) {
        const item = this.list.pattern.block!.collect(m);
        if (item && this.list.items.length < 200) this.list.items.push(item);
        return [];
      }
      const done = this.closeList();
      return [...done, ...this.readLine(text)];
    }
    const out: BotEvent[] = [];
    for (const p of this.global) {
      p.pattern.lastIndex = 0;
      const m = p.pattern.exec(text);
      if (!m) continue;
      if (p.block) {
        this.list = { pattern: p, items: [] };
        return out;
      }
      this.lastAmbient = p.ambient === true;
      const ev = p.event?.(m);
      if (ev) out.push(...(Array.isArray(ev) ? ev : [ev]));
      for (const e of out) if (e.kind === 'died' || e.kind === 'fled') this.expecting = true;
      return out;
    }
    if (this.block) {
      this.roomLine(text);
      return out;
    }
    if (text.trim() === '') return out;
    for (const p of this.roomScoped) {
      // An exits line outside a block: the block started with the first pending line.
      if (p.name !== 'room-exits') continue;
      const m = p.pattern.exec(text);
      if (m && this.pending.length > 0) {
        const [title, ...desc] = this.pending;
        this.pending = [];
        this.block = new RoomBlock(title, desc, this.mobWordsOf());
        this.block.exitsLine(m[1]);
        this.expecting = false;
        return out;
      }
    }
    if (this.expecting && !/^\s/.test(text)) {
      this.expecting = false;
      this.block = new RoomBlock(text, [], this.mobWordsOf());
      this.pending = [];
      return out;
    }
    this.unmatched++;
    if (this.pending.length < MAX_PENDING) this.pending.push(text);
    return out;
  }

  /** A parsed [BOT:...] line. A BOT ROOM line opens a block titled by the line before it. */
  bot(line: BotLine): BotEvent[] {
    if (line.kind === 'room') {
      const out = this.block ? this.closeBlock() : [];
      const title = this.pending.length > 0 ? this.pending[this.pending.length - 1] : '';
      this.pending = [];
      this.expecting = false;
      this.block = new RoomBlock(title, [], this.mobWordsOf());
      this.block.bot(line);
      return out;
    }
    this.block?.bot(line);
    return [];
  }

  /** A prompt ends every open block; a status prompt also carries vitals. */
  prompt(text: string): BotEvent[] {
    const out: BotEvent[] = [...this.closeList(), ...this.closeBlock()];
    this.pending = [];
    // A room answers its command before the prompt, or not at all; a prompt after only others' doings
    // (ambient lines) is not that answer.
    if (this.segment.lines === 0 || this.segment.answered) this.expecting = false;
    this.segment = { lines: 0, answered: false };
    const v = parseStatusPrompt(text);
    if (v) {
      out.push({ kind: 'prompt', text, hp: v.hp, mana: v.mana, move: v.moves });
      out.push({ kind: 'stats', source: 'prompt', stats: { hp: v.hp, mana: v.mana, move: v.moves } });
    } else out.push({ kind: 'prompt', text });
    return out;
  }

  /** MSDP (or MSDP over GMCP) values. */
  msdp(pairs: readonly MsdpPair[]): BotEvent[] {
    const out: BotEvent[] = [];
    const stats: StatsPatch = {};
    let any = false;
    for (const { name, value } of pairs) {
      const key = MSDP_STATS[name];
      if (key && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
        (stats as Record<string, number>)[key] = Number(value);
        any = true;
      } else if (name === 'POSITION' && typeof value === 'string') {
        const p = POSITIONS[Number(value)];
        if (p) out.push({ kind: 'position', position: p });
      } else if (name === 'ROOM_VNUM' && typeof value === 'string' && /^\d+$/.test(value)) {
        this.msdpRoom = { ...this.msdpRoom, vnum: Number(value) };
      } else if (name === 'ROOM' && isTable(value)) {
        const room = msdpRoomOf(value);
        if (room) {
          this.msdpRoom = room;
          out.push({
            kind: 'room',
            room: {
              vnum: room.vnum,
              title: room.title ?? '',
              exits: room.exits,
              mobs: [],
              objs: [],
              area: room.area,
              flags: [],
              source: 'msdp',
              lines: [],
            },
          });
        }
      }
    }
    if (any) out.unshift({ kind: 'stats', source: 'msdp', stats });
    return out;
  }

  private roomLine(text: string): void {
    const block = this.block!;
    for (const p of this.roomScoped) {
      const m = p.pattern.exec(text);
      if (!m) continue;
      if (p.name === 'room-exits') block.exitsLine(m[1]);
      else if (p.name === 'room-corpse') block.corpse(m[1]);
      else if (p.name === 'room-mob') block.mob(m[1], text);
      return;
    }
    if (text.trim() !== '') block.text(text);
  }

  private closeBlock(): BotEvent[] {
    if (!this.block) return [];
    const b = this.block;
    this.block = undefined;
    const m = this.msdpRoom;
    if (m && (m.title === undefined || m.title === b.title)) b.merge(m);
    this.msdpRoom = undefined; // one MSDP ROOM per move: never merge it into a later block
    return [{ kind: 'room', room: b.finish() }];
  }

  private closeList(): BotEvent[] {
    if (!this.list) return [];
    const { pattern, items } = this.list;
    this.list = undefined;
    return [pattern.block!.end(items)];
  }
}

function isTable(v: MsdpValue): v is Record<string, MsdpValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** MSDP ROOM: { VNUM, NAME, AREA, TERRAIN, EXITS: { N: '3703', ... } } (Mud98 shape). */
function msdpRoomOf(
  t: Record<string, MsdpValue>,
): { vnum?: number; title?: string; exits?: ExitSeen[]; area?: string } | undefined {
  const vnum = typeof t.VNUM === 'string' && /^\d+$/.test(t.VNUM) ? Number(t.VNUM) : undefined;
  const title = typeof t.NAME === 'string' ? t.NAME : undefined;
  if (vnum === undefined && title === undefined) return undefined;
  let exits: ExitSeen[] | undefined;
  if (t.EXITS !== undefined && isTable(t.EXITS)) {
    exits = [];
    for (const [k, v] of Object.entries(t.EXITS)) {
      const dir = toDirection(k);
      if (dir && typeof v === 'string' && /^\d+$/.test(v)) exits.push({ dir, vnum: Number(v), flags: [] });
    }
  }
  return { vnum, title, exits, area: typeof t.AREA === 'string' ? t.AREA : undefined };
}
