// One room block being read: the title line, then BOT lines (PLR_BOT characters) or description,
// "[Exits: ...]", objects and people (plain text), up to the prompt. Finished into a RoomSeen.
import type { BotLine } from '../text/bot-lines.ts';
import type { ExitSeen, MobSeen, ObjSeen, RoomSeen } from './bot-events.ts';
import { toDirection } from './bot-events.ts';
import { keywordOf } from './patterns.ts';

/** Lines of description/other text kept per block. */
const MAX_BLOCK_LINES = 40;

/** An object line of a ROM room listing: "     a sword" or "( 2) a sword". */
const OBJECT_LINE = /^(?: {4,}|\s*\(\s*\d+\)\s)\S/;

/** "     The severed head of the monster is lying here." -> "head". */
export function objectKeyword(line: string): string {
  const phrase = line
    .replace(/^\s*(?:\(\s*\d+\)\s*)?(?:\([^)]*\)\s*)*/, '')
    .split(/ (?:is|are|lies|has been|have been) /)[0]
    .split(' of ')[0];
  const words = phrase
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  return words[words.length - 1] ?? 'thing';
}

/** "Entrance to Mud School [Room 3700]" (immortals) -> title and vnum. */
export function splitTitle(line: string): { title: string; vnum?: number } {
  const m = /^(.*?)\s+\[Room (\d+)\]$/.exec(line);
  return m ? { title: m[1].trim(), vnum: Number(m[2]) } : { title: line.trim() };
}

/** Collects one room block. */
export class RoomBlock {
  readonly title: string;
  private vnum: number | undefined;
  private source: RoomSeen['source'] = 'text';
  private exits: ExitSeen[] | undefined;
  private readonly mobs: MobSeen[] = [];
  private readonly objs: ObjSeen[] = [];
  private flags: string[] = [];
  private readonly lines: string[] = [];
  private afterExits = false;
  private readonly mobWords: ReadonlySet<string>;

  /**
   * `mobWords`: keywords that mark a line as a mobile in plain text (ROM long descriptions are free
   * text: "A wimpy monster cowers in the corner."). Only lines after the "[Exits: ...]" line are
   * checked: ROM prints the description, then the exits (autoexit), then objects and people, so
   * without an exits line a description that mentions a monster cannot be told from one.
   */
  constructor(
    titleLine: string,
    description: readonly string[] = [],
    mobWords: ReadonlySet<string> = new Set(),
  ) {
    const t = splitTitle(titleLine);
    this.title = t.title;
    this.vnum = t.vnum;
    this.mobWords = mobWords;
    for (const d of description) this.text(d);
  }

  /** A parsed PLR_BOT line. */
  bot(line: BotLine): void {
    this.source = 'bot';
    switch (line.kind) {
      case 'room':
        this.vnum = line.vnum;
        this.flags = line.flags;
        this.exits ??= [];
        break;
      case 'exit': {
        const dir = toDirection(line.dir);
        if (!dir) break;
        this.exits ??= [];
        this.exits.push({ dir, vnum: line.vnum, flags: line.flags });
        break;
      }
      case 'mob': {
        const words = line.name.split(/\s+/).filter(Boolean);
        this.mobs.push({
          name: line.name,
          keyword: (words[0] ?? line.name).toLowerCase(),
          vnum: line.vnum,
          level: line.level,
          flags: line.flags,
          hpPercent: line.hpPercent,
        });
        break;
      }
      case 'obj': {
        const words = line.name.split(/\s+/).filter(Boolean);
        this.objs.push({
          name: line.name,
          keyword: (words[0] ?? line.name).toLowerCase(),
          vnum: line.vnum,
          type: line.type,
          wear: line.wear,
        });
        break;
      }
      default:
        break;
    }
  }

  /** "[Exits: north south]" (autoexit). */
  exitsLine(list: string): void {
    const exits: ExitSeen[] = [];
    for (const word of list.split(/\s+/)) {
      const dir = toDirection(word.replace(/[()]/g, ''));
      if (dir) exits.push({ dir, flags: word.startsWith('(') ? ['door', 'closed'] : [] });
    }
    this.exits = exits;
    this.afterExits = true;
  }

  /** A person/mobile line ("The wimpy monster is here, ..."): `name` is the part before "is here". */
  mob(name: string, line?: string): void {
    const clean = name.trim();
    this.mobs.push({ name: clean, keyword: keywordOf(clean), flags: [], ...(line && { line: line.trim() }) });
  }

  /** "The corpse of X is lying here." */
  corpse(of: string): void {
    this.objs.push({ name: `the corpse of ${of}`, keyword: 'corpse', type: 'npccorpse', wear: ['take'] });
  }

  /** Any other line: description, objects, or a mobile named by one of `mobWords`. */
  text(line: string): void {
    // ROM lists objects indented by five spaces, or "( 2) " when combined; people are not indented.
    if (this.afterExits && OBJECT_LINE.test(line)) {
      this.objs.push({ name: line.trim(), keyword: objectKeyword(line), wear: [] });
      return;
    }
    if (this.afterExits) {
      const word = line
        .toLowerCase()
        .split(/[^a-z]+/)
        .find((w) => this.mobWords.has(w));
      if (word) {
        this.mobs.push({ name: line.trim(), keyword: word, flags: [] });
        return;
      }
    }
    if (this.lines.length < MAX_BLOCK_LINES) this.lines.push(line);
  }

  /** Fill vnum/exits from MSDP ROOM when the text block lacks them. */
  merge(msdp: { vnum?: number; exits?: ExitSeen[]; area?: string } | undefined): void {
    if (!msdp) return;
    this.vnum ??= msdp.vnum;
    if (msdp.exits && (this.exits === undefined || this.exits.every((e) => e.vnum === undefined))) {
      this.exits = msdp.exits;
    }
  }

  finish(): RoomSeen {
    return {
      vnum: this.vnum,
      title: this.title,
      exits: this.exits,
      mobs: this.mobs,
      objs: this.objs,
      flags: this.flags,
      source: this.source,
      lines: this.lines,
      exitsLine: this.afterExits,
    };
  }
}
