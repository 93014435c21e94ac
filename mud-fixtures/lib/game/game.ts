// The game: sessions, the pulse loop (ROM game_loop + update_handler), output buffering with ROM's
// prompt rules, and MSDP bookkeeping. Pure logic: time comes from pulse() calls, chance from opts.random.
//
//   input(line) --> session.input (bounded) --pulse (1 per connection) | instant--> nanny | interpret
//   pulse(): input -> violence (every 3 s) -> tick (60 s) -> aggr -> flush+prompt -> MSDP updates
// MSDP updates go after the prompt, as on Mud98 where a move's MOVEMENT arrives after its prompt.

import { type Char, COMM, POS, type Room } from '../world/entities.ts';
import type { World } from '../world/world.ts';
import { aggrUpdate, violenceUpdate } from './combat.ts';
import { interpret } from './interpreter.ts';
import { greet, nanny } from './login.ts';
import { msdpRequest, msdpUpdate } from './msdp-handler.ts';
import type { GameOptions } from './options.ts';
import { savePlayer } from './pfile.ts';
import { battleLine, promptText } from './render.ts';
import { INPUT_QUEUE_MAX, type Session, type Transport } from './session.ts';
import { stripAnsi } from './text.ts';
import { tickUpdate } from './tick.ts';

/** Bound on remembered pulse durations (ring, drop-oldest). */
const PULSE_HISTORY = 20_000;

export class Game {
  readonly world: World;
  readonly opts: GameOptions;
  readonly sessions: Session[] = [];
  /** PCs in the game, including link-dead ones. */
  readonly players: Char[] = [];
  readonly sessionByChar = new Map<Char, Session>();
  pulseCount = 0;
  readonly startedAtMs: number;
  readonly counters = { connects: 0, logins: 0, commands: 0, kills: 0, deaths: 0, spam: 0, errors: 0 };
  /** Recent pulse durations in ms (ring). */
  readonly pulseDurations: number[] = [];
  private nextSessionId = 1;

  constructor(world: World, opts: GameOptions) {
    this.world = world;
    this.opts = opts;
    this.startedAtMs = opts.clock.now();
    world.onInstance = (what, area, owner) => this.log(`instance_${what}`, { area, owner });
    world.resetAll(opts.random);
  }

  get rng() {
    return this.opts.random;
  }

  log(event: string, fields: Record<string, unknown> = {}): void {
    this.opts.log(event, fields);
  }

  /** A new connection: send the greeting and ask for a name. */
  connect(transport: Transport, host: string, extra: Record<string, unknown> = {}): Session {
    const s: Session = {
      id: this.nextSessionId++,
      host,
      transport,
      state: 'get_name',
      char: undefined,
      out: [],
      fcommand: false,
      input: [],
      scratch: {},
      reported: new Set(),
      lastSent: new Map(),
      sendPending: new Set(),
      connectedAt: this.opts.clock.now(),
    };
    this.sessions.push(s);
    this.counters.connects++;
    this.log('connect', { session: s.id, host, ...extra });
    greet(this, s);
    // Paced: the greeting goes out at the end of the pulse, as Mud98's does (~0.1-0.25 s after connect).
    if (!this.paced) this.flush(s);
    return s;
  }

  /** One line of input from the client (line end removed). Overflow policy: disconnect. */
  input(s: Session, line: string): void {
    if (s.state === 'closed') return;
    if (s.input.length >= INPUT_QUEUE_MAX) {
      s.transport.write('\n\r*** PUT A LID ON IT!!! ***\n\r');
      this.log('input_lid', { session: s.id, queued: s.input.length });
      this.closeSession(s, 'input-lid');
      return;
    }
    s.input.push(line);
    if (s.char?.pc) {
      s.char.pc.idleTicks = 0;
      if (s.char.pc.voidFrom !== undefined) this.returnFromVoid(s.char);
    }
    if (!this.paced) {
      this.drainInput(s, INPUT_QUEUE_MAX);
      this.flush(s);
    }
  }

  /** Commands wait for the pulse, one per connection per pulse (Mud98's game loop). */
  get paced(): boolean {
    return this.opts.quirks || this.opts.pacing === 'pulse';
  }

  /** MSDP command from the client (already decoded from MSDP or MSDP-over-GMCP). */
  msdp(s: Session, command: string, values: string[]): void {
    msdpRequest(this, s, command, values);
  }

  /** The socket went away: the character stays in the game, link-dead, as in ROM. */
  linkLost(s: Session): void {
    if (s.state === 'closed') return;
    s.state = 'closed';
    this.removeSession(s);
    const ch = s.char;
    if (ch && this.sessionByChar.get(ch) === s) {
      this.sessionByChar.delete(ch);
      ch.desc = undefined;
      this.toRoom(ch.room, [ch], () => `${ch.name} has lost ${this.his(ch)} link.\n\r`);
    }
    this.log('disconnect', { session: s.id, name: ch?.name, linkDead: !!ch });
  }

  /** Game-side close (quit, wrong password, lid): flush output, then close the transport. */
  closeSession(s: Session, reason: string): void {
    if (s.state === 'closed') return;
    this.flush(s);
    s.state = 'closed';
    this.removeSession(s);
    if (s.char && this.sessionByChar.get(s.char) === s) {
      this.sessionByChar.delete(s.char);
      s.char.desc = undefined;
    }
    s.transport.close(reason);
  }

  private removeSession(s: Session): void {
    const i = this.sessions.indexOf(s);
    if (i >= 0) this.sessions.splice(i, 1);
  }

  /** Back from the void to where the character idled. */
  returnFromVoid(ch: Char): void {
    const from = ch.pc?.voidFrom;
    if (!ch.pc || from === undefined) return;
    ch.pc.voidFrom = undefined;
    const room = this.world.roomFor(ch.name, from, this.rng);
    if (!room) return;
    this.world.placeChar(ch, room);
    this.toRoom(room, [ch], () => `${ch.name} has returned from the void.\n\r`);
  }

  /** Attach a character to a session (login or reconnect). */
  attach(s: Session, ch: Char): void {
    s.char = ch;
    ch.desc = { id: s.id };
    this.sessionByChar.set(ch, s);
    if (!this.players.includes(ch)) this.players.push(ch);
  }

  /** Quit: save, leave the world, close. */
  extractPlayer(ch: Char): void {
    savePlayer(this.opts.playerDir, ch);
    this.stopFighting(ch, true);
    for (const f of this.players) if (f.master === ch) this.stopFollower(f);
    if (ch.master) this.stopFollower(ch);
    this.world.removeChar(ch);
    ch.extracted = true;
    const i = this.players.indexOf(ch);
    if (i >= 0) this.players.splice(i, 1);
    this.sessionByChar.delete(ch);
  }

  /** Run queued commands while no wait state blocks them (at most `max`). */
  private drainInput(s: Session, max: number): void {
    for (let n = 0; n < max && s.input.length > 0 && s.state !== 'closed'; n++) {
      if (s.char && s.state === 'playing' && s.char.wait > 0) return;
      this.handleLine(s, s.input.shift() as string);
    }
  }

  /** One input line; a bug in a command is logged (`command_error`) and the game keeps going. */
  private handleLine(s: Session, line: string): void {
    s.fcommand = true;
    try {
      if (s.state === 'playing' && s.char) {
        this.counters.commands++;
        interpret(this, s.char, line);
      } else nanny(this, s, line);
    } catch (err) {
      this.counters.errors++;
      this.log('command_error', {
        session: s.id,
        state: s.state,
        line: line.slice(0, 80),
        error: String(err),
      });
      this.write(s, 'Huh?\n\r');
    }
  }

  /** One 250 ms pulse of the whole game. */
  pulse(): void {
    const t0 = this.opts.clock.now();
    this.pulseCount++;
    const o = this.opts;
    const paced = this.paced;
    for (const s of [...this.sessions]) {
      const ch = s.state === 'playing' ? s.char : undefined;
      if (ch && ch.wait > 0) {
        ch.wait--;
        if (paced) continue;
      }
      if (paced) {
        if (s.input.length) this.handleLine(s, s.input.shift() as string);
      } else this.drainInput(s, INPUT_QUEUE_MAX);
    }
    for (const ch of this.players) if (!this.sessionByChar.has(ch) && ch.wait > 0) ch.wait--;
    if (this.pulseCount % o.violencePulses === 0) violenceUpdate(this);
    if (this.pulseCount % o.tickPulses === 0) tickUpdate(this, t0);
    aggrUpdate(this);
    for (const s of [...this.sessions]) this.flush(s);
    const mobilePulse = this.pulseCount % o.mobilePulses === 0;
    if (mobilePulse || !o.quirks) for (const s of this.sessions) msdpUpdate(this, s, mobilePulse);
    const dt = this.opts.clock.now() - t0;
    if (this.pulseDurations.length >= PULSE_HISTORY) this.pulseDurations.shift();
    this.pulseDurations.push(dt);
  }

  /** ROM write_to_buffer: the first write of a pulse without a command starts with "\n\r". */
  write(s: Session, text: string): void {
    if (s.state === 'closed') return;
    if (s.out.length === 0 && !s.fcommand) s.out.push('\n\r');
    s.out.push(text);
  }

  /** Send to a character's connection, if it has one. */
  send(ch: Char, text: string): void {
    const s = this.sessionByChar.get(ch);
    if (s) this.write(s, text);
  }

  /** Send to everyone in a room except `exclude`; `text` is built per observer. */
  toRoom(room: Room | undefined, exclude: Char[], text: (observer: Char) => string): void {
    if (!room) return;
    for (const p of room.people) {
      if (p.isNpc || exclude.includes(p)) continue;
      if (p.position <= POS.sleeping) continue;
      this.send(p, text(p));
    }
  }

  /** Telnet ECHO in stream order: pending text first, then WILL/WONT ECHO (ROM buffers both). */
  echo(s: Session, clientEchoes: boolean): void {
    if (s.state === 'closed') return;
    if (s.out.length) {
      s.transport.write(s.out.join(''));
      s.out.length = 0;
    }
    s.transport.echo(clientEchoes);
  }

  /** ROM process_output: pending output, then the battle line and prompt. */
  flush(s: Session): void {
    if (s.out.length === 0 && !s.fcommand) return;
    const ch = s.char;
    if (s.state === 'playing' && ch && ch.pc) {
      if (s.out.length === 0) s.out.push('');
      const bl = battleLine(ch);
      if (bl) s.out.push(bl);
      if ((ch.pc.commFlags & 2048) === 0) s.out.push('\n\r');
      if (ch.pc.commFlags & 8192) s.out.push(promptText(ch, this.colourOn(ch)));
    }
    s.fcommand = false;
    if (s.out.length === 0) return;
    const text = s.out.join('');
    s.out.length = 0;
    if (s.state === 'closed') return;
    s.transport.write(!ch || this.colourOn(ch) ? text : stripAnsi(text));
    if (s.state === 'playing' && ch?.pc && ch.pc.commFlags & COMM.prompt && ch.pc.commFlags & COMM.telnetGa)
      s.transport.promptMark?.();
  }

  colourOn(ch: Char): boolean {
    return !ch.pc || (ch.pc.actFlags & 524288) !== 0;
  }

  his(ch: Char): string {
    const sex = ch.pc?.sex ?? 'none';
    return sex === 'male' ? 'his' : sex === 'female' ? 'her' : 'its';
  }

  stopFighting(ch: Char, both: boolean): void {
    ch.fighting = undefined;
    if (ch.position === POS.fighting) ch.position = POS.standing;
    if (!both) return;
    for (const other of [...this.players, ...this.world.mobs]) {
      if (other.fighting === ch) {
        other.fighting = undefined;
        if (other.position === POS.fighting) other.position = POS.standing;
      }
    }
  }

  stopFollower(ch: Char): void {
    const master = ch.master;
    if (!master) return;
    this.send(master, `${ch.name} stops following you.\n\r`);
    this.send(ch, `You stop following ${master.short}.\n\r`);
    ch.master = undefined;
    ch.leader = undefined;
  }

  findPlayer(name: string): Char | undefined {
    const n = name.toLowerCase();
    return this.players.find((p) => p.name.toLowerCase() === n);
  }

  uptimeSec(): number {
    return Math.floor((this.opts.clock.now() - this.startedAtMs) / 1000);
  }
}
