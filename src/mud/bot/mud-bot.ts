// MudBot: a scripted player on top of a MudConnection. It logs in (creating the character when
// needed), sends commands and measures how long each takes to come back with a prompt, reads rooms
// from PLR_BOT lines or plain text, and fights to an outcome. Clock injected for latency stamps.
import { NetwrightError } from '../../errors.ts';
import { type HistogramSummary, LatencyHistogram } from '../../metrics/histogram.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import { type ConnectMudOptions, connectMud, type MudConnection } from '../client/connection.ts';
import type { MudEvent } from '../client/events.ts';
import type { BotExit, BotMob, BotObj, BotRoom } from '../text/bot-lines.ts';
import { type Credentials, GAME_PROMPT, matchDialogue, parseVitals } from './dialogue.ts';

export interface MudBotOptions extends Credentials {
  /** Label in reports (default the character name). */
  label?: string;
  /** Default time for each wait, ms. Default 15 000. */
  timeoutMs?: number;
  clock?: Clock;
}

/** What `look()` saw. `room` is set when the server sent PLR_BOT lines. */
export interface RoomView {
  title: string | undefined;
  room: BotRoom | undefined;
  exits: BotExit[];
  mobs: BotMob[];
  objs: BotObj[];
  lines: string[];
}

/** How a fight ended. */
export interface FightOutcome {
  outcome: 'won' | 'died' | 'fled' | 'no-target';
  target: string;
  /** Combat rounds seen (prompts during the fight). */
  rounds: number;
  durationMs: number;
  /** Experience gained, when the server said so. */
  xp: number | undefined;
  lines: string[];
}

/** Figures a bot reports (serialisable). */
export interface MudBotStats {
  label: string;
  commands: number;
  /** Send -> next game prompt, ms. */
  commandLatencyMs: HistogramSummary;
  kills: number;
  deaths: number;
  flees: number;
  bytesIn: number;
  bytesOut: number;
  loginMs: number;
}

const FIGHT_END: [RegExp, FightOutcome['outcome']][] = [
  [/ is DEAD!!/, 'won'],
  [/You have been KILLED!!/, 'died'],
  [/You flee from combat!/, 'fled'],
  [/^They aren't here\.|^You can't find/, 'no-target'],
];

export class MudBot {
  readonly conn: MudConnection;
  readonly label: string;
  readonly commandLatency = new LatencyHistogram();
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private counts = { commands: 0, kills: 0, deaths: 0, flees: 0 };
  private loginMs = 0;
  /** Last vitals from the game prompt. */
  vitals: { hp: number; mana: number; move: number } | undefined;

  constructor(conn: MudConnection, opts: { label: string; timeoutMs?: number; clock?: Clock }) {
    this.conn = conn;
    this.label = opts.label;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.clock = opts.clock ?? systemClock;
  }

  /** Connect, log in (or create) and return a bot standing in the game. Closes the socket on failure. */
  static async connect(connect: ConnectMudOptions, opts: MudBotOptions): Promise<MudBot> {
    const conn = await connectMud(connect);
    const bot = new MudBot(conn, {
      label: opts.label ?? opts.name,
      timeoutMs: opts.timeoutMs,
      clock: opts.clock,
    });
    try {
      await bot.login(opts);
      return bot;
    } catch (err) {
      await conn.close(200);
      throw err;
    }
  }

  /** Answer the login/creation dialogue until the game prompt. */
  async login(creds: Credentials): Promise<void> {
    const start = this.clock.now();
    const onText = (text: string): boolean | Error => {
      const step = matchDialogue(text);
      if (!step) return false;
      const answer = step.answer(creds);
      if (typeof answer === 'string') {
        this.conn.send(answer);
        return false;
      }
      if ('fail' in answer) return answer.fail;
      this.vitals = parseVitals(text);
      return true;
    };
    await this.until(
      (e) => (e.type === 'line' || e.type === 'prompt' ? onText(e.text) : false),
      // The greeting may have arrived before we subscribed: replay the last lines.
      (feed) => {
        for (const line of this.conn.tail(5)) feed({ type: 'line', text: line.replace(/^<prompt> /, '') });
      },
      { what: `game prompt after logging in as ${creds.name}`, code: 'ERR_MUD_LOGIN_TIMEOUT' },
    );
    this.conn.skipPending();
    this.loginMs = this.clock.now() - start;
  }

  /** Send a command and resolve with the lines up to the next game prompt; latency is recorded. */
  async command(cmd: string, opts: { timeoutMs?: number } = {}): Promise<string[]> {
    const lines: string[] = [];
    const sentAt = this.clock.now();
    await this.until(
      (e) => {
        if (e.type === 'line') lines.push(e.text);
        if (e.type === 'prompt' && GAME_PROMPT.test(e.text)) {
          this.vitals = parseVitals(e.text);
          return true;
        }
        return false;
      },
      () => this.conn.send(cmd),
      { what: `prompt after "${cmd}"`, timeoutMs: opts.timeoutMs },
    );
    this.commandLatency.record(this.clock.now() - sentAt);
    this.counts.commands++;
    return lines;
  }

  /** Look around: PLR_BOT lines when the character has the flag, else the room title line. */
  async look(): Promise<RoomView> {
    const view: RoomView = { title: undefined, room: undefined, exits: [], mobs: [], objs: [], lines: [] };
    const off = this.conn.onEvent((e) => {
      if (e.type !== 'bot') return;
      const l = e.line;
      if (l.kind === 'room') view.room = l;
      else if (l.kind === 'exit') view.exits.push(l);
      else if (l.kind === 'mob') view.mobs.push(l);
      else if (l.kind === 'obj') view.objs.push(l);
    });
    try {
      view.lines = await this.command('look');
    } finally {
      off();
    }
    view.title = view.lines.find((l) => l.trim() !== '' && !l.startsWith('[BOT:'));
    return view;
  }

  /** Fight `target` until someone dies, the bot flees, or there is no such target. */
  async fight(target: string, opts: { timeoutMs?: number } = {}): Promise<FightOutcome> {
    const start = this.clock.now();
    const lines: string[] = [];
    let rounds = 0;
    let outcome = 'no-target' as FightOutcome['outcome'];
    let xp: number | undefined;
    await this.until(
      (e) => {
        if (e.type === 'prompt' && GAME_PROMPT.test(e.text)) {
          rounds++;
          this.vitals = parseVitals(e.text);
          return false;
        }
        if (e.type !== 'line') return false;
        lines.push(e.text);
        const gained = /You receive (\d+) experience points/.exec(e.text);
        if (gained) xp = Number(gained[1]);
        for (const [re, result] of FIGHT_END) {
          if (re.test(e.text)) {
            outcome = result;
            return true;
          }
        }
        return false;
      },
      () => this.conn.send(`kill ${target}`),
      { what: `end of fight with ${target}`, timeoutMs: opts.timeoutMs ?? 120_000 },
    );
    if (outcome === 'won') this.counts.kills++;
    if (outcome === 'died') this.counts.deaths++;
    if (outcome === 'fled') this.counts.flees++;
    this.conn.skipPending();
    return { outcome, target, rounds, durationMs: this.clock.now() - start, xp, lines };
  }

  stats(): MudBotStats {
    const s = this.conn.stats();
    return {
      label: this.label,
      ...this.counts,
      commandLatencyMs: this.commandLatency.summary(),
      bytesIn: s.bytesIn,
      bytesOut: s.bytesOut,
      loginMs: this.loginMs,
    };
  }

  /** Say goodbye (`quit`) and close; never throws. */
  async close(): Promise<void> {
    try {
      if (this.conn.isOpen) this.conn.send('quit');
    } catch {
      // already closed
    }
    await this.conn.close(1000);
  }

  /**
   * Subscribe, act, and resolve when `done` returns true (reject when it returns an Error), bounded by
   * a timeout and by the socket closing. `act` gets the handler to replay events that came earlier.
   */
  private until(
    done: (e: MudEvent) => boolean | Error,
    act: (feed: (e: MudEvent) => void) => void,
    opts: { what: string; timeoutMs?: number; code?: string },
  ): Promise<void> {
    const limit = opts.timeoutMs ?? this.timeoutMs;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        off();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(
        () =>
          finish(
            new NetwrightError(
              opts.code ?? 'ERR_MUD_WAIT_TIMEOUT',
              `${this.label}: no ${opts.what} within ${limit} ms`,
              {
                hint: 'the last lines in details.tail show where it stalled',
                details: { tail: this.conn.tail(15) },
              },
            ),
          ),
        limit,
      );
      const feed = (e: MudEvent) => {
        if (settled) return;
        const r = done(e);
        if (r instanceof Error) finish(r);
        else if (r) finish();
      };
      const off = this.conn.onEvent(feed);
      this.conn.closed.then(({ error }) =>
        finish(
          new NetwrightError(
            'ERR_MUD_CLOSED',
            `${this.label}: connection closed while waiting for ${opts.what}`,
            {
              cause: error,
              details: { tail: this.conn.tail(15) },
            },
          ),
        ),
      );
      try {
        act(feed);
      } catch (err) {
        finish(err as Error);
      }
    });
  }
}
