// One test's game processes: a control server, the game server, its clients and their network links.
//
//   GameSession ── ControlServer (127.0.0.1:0) ◀── hello ── server / client-1..n
//        │                                                  ▲
//        ├─ startServer(): allocate port, spawn, ready on `server_ready` + control hello
//        └─ startClients(n): [openLink(client-i) ─▶ server] spawn client at link.listen,
//                            ready on control hello + `first_snapshot`
//
// stop() tears down in reverse (clients, server, links, control server) and never throws.

import { throwIfProblems } from '../config/index.ts';
import { NetwrightError } from '../errors.ts';
import type { ProfileName } from '../impair/profiles.ts';
import {
  allocatePort,
  ProcessErrorCode,
  redactArgs,
  redactEnv,
  releasePort,
  spawnProcess,
} from '../process/index.ts';
import type { GameEvent, ManagedProcess, ProcessResult } from '../process/types.ts';
import { deriveSeed } from '../util/random.ts';
import { ClientMetrics } from './client-metrics.ts';
import { ControlServer } from './control-server.ts';
import { type ClientLink, GameClientHandle } from './game-client.ts';
import { GameServerHandle } from './game-server.ts';
import type {
  GameBehaviorName,
  GameLauncher,
  GameProcessSpec,
  InEngineImpairment,
  NetcodeTuning,
} from './process-spec.ts';
import { gameEnv } from './process-spec.ts';
import { ServerMetrics } from './server-metrics.ts';
import { validateClientsOptions, validateServerOptions } from './session-options.ts';
import { type GameTimeSeries, gameTimeSeries } from './timeseries.ts';

/** Anything that can open a per-client link to the server (src/impair Network fits). */
export interface LinkOpener {
  openLink(opts: {
    id: string;
    protocol: 'udp' | 'tcp';
    upstream: { host: string; port: number };
  }): Promise<ClientLink>;
  /** Named profiles, when the opener has them (lets clients() check `profile` before starting). */
  readonly profiles?: { names(): readonly string[] };
}

export interface GameSessionOptions {
  launcher: GameLauncher;
  /** Test seed; each process gets a seed derived from it and its name. */
  seed: number;
  /** Per-test log directory (<name>.stdout.log / .stderr.log). */
  logDir?: string;
  /** Links for clients; when absent clients connect to the server directly. */
  network?: LinkOpener;
  signal?: AbortSignal;
  /** Safety net: every process quits by itself after this (s). Default 600. */
  durationS?: number;
  /**
   * Called once per process that fails after it was ready (crash, fatal line, wall clock), with the
   * engine's error location when known. Not called for failures while the session stops.
   */
  onProcessFailure?: (err: NetwrightError, proc: ManagedProcess) => void;
}

export interface StartServerOptions {
  tuning?: NetcodeTuning;
  impairment?: InEngineImpairment;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface StartClientsOptions {
  behavior?: GameBehaviorName;
  /** Seed for these clients (default: the session seed); each client derives its own from it. */
  seed?: number;
  /** Network profile applied to each client's link (needs `network`). */
  profile?: ProfileName;
  /** In-engine impairment (the game's own simulator, TEST_* variables). */
  impairment?: InEngineImpairment;
  tuning?: NetcodeTuning;
  /** Delay between consecutive client starts, ms. */
  stagger?: number;
  env?: Record<string, string>;
  /** Per client: spawn -> first snapshot. Default 30 000. */
  readyTimeoutMs?: number;
  /** Connect straight to the server even when a network is available. */
  direct?: boolean;
  /** Links for these clients (overrides the session's `network`). */
  network?: LinkOpener;
}

/** What a session records for the report (JSON-serialisable). */
export interface GameSessionRecord {
  seed: number;
  engine: string;
  config: Record<string, unknown>[];
  processes: ProcessResult[];
}

const OPTIONS_HINT = 'see "Fixtures" in the README for the options of `server` and `clients(n, opts)`';

/** How long after a fatal line the session waits for the lines that locate it, ms. */
const FATAL_CONTEXT_MS = 150;

const ANOMALY_EVENTS = new Set([
  'underrun',
  'interp_warning',
  'baseline_mismatch',
  'disconnect',
  'connection_failed',
  'render_jump',
]);

/** Owns every process and link of one test. */
export class GameSession {
  readonly control = new ControlServer();
  server: GameServerHandle | undefined;
  readonly clients: GameClientHandle[] = [];
  /** Notable events from every process (bounded, drop-newest beyond 200, counted). */
  readonly anomalies: (GameEvent & { source: string })[] = [];
  anomaliesDropped = 0;
  private readonly opts: GameSessionOptions;
  private readonly configs: Record<string, unknown>[] = [];
  private readonly results: ProcessResult[] = [];
  private readonly orphans: ManagedProcess[] = [];
  private nextClientId = 1;
  private readonly ports: number[] = [];
  private listening: Promise<unknown> | undefined;
  private stopped = false;

  constructor(opts: GameSessionOptions) {
    this.opts = opts;
  }

  /** Start the game server on a free port; resolves once it is ready and on the control socket. */
  async startServer(opts: StartServerOptions = {}): Promise<GameServerHandle> {
    if (this.server)
      throw new NetwrightError('ERR_GAME_SERVER_RUNNING', 'this test already has a game server');
    throwIfProblems('server options (gameServerOptions)', validateServerOptions(opts), OPTIONS_HINT);
    await this.ensureListening();
    const port = await allocatePort({ protocol: 'udp' });
    this.ports.push(port);
    const spec: GameProcessSpec = {
      mode: 'server',
      port,
      seed: deriveSeed(this.opts.seed, 'server'),
      durationS: this.opts.durationS ?? 600,
      control: this.control.endpoint,
      tuning: opts.tuning,
      impairment: opts.impairment,
      env: opts.env,
    };
    const proc = await this.spawn('server', spec, 'server_ready', opts.readyTimeoutMs ?? 30_000);
    try {
      const control = await this.control.waitForConnection('server', {
        timeoutMs: 15_000,
        signal: this.opts.signal,
      });
      const names = this.opts.launcher.eventNames;
      const metrics = new ServerMetrics(names ? { names } : {});
      this.server = new GameServerHandle({
        name: 'server',
        host: '127.0.0.1',
        port,
        process: proc,
        control,
        metrics,
      });
      return this.server;
    } catch (err) {
      this.orphans.push(proc);
      throw err;
    }
  }

  /** Start `n` clients; resolves once each is connected and holds its first snapshot. */
  async startClients(n: number, opts: StartClientsOptions = {}): Promise<GameClientHandle[]> {
    const network = opts.network ?? this.opts.network;
    const useNetwork = network !== undefined && opts.direct !== true;
    throwIfProblems(
      `clients(${String(n)}, {...})`,
      validateClientsOptions(n, opts, {
        behaviors: this.opts.launcher.behaviors,
        hasNetwork: network !== undefined,
        profiles: network?.profiles?.names(),
      }),
      OPTIONS_HINT,
    );
    const server = this.server;
    if (!server) {
      throw new NetwrightError('ERR_GAME_NO_SERVER', 'start the game server before its clients', {
        hint: 'ask for the `server` fixture in the test (or call startServer first)',
      });
    }
    const ids = Array.from({ length: n }, () => this.nextClientId++);
    const seed = opts.seed ?? this.opts.seed;
    const started = await Promise.allSettled(
      ids.map(async (id, i) => {
        if (opts.stagger && i > 0) await sleep(opts.stagger * i, this.opts.signal);
        return this.startClient(id, seed, server, useNetwork ? network : undefined, opts);
      }),
    );
    const handles = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    this.clients.push(...handles);
    const failed = started.flatMap((r, i) =>
      r.status === 'rejected' ? [{ id: ids[i], error: r.reason }] : [],
    );
    if (failed.length > 0) {
      const first = failed[0].error as Error;
      throw new NetwrightError(
        'ERR_GAME_CLIENT_START',
        `${failed.length} of ${n} clients did not reach their first snapshot (first: client-${failed[0].id}: ${first?.message ?? first})`,
        {
          cause: first,
          details: { failed: failed.map((f) => ({ id: f.id, error: errorJson(f.error) })) },
        },
      );
    }
    return handles;
  }

  /** Every process result so far (stopped processes), for reports. */
  record(): GameSessionRecord {
    return {
      seed: this.opts.seed,
      engine: this.opts.launcher.engine,
      config: this.configs,
      processes: this.results,
    };
  }

  /** Metric summaries keyed by process name. */
  summaries(): { servers: Record<string, unknown>; clients: Record<string, unknown> } {
    const servers: Record<string, unknown> = {};
    if (this.server) servers[this.server.name] = this.server.summary();
    const clients: Record<string, unknown> = {};
    for (const c of this.clients) clients[c.name] = c.summary();
    return { servers, clients };
  }

  /** Per-second series for the report's plots; `t0` is the test's origin (unix ms). */
  timeseries(t0: number): GameTimeSeries[] {
    return gameTimeSeries(t0, this.server, this.clients);
  }

  /** Failures seen so far (fatal patterns, crashes), with engine error locations when known. */
  failures(): NetwrightError[] {
    const procs = [
      ...this.clients.map((c) => c.process),
      ...(this.server ? [this.server.process] : []),
      ...this.orphans,
    ];
    return procs.flatMap((p) => (p.failure ? [this.explain(p, p.failure)] : []));
  }

  /** Tear everything down in reverse; never throws. Returns every process result. */
  async stop(): Promise<ProcessResult[]> {
    if (this.stopped) return this.results;
    this.stopped = true;
    const clientResults = await Promise.all(this.clients.map((c) => c.stop().catch(() => undefined)));
    const orphanResults = await Promise.all(this.orphans.map((p) => p.stop().catch(() => undefined)));
    const serverResult = await this.server?.stop().catch(() => undefined);
    for (const r of [...clientResults, ...orphanResults, serverResult]) if (r) this.results.push(r);
    this.results.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    await this.control.close().catch(() => {});
    for (const p of this.ports) releasePort(p);
    return this.results;
  }

  private async startClient(
    id: number,
    seed: number,
    server: GameServerHandle,
    network: LinkOpener | undefined,
    opts: StartClientsOptions,
  ): Promise<GameClientHandle> {
    const name = `client-${id}`;
    let link: ClientLink | undefined;
    if (network) {
      link = await network.openLink({
        id: name,
        protocol: 'udp',
        upstream: { host: server.host, port: server.port },
      });
      if (opts.profile !== undefined) link.profile(opts.profile);
    }
    const spec: GameProcessSpec = {
      mode: 'client',
      host: link?.listen.host ?? server.host,
      port: link?.listen.port ?? server.port,
      clientId: id,
      behavior: opts.behavior ?? 'random_walk',
      seed: deriveSeed(seed, name),
      durationS: this.opts.durationS ?? 600,
      control: this.control.endpoint,
      impairment: opts.impairment,
      tuning: opts.tuning,
      env: opts.env,
    };
    let proc: ManagedProcess | undefined;
    try {
      proc = await this.spawn(name, spec, 'first_snapshot', opts.readyTimeoutMs ?? 30_000, {
        link: link?.id,
        profile: opts.profile,
      });
      const control = await this.control.waitForConnection(name, {
        timeoutMs: 15_000,
        signal: this.opts.signal,
      });
      const names = this.opts.launcher.eventNames;
      const metrics = new ClientMetrics(names ? { names } : {});
      return new GameClientHandle({
        id,
        process: proc,
        control,
        behavior: spec.behavior as string,
        link,
        metrics,
      });
    } catch (err) {
      if (proc) this.orphans.push(proc);
      await link?.close().catch(() => {});
      throw err;
    }
  }

  private async spawn(
    name: string,
    spec: GameProcessSpec,
    readyEvent: string,
    readyTimeoutMs: number,
    extra: Record<string, unknown> = {},
  ): Promise<ManagedProcess> {
    const env = gameEnv(spec);
    const cmd = this.opts.launcher.command(spec);
    // The record goes into task meta and reports: no secrets in it.
    this.configs.push({
      name,
      command: cmd.command,
      args: redactArgs(cmd.args),
      env: redactEnv(env),
      ...extra,
    });
    let proc: ManagedProcess;
    try {
      proc = await spawnProcess({
        name,
        command: cmd.command,
        args: cmd.args,
        cwd: cmd.cwd,
        env: { ...(cmd.env ?? {}), ...env },
        logDir: this.opts.logDir,
        readiness: { kind: 'event', match: readyEvent, timeoutMs: readyTimeoutMs },
        wallClockLimitMs: ((spec.durationS ?? 600) + 30) * 1000,
        fatalPatterns: this.opts.launcher.fatalPatterns,
        gracefulStop: () => this.quit(name),
        stopGraceMs: 3000,
        killGraceMs: 2000,
        stdin: 'pipe',
        signal: this.opts.signal,
      });
    } catch (err) {
      // The supervisor already stopped it; keep its result (tails, log paths) for the report.
      const result =
        err instanceof NetwrightError ? (err.details.result as ProcessResult | undefined) : undefined;
      if (result) this.results.push(result);
      throw this.explainError(err);
    }
    proc.onEvent((e) => this.noteAnomaly(name, e));
    const onFailure = this.opts.onProcessFailure;
    if (onFailure) {
      // A fatal line comes before the lines that locate it (Godot: `At: res://file.gd:LINE`): give
      // them a moment to arrive. A crash is only reported after exit, with its output drained.
      const report = (err: NetwrightError) => {
        const delayMs = err.code === ProcessErrorCode.FATAL_OUTPUT ? FATAL_CONTEXT_MS : 0;
        setTimeout(() => {
          if (!this.stopped) onFailure(this.explain(proc, err), proc);
        }, delayMs);
      };
      if (proc.failure) report(proc.failure);
      else proc.onFailure(report);
    }
    return proc;
  }

  /** Polite stop: `quit` on the control socket (the supervisor waits, then TERM/KILL). */
  private async quit(name: string): Promise<void> {
    const conn = this.control.get(name);
    if (conn && !(await conn.send({ cmd: 'quit' }))) await conn.close();
  }

  private noteAnomaly(source: string, e: GameEvent): void {
    if (!(ANOMALY_EVENTS.has(e.event) || e.level === 'error' || (e.event === 'quit' && e.code !== 0))) return;
    if (this.anomalies.length >= 200) {
      this.anomaliesDropped++;
      return;
    }
    this.anomalies.push({ ...e, source });
  }

  private explain(proc: ManagedProcess, err: NetwrightError): NetwrightError {
    const loc = this.opts.launcher.locateError?.(proc.tail(80));
    if (!loc) return err;
    return withLocation(err, loc);
  }

  private explainError(err: unknown): unknown {
    if (!(err instanceof NetwrightError)) return err;
    // The tail at failure time may end on the error line; the result's tails (after the stop) hold
    // the location line that follows it.
    const result = err.details.result as ProcessResult | undefined;
    const tail = [
      ...((err.details.tail as string[] | undefined) ?? []),
      ...(result?.stderrTail ?? []),
      ...(result?.stdoutTail ?? []),
    ];
    const loc = this.opts.launcher.locateError?.(tail);
    if (!loc) return err;
    return withLocation(err, loc);
  }

  private ensureListening(): Promise<unknown> {
    this.listening ??= this.control.listen();
    return this.listening;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}

/** The same error with the engine's source location leading its message and in `details.location`. */
function withLocation(err: NetwrightError, loc: { file: string; line: number }): NetwrightError {
  const bare = err.hint ? err.message.replace(`\n  hint: ${err.hint}`, '') : err.message;
  return new NetwrightError(err.code, `${loc.file}:${loc.line}: ${bare}`, {
    hint: err.hint,
    cause: err,
    details: { ...err.details, location: loc },
  });
}

function errorJson(e: unknown): unknown {
  if (e instanceof NetwrightError) return e.toJSON();
  return e instanceof Error ? { message: e.message } : String(e);
}
