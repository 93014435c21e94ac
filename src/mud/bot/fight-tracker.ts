// FightTracker: one fight from its first blow (or `kill`) to its outcome, from GameEvents and prompts.
// ROM prints a condition line ("The wimpy monster has quite a few wounds.") before every prompt while
// fighting, so a prompt without one means the fight is over, whatever ended it. A won fight stays
// open until the prompt after "is DEAD!!" so the "You receive N experience points." line that follows
// it counts.
import type { BotEvent } from './bot-events.ts';

/** How a fight ended. */
export type FightOutcomeKind =
  | 'won'
  | 'died'
  | 'fled'
  /** The target ran away ("$n has fled!"). */
  | 'target-fled'
  /** `kill` found nobody by that name. */
  | 'no-target'
  /** Combat stopped without a recognised end (prompts without a condition line). */
  | 'ended';

/** One finished fight. */
export interface FightRecord {
  target: string;
  outcome: FightOutcomeKind;
  /** Prompts during the fight (one per combat round, plus command prompts). */
  rounds: number;
  durationMs: number;
  /** Experience from this fight (sum of "You receive N experience points."), when any. */
  xp: number | undefined;
  /** The opponent's last condition as the MUD printed it ("has quite a few wounds."). */
  condition: string | undefined;
  hitsGiven: number;
  hitsTaken: number;
  /** Lines of the fight (bounded to MAX_FIGHT_LINES, last kept). */
  lines: string[];
  /** Unix ms when it started. */
  startedAt: number;
  /** Unix ms when it ended. */
  t: number;
}

/** Lines kept per fight record. */
export const MAX_FIGHT_LINES = 40;

interface Open extends Omit<FightRecord, 'outcome' | 'durationMs' | 't'> {
  startMs: number;
  outcome?: FightOutcomeKind;
  quietPrompts: number;
  sawCondition: boolean;
  sawBlow: boolean;
}

/** Tracks the current fight of one bot. */
export class FightTracker {
  private open: Open | undefined;
  private readonly listeners = new Set<(f: FightRecord) => void>();
  private readonly quietPromptsToEnd: number;
  private readonly now: () => number;
  private readonly wallNow: () => number;

  constructor(opts: { now: () => number; wallNow: () => number; quietPromptsToEnd?: number }) {
    this.now = opts.now;
    this.wallNow = opts.wallNow;
    this.quietPromptsToEnd = opts.quietPromptsToEnd ?? 2;
  }

  /** The fight in progress (target and rounds so far), if any. */
  get current(): { target: string; rounds: number; condition?: string } | undefined {
    return (
      this.open && { target: this.open.target, rounds: this.open.rounds, condition: this.open.condition }
    );
  }

  /** Called with every finished fight; returns the unsubscribe function. */
  onEnd(cb: (f: FightRecord) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** The bot sent `kill <target>` (or similar): a fight with that target starts unless one is on. */
  attack(target: string): void {
    this.open ??= this.start(target);
  }

  /** One line and what it meant. */
  line(text: string, events: readonly BotEvent[]): void {
    for (const ev of events) this.event(ev);
    const f = this.open;
    if (f) {
      if (f.lines.length >= MAX_FIGHT_LINES) f.lines.shift();
      f.lines.push(text);
    }
  }

  /** An event that came without a line (or after line() for the same line). */
  event(ev: BotEvent): void {
    switch (ev.kind) {
      case 'hit': {
        if (!this.open) this.open = this.start(ev.who);
        const f = this.open;
        f.sawBlow = true;
        if (ev.by === 'you') f.hitsGiven += ev.tier > 0 ? 1 : 0;
        else f.hitsTaken += ev.tier > 0 ? 1 : 0;
        break;
      }
      case 'condition':
        if (this.open) {
          this.open.condition = `${ev.phrase}.`;
          this.open.sawCondition = true;
          if (!this.open.target || this.open.target === '?') this.open.target = ev.who;
        }
        break;
      case 'fighting':
        this.open ??= this.start('?');
        break;
      case 'kill':
        if (this.open && this.open.outcome === undefined) this.open.outcome = 'won';
        break;
      case 'xp':
        if (this.open && ev.amount > 0) this.open.xp = (this.open.xp ?? 0) + ev.amount;
        break;
      case 'died':
        if (this.open) this.finish('died');
        break;
      case 'fled':
        if (this.open) this.finish('fled');
        break;
      case 'other-fled':
        if (this.open && namesMatch(this.open.target, ev.who)) this.finish('target-fled');
        break;
      case 'not-here':
        if (this.open && !this.open.sawBlow) this.finish('no-target');
        break;
      case 'not-fighting':
        if (this.open) this.finish(this.open.outcome ?? 'ended');
        break;
      default:
        break;
    }
  }

  /** A prompt: a round boundary; without a condition line since the last one, combat is over. */
  prompt(): void {
    const f = this.open;
    if (!f) return;
    f.rounds++;
    if (f.outcome === 'won') {
      this.finish('won'); // the xp line, if any, came before this prompt
      return;
    }
    if (f.sawCondition || f.sawBlow) f.quietPrompts = 0;
    else if (++f.quietPrompts >= this.quietPromptsToEnd) this.finish('ended');
    f.sawCondition = false;
    f.sawBlow = false;
  }

  /** Drop the fight in progress without an outcome (the connection went away). */
  abandon(): void {
    this.open = undefined;
  }

  private start(target: string): Open {
    return {
      target,
      rounds: 0,
      xp: undefined,
      condition: undefined,
      hitsGiven: 0,
      hitsTaken: 0,
      lines: [],
      startedAt: this.wallNow(),
      startMs: this.now(),
      quietPrompts: 0,
      sawCondition: false,
      sawBlow: false,
    };
  }

  private finish(outcome: FightOutcomeKind): void {
    const f = this.open;
    if (!f) return;
    this.open = undefined;
    const rec: FightRecord = {
      target: f.target,
      outcome,
      rounds: f.rounds,
      durationMs: this.now() - f.startMs,
      xp: f.xp,
      condition: f.condition,
      hitsGiven: f.hitsGiven,
      hitsTaken: f.hitsTaken,
      lines: f.lines,
      startedAt: f.startedAt,
      t: this.wallNow(),
    };
    for (const cb of [...this.listeners]) cb(rec);
  }
}

/** "monster" vs "The wimpy monster", case-insensitive, either way round. */
export function namesMatch(a: string, b: string): boolean {
  const x = a.toLowerCase().trim();
  const y = b.toLowerCase().trim();
  if (x === '?' || y === '?') return true;
  return x === y || y.includes(x) || x.includes(y);
}
