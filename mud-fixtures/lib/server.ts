// startMudServer: the fixture MUD on loopback (plain telnet port + optional TLS port), driven by a
// real-time pulse loop, logging `[LOG_JSON]`-shaped events. In-process for unit tests; the process
// entry (mud-fixtures/server.ts) wraps it.

import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { NetwrightConfigError } from '../../src/errors.ts';
import { type Clock, systemClock } from '../../src/util/clock.ts';
import { packageRoot } from '../../src/util/module-path.ts';
import { Random } from '../../src/util/random.ts';
import { Game } from './game/game.ts';
import { defaultGameTiming, type Pacing } from './game/options.ts';
import { PLANTED_BUG_ENV, type PlantedBug } from './game/planted-bugs.ts';
import { AcceptGate } from './net/accept-gate.ts';
import { PulseLoop } from './net/pulse-loop.ts';
import { StaleGmcpPool } from './net/stale-gmcp.ts';
import { TelnetSession } from './net/telnet-session.ts';
import { makeSelfSignedCert } from './net/tls-cert.ts';
import { createPlayerDir } from './player-dir.ts';
import { type SeedPlayer, writeSeedPlayers } from './seed-players.ts';
import { validateFixtureMudOptions } from './validate-target.ts';
import { loadAreaDir } from './world/area-loader.ts';
import { World } from './world/world.ts';

export const DEFAULT_AREA_DIR = `${join(packageRoot(), 'mud-fixtures', 'areas')}/`;

/** One event as printed after `[LOG_JSON] ` (ARCHITECTURE.md game process contract). */
export interface MudLogEvent {
  t: number;
  level: string;
  cat: string;
  event: string;
  [k: string]: unknown;
}

export interface MudServerOptions {
  /** Loopback address to bind (default 127.0.0.1). */
  host?: string;
  /** Telnet port (0 = any free port). */
  port?: number;
  /** TLS port (0 = any free port, false = no TLS). Default false in-process, 0 from the CLI. */
  tlsPort?: number | false;
  seed?: number;
  /** Mud98 limits: 1 accept and 1 command per pulse, 8 KB input lid, MSDP every 4 s, stray escapes. */
  quirks?: boolean;
  /** Offer GMCP (Mud98 default: yes). */
  gmcp?: boolean;
  /** 'pulse' (default, as Mud98: one command per connection per pulse, answered at the pulse's end)
   *  or 'instant' (commands run on arrival: for tests that are not about timing). */
  pacing?: Pacing;
  /** Break one thing on purpose (see game/planted-bugs.ts); default: $NETWRIGHT_MUD_BUG, else none. */
  bug?: PlantedBug;
  areaDir?: string;
  /** Player files; a fresh temp dir (removed on close) when omitted. */
  playerDir?: string;
  players?: SeedPlayer[];
  pulseMs?: number;
  violencePulses?: number;
  mobilePulses?: number;
  tickPulses?: number;
  /** New characters start with autoexit on. */
  autoexit?: boolean;
  /** Mud98 multi-instance: each player gets a private copy of instanced areas (default true). */
  instances?: boolean;
  mudName?: string;
  /** Connections held at once; more are refused (closed at accept). */
  maxConnections?: number;
  /** Unread input that disconnects a client (quirks: 8182 bytes; else 65536). */
  inputLidBytes?: number;
  clock?: Clock;
  /** Every event (also kept in a bounded ring on the handle). */
  onEvent?: (e: MudLogEvent) => void;
  /** Do not run the real-time loop; call handle.pulse() yourself. */
  manualPulse?: boolean;
}

export interface MudServerHandle {
  host: string;
  port: number;
  tlsPort: number | undefined;
  seed: number;
  playerDir: string;
  game: Game;
  /** Recent events, oldest first (ring of EVENT_RING, drop-oldest). */
  readonly events: MudLogEvent[];
  /** Run one pulse now (manualPulse mode, or extra pulses in tests). */
  pulse(): void;
  stats(): MudServerStats;
  close(): Promise<void>;
}

export interface MudServerStats {
  connections: number;
  sessions: number;
  players: number;
  pulses: number;
  skippedPulses: number;
  refused: number;
  stalledAccepts: number;
  counters: Game['counters'];
}

const EVENT_RING = 5000;
/** Pulses per `pulse_stats` event (20 = 5 s at 250 ms). */
const PULSE_STATS_EVERY = 20;

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export async function startMudServer(opts: MudServerOptions = {}): Promise<MudServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  const seed = opts.seed ?? 1;
  const quirks = !!opts.quirks;
  const gmcp = opts.gmcp ?? true;
  const pacing: Pacing = quirks ? 'pulse' : (opts.pacing ?? 'pulse');
  const clock = opts.clock ?? systemClock;
  const timing = { ...defaultGameTiming() };
  for (const k of ['pulseMs', 'violencePulses', 'mobilePulses', 'tickPulses'] as const) {
    const v = opts[k];
    if (v !== undefined) timing[k] = v;
  }
  const ownPlayerDir = !opts.playerDir;
  // Our own dir (0700, files 0600), after removing those of servers that were killed.
  const created = ownPlayerDir ? createPlayerDir() : undefined;
  const playerDir = opts.playerDir ?? (created?.path as string);
  const ring = new EventRing(EVENT_RING);
  const emit = (event: string, fields: Record<string, unknown>) => {
    const e: MudLogEvent = { t: clock.wallNow(), level: 'info', cat: 'mud', event, ...fields };
    ring.push(e);
    opts.onEvent?.(e);
  };
  if (created?.swept.length) emit('stale_player_dirs_removed', { count: created.swept.length });
  const world = new World(loadAreaDir(opts.areaDir ?? DEFAULT_AREA_DIR), {
    instancing: opts.instances ?? true,
  });
  const expPerLevel = 1000;
  if (opts.players?.length) writeSeedPlayers(playerDir, world, opts.players, expPerLevel);
  const mudName = opts.mudName ?? 'Netwright98';
  const game = new Game(world, {
    clock,
    random: new Random(seed),
    playerDir,
    quirks,
    gmcp,
    pacing,
    bug: opts.bug ?? plantedBugFromEnv(),
    ...timing,
    autoexit: !!opts.autoexit,
    expPerLevel,
    mudName,
    log: emit,
  });

  const sockets = new Set<Socket>();
  let refused = 0;
  const maxConnections = opts.maxConnections ?? 4096;
  const inputLidBytes = opts.inputLidBytes ?? (quirks ? 8182 : 65536);
  let tcpPort = 0;
  let tlsPortBound: number | undefined;
  const mssp = () => ({
    NAME: mudName,
    PLAYERS: game.players.length,
    UPTIME: game.uptimeSec(),
    HOSTNAME: 'localhost',
    PORT: tcpPort,
    TLS: tlsPortBound ?? 0,
    CODEBASE: 'Netwright fixture (ROM 2.4 shapes)',
    AREAS: world.areas.length,
    MOBILES: world.mobDefs.size,
    OBJECTS: world.objDefs.size,
    ROOMS: world.rooms.size,
    CLASSES: 4,
    LEVELS: 60,
    RACES: 4,
    MCCP: 1,
    MSDP: 1,
    GMCP: gmcp ? 1 : 0,
    'UTF-8': 0,
  });

  const staleGmcp = quirks ? new StaleGmcpPool() : undefined;
  const startSession = (socket: Socket, early: Buffer[], tls: boolean) => {
    const ts = new TelnetSession(socket, game, { gmcp, quirks, inputLidBytes, mssp, tls, staleGmcp });
    socket.on('close', () => ts.onSocketClosed());
    ts.start(`${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`, early);
  };
  const gates = {
    tcp: new AcceptGate({ quirks, now: () => clock.now(), start: (s, e) => startSession(s, e, false) }),
    tls: new AcceptGate({ quirks, now: () => clock.now(), start: (s, e) => startSession(s, e, true) }),
  };
  const onConnection = (socket: Socket, gate: AcceptGate) => {
    if (sockets.size >= maxConnections) {
      refused++;
      emit('connection_refused', { reason: 'max-connections', limit: maxConnections });
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    gate.offer(socket);
  };

  const server: Server = createServer((s) => onConnection(s, gates.tcp));
  await listen(server, opts.port ?? 0, host, quirks ? 3 : 511);
  tcpPort = (server.address() as { port: number }).port;
  let tlsServer: TlsServer | undefined;
  if (opts.tlsPort !== undefined && opts.tlsPort !== false) {
    const { key, cert } = makeSelfSignedCert();
    tlsServer = createTlsServer({ key, cert }, (s) => onConnection(s, gates.tls));
    tlsServer.on('tlsClientError', () => {});
    await listen(tlsServer, opts.tlsPort, host, quirks ? 3 : 511);
    tlsPortBound = (tlsServer.address() as { port: number }).port;
  }

  // Pulse-duration summary every PULSE_STATS_EVERY pulses (what the bench and reports read).
  const window: number[] = [];
  let skippedReported = 0;
  const pulse = () => {
    const t0 = clock.now();
    try {
      gates.tcp.pulse();
      gates.tls.pulse();
      game.pulse();
    } catch (err) {
      game.counters.errors++;
      emit('pulse_error', { level: 'error', pulse: game.pulseCount, error: String(err) });
    }
    window.push(clock.now() - t0);
    if (window.length >= PULSE_STATS_EVERY) {
      window.sort((a, b) => a - b);
      const q = (p: number) => round3(window[Math.min(window.length - 1, Math.floor(p * window.length))]);
      emit('pulse_stats', {
        pulses: window.length,
        p50Ms: q(0.5),
        p90Ms: q(0.9),
        p99Ms: q(0.99),
        maxMs: round3(window[window.length - 1]),
        budgetMs: timing.pulseMs,
        skipped: loop.skipped - skippedReported,
        sessions: game.sessions.length,
        players: game.players.length,
        connections: sockets.size,
      });
      skippedReported = loop.skipped;
      window.length = 0;
    }
  };
  const loop = new PulseLoop(clock, timing.pulseMs, pulse);
  if (!opts.manualPulse) loop.start();
  emit('server_ready', {
    host,
    port: tcpPort,
    tlsPort: tlsPortBound ?? null,
    seed,
    quirks,
    gmcp,
    pacing,
    pulseMs: timing.pulseMs,
    playerDir,
    pid: process.pid,
    ...world.counts(),
  });

  let closing: Promise<void> | undefined;
  return {
    host,
    port: tcpPort,
    tlsPort: tlsPortBound,
    seed,
    playerDir,
    game,
    get events() {
      return ring.toArray();
    },
    pulse,
    stats: () => ({
      connections: sockets.size,
      sessions: game.sessions.length,
      players: game.players.length,
      pulses: game.pulseCount,
      skippedPulses: loop.skipped,
      refused,
      stalledAccepts: gates.tcp.stats.stalled + gates.tls.stats.stalled,
      counters: { ...game.counters },
    }),
    close: () => {
      closing ??= (async () => {
        loop.stop();
        gates.tcp.destroyAll();
        gates.tls.destroyAll();
        for (const s of sockets) s.destroy();
        await Promise.all([closeServer(server), tlsServer ? closeServer(tlsServer) : undefined]);
        emit('server_stopped', { pulses: game.pulseCount, ...game.counters });
        if (ownPlayerDir) rmSync(playerDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

function plantedBugFromEnv(): PlantedBug | undefined {
  const v = process.env[PLANTED_BUG_ENV];
  if (!v) return undefined;
  const problems = validateFixtureMudOptions({ bug: v });
  if (problems.length)
    throw new NetwrightConfigError(
      PLANTED_BUG_ENV,
      problems.map((p) => ({ path: PLANTED_BUG_ENV, message: p.message })),
    );
  return v as PlantedBug;
}

function listen(server: Server, port: number, host: string, backlog: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Fixed-size event ring (drop-oldest) without the O(n) shift of an array queue. */
class EventRing {
  private readonly buf: (MudLogEvent | undefined)[];
  private start = 0;
  private size = 0;
  constructor(capacity: number) {
    this.buf = new Array(capacity);
  }
  push(e: MudLogEvent): void {
    const cap = this.buf.length;
    if (this.size < cap) this.buf[(this.start + this.size++) % cap] = e;
    else {
      this.buf[this.start] = e;
      this.start = (this.start + 1) % cap;
    }
  }
  toArray(): MudLogEvent[] {
    const out: MudLogEvent[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.buf[(this.start + i) % this.buf.length] as MudLogEvent);
    return out;
  }
}
