// In-memory transport and game factory for logic tests (no sockets, manual clock).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { Game } from '../../../mud-fixtures/lib/game/game.ts';
import type { GameOptions } from '../../../mud-fixtures/lib/game/options.ts';
import type { Session, Transport } from '../../../mud-fixtures/lib/game/session.ts';
import { stripAnsi } from '../../../mud-fixtures/lib/game/text.ts';
import { writeSeedPlayers } from '../../../mud-fixtures/lib/seed-players.ts';
import { loadAreaDir } from '../../../mud-fixtures/lib/world/area-loader.ts';
import { World } from '../../../mud-fixtures/lib/world/world.ts';
import type { MsdpPair } from '../../../src/mud/protocols/msdp.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { Random } from '../../../src/util/random.ts';

export const AREA_DIR = new URL('../../../mud-fixtures/areas/', import.meta.url).pathname;

/** One parent temp dir per test file for player files, removed after the file's tests. */
const TMP_ROOT = mkdtempSync(join(tmpdir(), 'nw-mud-test-'));
afterAll(() => rmSync(TMP_ROOT, { recursive: true, force: true }));

export class FakeTransport implements Transport {
  text = '';
  echoLog: boolean[] = [];
  frames: MsdpPair[][] = [];
  msdpOn = false;
  closed: string | undefined;
  quitSent = false;
  write(text: string): void {
    this.text += text;
  }
  echo(clientEchoes: boolean): void {
    this.echoLog.push(clientEchoes);
  }
  msdp(pairs: MsdpPair[]): void {
    this.frames.push(pairs);
  }
  msdpActive(): boolean {
    return this.msdpOn;
  }
  quitNegotiation(): void {
    this.quitSent = true;
  }
  close(reason: string): void {
    this.closed = reason;
  }
  /** Text so far without ANSI, then cleared. */
  take(): string {
    const t = stripAnsi(this.text);
    this.text = '';
    return t;
  }
}

export function makeGame(over: Partial<GameOptions> = {}): {
  game: Game;
  clock: ManualClock;
  events: { event: string; [k: string]: unknown }[];
} {
  const clock = new ManualClock();
  const events: { event: string; [k: string]: unknown }[] = [];
  const world = new World(loadAreaDir(AREA_DIR), { instancing: true });
  const game = new Game(world, {
    clock,
    random: new Random(42),
    playerDir: mkdtempSync(join(TMP_ROOT, 'game-')),
    quirks: false,
    gmcp: true,
    pacing: 'instant',
    pulseMs: 250,
    violencePulses: 12,
    mobilePulses: 16,
    tickPulses: 240,
    autoexit: false,
    expPerLevel: 1000,
    mudName: 'Netwright98',
    log: (event, fields) => events.push({ event, ...fields }),
    ...over,
  });
  return { game, clock, events };
}

/** Create a new character through the whole dialogue; returns its session and transport. */
export function createChar(
  game: ReturnType<typeof makeGame>['game'],
  name: string,
  password = 'secret1',
): { s: Session; t: FakeTransport } {
  const t = new FakeTransport();
  const s = game.connect(t, '127.0.0.1');
  for (const line of [name, 'y', password, password, 'human', 'm', 'warrior', 'n', 'n', 'sword', '']) {
    game.input(s, line);
    if (game.paced) game.pulse();
  }
  return { s, t };
}

/** Seed a level-60 immortal's player file and connect; returns its session at the name prompt. */
export function connectImmortal(
  game: ReturnType<typeof makeGame>['game'],
  name: string,
  password: string,
): { s: Session; t: FakeTransport } {
  writeSeedPlayers(game.opts.playerDir, game.world, [{ name, password, level: 60 }], 1000);
  const t = new FakeTransport();
  return { s: game.connect(t, '127.0.0.1'), t };
}

export function pulses(game: ReturnType<typeof makeGame>['game'], n: number): void {
  for (let i = 0; i < n; i++) game.pulse();
}
