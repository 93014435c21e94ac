// Start "a MUD" for a test: the fixture MUD as a supervised process (default) or in-process, a real
// MUD binary (e.g. Mud98) by command, or a MUD already listening on loopback. All give one handle.

import path from 'node:path';
import { throwIfProblems } from '../../src/config/index.ts';
import { NetwrightError } from '../../src/errors.ts';
import { spawnProcess } from '../../src/process/index.ts';
import type {
  EventMatch,
  GameEvent,
  ManagedProcess,
  ProcessResult,
  Readiness,
} from '../../src/process/types.ts';
import { siblingModule } from '../../src/util/module-path.ts';
import type { SeedPlayer } from './seed-players.ts';
import { type MudServerHandle, type MudServerOptions, startMudServer } from './server.ts';
import { validateMudTarget } from './validate-target.ts';

export const MUD_SERVER_ENTRY = siblingModule(import.meta.url, '../server');

/** Options of the fixture MUD that travel as command-line flags. */
export type FixtureMudOptions = Omit<MudServerOptions, 'clock' | 'onEvent' | 'manualPulse' | 'seed'>;

export type MudTarget =
  /** The fixture MUD; `inProcess` runs it inside the test process (no supervisor, faster). */
  | { kind?: 'fixture'; options?: FixtureMudOptions; inProcess?: boolean }
  /** Any MUD binary; `port` is where it listens (pass it in args/env yourself). */
  | {
      kind: 'command';
      command: string;
      args?: string[];
      cwd?: string;
      env?: Record<string, string>;
      port: number;
      tlsPort?: number;
      host?: string;
      readiness?: Readiness;
      stopGraceMs?: number;
      /** Where this MUD's code for a concern lives (see MudServerRef.sources): `{ combat: 'src/fight.c' }`. */
      sources?: Record<string, string>;
    }
  /** A MUD already running on loopback. */
  | { kind: 'address'; host?: string; port: number; tlsPort?: number; sources?: Record<string, string> };

export interface LaunchContext {
  seed: number;
  /** Per-test log directory for process logs. */
  logDir?: string;
  signal?: AbortSignal;
  /** Process name in logs (default 'mud'). */
  name?: string;
}

/** The MUD a test talks to, whatever started it. */
export interface MudServerRef {
  kind: 'fixture' | 'command' | 'address';
  host: string;
  port: number;
  tlsPort: number | undefined;
  seed: number;
  /** Pre-made characters (fixture only). */
  players: SeedPlayer[];
  process: ManagedProcess | undefined;
  inProcess: MudServerHandle | undefined;
  /** Server events seen so far (fixture: its [LOG_JSON] events; others: whatever they print). */
  events(): readonly GameEvent[];
  waitForEvent(match: EventMatch, opts?: { timeoutMs?: number }): Promise<GameEvent>;
  /** Stop what this handle started (never throws; nothing for 'address'). */
  stop(): Promise<ProcessResult | undefined>;
  /**
   * Where the server's code for a concern lives, relative to the working directory (the fixture MUD:
   * `{ combat: 'mud-fixtures/lib/game/combat.ts' }`; your own MUD: `sources` in `mudServerOptions`);
   * the report names it as the file to open when a fight went wrong.
   */
  sources?: Record<string, string>;
}

/** The fixture MUD's sources by concern (see MudServerRef.sources). */
function fixtureSources(): Record<string, string> {
  return { combat: path.relative(process.cwd(), path.join(import.meta.dirname, 'game', 'combat.ts')) };
}

/** The stdin line that hands `--players-stdin` its players (JSON), or undefined when there are none. */
export function playersStdinLine(o: FixtureMudOptions): string | undefined {
  return o.players?.length ? `${JSON.stringify(o.players)}\n` : undefined;
}

/** Flags for mud-fixtures/server.ts from options (no secrets: see playersStdinLine). */
export function fixtureArgs(o: FixtureMudOptions, seed: number): string[] {
  const a: string[] = ['--seed', String(seed), '--port', String(o.port ?? 0)];
  if (o.host) a.push('--host', o.host);
  if (o.tlsPort === false || o.tlsPort === undefined) a.push('--no-tls');
  else a.push('--tls-port', String(o.tlsPort));
  if (o.quirks) a.push('--quirks');
  if (o.gmcp === false) a.push('--no-gmcp');
  if (o.pacing) a.push('--pacing', o.pacing);
  if (o.bug) a.push('--bug', o.bug);
  if (o.autoexit) a.push('--autoexit');
  if (o.instances === false) a.push('--shared-school');
  const nums: [keyof FixtureMudOptions, string][] = [
    ['pulseMs', '--pulse-ms'],
    ['violencePulses', '--violence-pulses'],
    ['mobilePulses', '--mobile-pulses'],
    ['tickPulses', '--tick-pulses'],
    ['maxConnections', '--max-connections'],
  ];
  for (const [k, flag] of nums) if (o[k] !== undefined) a.push(flag, String(o[k]));
  if (o.areaDir) a.push('--area-dir', o.areaDir);
  if (o.playerDir) a.push('--player-dir', o.playerDir);
  // Seed players carry passwords: they go through stdin (playersStdinLine), never argv.
  if (o.players?.length) a.push('--players-stdin');
  return a;
}

/** Start the MUD `target` describes; its options are checked first (ERR_CONFIG_INVALID, every problem). */
export async function launchMud(target: MudTarget, ctx: LaunchContext): Promise<MudServerRef> {
  throwIfProblems(
    'mudServerOptions',
    validateMudTarget(target),
    "see \"mudServer\" in the README: { options } for the fixture MUD, { kind: 'command', command, port } or { kind: 'address', port }",
  );
  const name = ctx.name ?? 'mud';
  if (target.kind === 'address') {
    const host = target.host ?? '127.0.0.1'; // loopback: checked by validateMudTarget
    return {
      ...plainRef('address', host, target.port, target.tlsPort, ctx.seed, undefined),
      sources: target.sources,
    };
  }
  if (target.kind === 'command') {
    const proc = await spawnProcess({
      name,
      command: target.command,
      args: target.args,
      cwd: target.cwd,
      env: target.env,
      logDir: ctx.logDir,
      signal: ctx.signal,
      readiness: target.readiness ?? { kind: 'tcp', port: target.port, host: target.host ?? '127.0.0.1' },
      stopGraceMs: target.stopGraceMs,
    });
    return {
      ...plainRef('command', target.host ?? '127.0.0.1', target.port, target.tlsPort, ctx.seed, proc),
      sources: target.sources,
    };
  }
  const options = target.options ?? {};
  const players = options.players ?? [];
  if (target.inProcess) {
    const h = await startMudServer({ ...options, seed: ctx.seed });
    const ref = plainRef('fixture', h.host, h.port, h.tlsPort, ctx.seed, undefined);
    return {
      ...ref,
      players,
      inProcess: h,
      events: () => h.events,
      waitForEvent: (match, opts) => waitInRing(h, match, opts?.timeoutMs ?? 30_000),
      stop: async () => {
        await h.close();
        return undefined;
      },
    };
  }
  const proc = await spawnProcess({
    name,
    command: process.execPath,
    args: [MUD_SERVER_ENTRY, ...fixtureArgs(options, ctx.seed)],
    stdinData: playersStdinLine(options),
    logDir: ctx.logDir,
    signal: ctx.signal,
    readiness: { kind: 'event', match: 'server_ready', timeoutMs: 30_000 },
    // A bug in the fixture MUD fails the test the way a Godot SCRIPT ERROR does.
    fatalPatterns: [/^Error: /, /Uncaught/, /"event":"(command_error|pulse_error|input_error)"/],
  });
  const ready = await proc.waitForEvent('server_ready');
  const tls = typeof ready.tlsPort === 'number' ? ready.tlsPort : undefined;
  return { ...plainRef('fixture', String(ready.host), Number(ready.port), tls, ctx.seed, proc), players };
}

function plainRef(
  kind: MudServerRef['kind'],
  host: string,
  port: number,
  tlsPort: number | undefined,
  seed: number,
  proc: ManagedProcess | undefined,
): MudServerRef {
  return {
    kind,
    host,
    port,
    tlsPort,
    seed,
    players: [],
    process: proc,
    inProcess: undefined,
    events: () => proc?.events ?? [],
    waitForEvent: (match, opts) => {
      if (!proc)
        throw new NetwrightError('ERR_MUD_NO_EVENTS', `a MUD reached by address has no event stream`);
      return proc.waitForEvent(match, { timeoutMs: opts?.timeoutMs });
    },
    stop: async () => (proc ? proc.stop() : undefined),
    sources: kind === 'fixture' ? fixtureSources() : undefined,
  };
}

function waitInRing(h: MudServerHandle, match: EventMatch, timeoutMs: number): Promise<GameEvent> {
  const pred = typeof match === 'string' ? (e: GameEvent) => e.event === match : match;
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const check = () => {
      const hit = h.events.find(pred);
      if (hit) return resolve(hit);
      if (Date.now() - t0 > timeoutMs)
        return reject(
          new NetwrightError('ERR_MUD_EVENT_TIMEOUT', `no MUD event matched within ${timeoutMs} ms`),
        );
      setTimeout(check, 10);
    };
    check();
  });
}
