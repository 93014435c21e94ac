// `netwright proxy`: one impaired UDP/TCP link from the command line, or the Toxiproxy-compatible HTTP
// API (`--api 127.0.0.1:8474`) on the embedded backend. Arguments are checked in one pass and every
// problem is reported together (exit 2); progress and stats lines go to stdout; Ctrl-C stops cleanly.

import { parseArgs } from 'node:util';
import { NetwrightError } from '../errors.ts';
import { startEmbeddedApi } from '../impair/api/embedded.ts';
import { validateConfig } from '../impair/config.ts';
import { REMOTE_UPSTREAM_HINT, remoteUpstreamFromEnv } from '../impair/loopback.ts';
import { Network } from '../impair/network.ts';
import { builtInProfiles } from '../impair/profiles.ts';
import type { DirectionStats, LinkConfig, LinkConfigPatch, LinkStats } from '../impair/types.ts';
import { freshSeed } from '../util/random.ts';

/** What the command was asked to do. */
export type ProxyCommand =
  | { mode: 'help' }
  | {
      mode: 'api';
      host: string;
      port: number;
      seed: number | undefined;
      busyPollMs: number | undefined;
      quiet: boolean;
      allowRemoteUpstream: boolean;
    }
  | {
      mode: 'link';
      id: string;
      protocol: 'udp' | 'tcp';
      listen: { host: string; port: number };
      upstream: { host: string; port: number };
      profile: string | undefined;
      config: LinkConfigPatch;
      seed: number | undefined;
      busyPollMs: number | undefined;
      statsIntervalMs: number;
      durationMs: number | undefined;
      allowRemoteUpstream: boolean;
    };

export const PROXY_USAGE = `usage:
  netwright proxy --listen HOST:PORT --upstream HOST:PORT [--udp|--tcp] [impairments] [options]
  netwright proxy --api [HOST:PORT]          Toxiproxy-compatible HTTP API (default 127.0.0.1:8474)

impairments (both directions; JSON in --config for per-direction settings):
  --profile NAME        ${builtInProfiles()
    .map((p) => p.name)
    .join(', ')}
  --latency MS          one-way delay        --jitter MS      jitter (normal sd)
  --loss RATE           0..1                 --bandwidth KBPS kbit/s
  --duplicate RATE      0..1                 --reorder RATE   0..1
  --corrupt RATE        0..1                 --config JSON    a LinkConfig, e.g. '{"upstream":{"loss":0.1}}'
options:
  --udp | --tcp         protocol (default tcp)
  --id NAME             link name in stats (default proxy)
  --seed N              seed of every random choice (default: fresh, printed)
  --busy-poll MS        keep polling MS after each packet (default 0.05: ~0.05 ms added round trip;
                        0 = sleep between packets, ~0.18 ms added, no CPU while idle)
  --stats-interval MS   print a stats line every MS (default 5000, 0 = only at exit)
  --duration MS         stop after MS (default: run until Ctrl-C)
  --quiet               (--api) no per-request lines
  --allow-remote-upstream  let upstreams be other hosts (also NETWRIGHT_ALLOW_REMOTE_UPSTREAM=1)
listen addresses are loopback only (127.0.0.1, ::1, localhost); upstreams too, unless allowed.
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  api: { type: 'string' },
  listen: { type: 'string' },
  upstream: { type: 'string' },
  udp: { type: 'boolean' },
  tcp: { type: 'boolean' },
  id: { type: 'string' },
  profile: { type: 'string' },
  latency: { type: 'string' },
  jitter: { type: 'string' },
  loss: { type: 'string' },
  bandwidth: { type: 'string' },
  duplicate: { type: 'string' },
  reorder: { type: 'string' },
  corrupt: { type: 'string' },
  config: { type: 'string' },
  seed: { type: 'string' },
  'busy-poll': { type: 'string' },
  'stats-interval': { type: 'string' },
  duration: { type: 'string' },
  quiet: { type: 'boolean' },
  'allow-remote-upstream': { type: 'boolean' },
} as const;

/** Parse argv; returns the command or the list of problems (usage errors, exit code 2). */
export function parseProxyArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): ProxyCommand | { problems: string[] } {
  // `--api` with no value: give it the default before parseArgs (it needs a value for string options).
  const args = argv.flatMap((a, i) =>
    a === '--api' && (argv[i + 1] === undefined || argv[i + 1]?.startsWith('--'))
      ? ['--api=127.0.0.1:8474']
      : [a],
  );
  // Non-strict parse, then our own checks, so every problem is reported at once.
  const parsed = parseArgs({ args, options: OPTIONS, strict: false, allowPositionals: true });
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { mode: 'help' };
  const problems: string[] = parsed.positionals.map((p) => `unexpected argument '${p}'`);
  const known = Object.keys(OPTIONS) as (keyof typeof OPTIONS)[];
  for (const [name, v] of Object.entries(values)) {
    const spec = OPTIONS[name as keyof typeof OPTIONS];
    if (!spec) {
      const guess = known.find((k) => k.startsWith(name.slice(0, 3)));
      problems.push(`unknown option --${name}${guess ? ` (did you mean --${guess}?)` : ''}`);
      delete values[name];
    } else if (spec.type === 'string' && typeof v !== 'string') {
      problems.push(`--${name} needs a value`);
      delete values[name];
    } else if (spec.type === 'boolean' && typeof v !== 'boolean') {
      problems.push(`--${name} takes no value (got '${v}')`);
      delete values[name];
    }
  }
  const num = (name: string, min = 0): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < min) {
      problems.push(`--${name}: expected a number >= ${min}, got '${raw}'`);
      return undefined;
    }
    return n;
  };
  const seed = num('seed');
  if (seed !== undefined && !Number.isInteger(seed))
    problems.push(`--seed: expected an integer, got ${seed}`);
  const allowRemoteUpstream = values['allow-remote-upstream'] === true || remoteUpstreamFromEnv(env);
  const busyPollMs = num('busy-poll');
  if (busyPollMs !== undefined && busyPollMs > 1000)
    problems.push(`--busy-poll: at most 1000 ms, got ${busyPollMs}`);
  const linkFlags = [
    'listen',
    'upstream',
    'udp',
    'tcp',
    'profile',
    'latency',
    'jitter',
    'loss',
    'bandwidth',
    'duplicate',
    'reorder',
    'corrupt',
    'config',
    'duration',
    'stats-interval',
    'id',
  ];
  if (typeof values.api === 'string') {
    const used = linkFlags.filter((f) => values[f] !== undefined);
    if (used.length > 0)
      problems.push(`--api serves proxies over HTTP; it takes no ${used.map((f) => `--${f}`).join(', ')}`);
    const api = address(values.api, '--api', problems, true);
    if (problems.length > 0 || !api) return { problems };
    return {
      mode: 'api',
      host: api.host,
      port: api.port,
      seed,
      busyPollMs,
      quiet: values.quiet === true,
      allowRemoteUpstream,
    };
  }
  if (values.listen === undefined)
    problems.push('--listen HOST:PORT is required (or --api for the HTTP API)');
  if (values.upstream === undefined)
    problems.push('--upstream HOST:PORT is required: where the server listens');
  if (values.udp && values.tcp) problems.push('--udp and --tcp are exclusive');
  const listen =
    typeof values.listen === 'string' ? address(values.listen, '--listen', problems, true) : undefined;
  const upstream =
    typeof values.upstream === 'string'
      ? address(values.upstream, '--upstream', problems, false, allowRemoteUpstream)
      : undefined;
  const config: Record<string, unknown> = {};
  if (typeof values.config === 'string') {
    try {
      Object.assign(config, JSON.parse(values.config) as LinkConfig);
    } catch (err) {
      problems.push(`--config: not JSON (${(err as Error).message})`);
    }
  }
  const latency = num('latency');
  const jitter = num('jitter');
  if (jitter !== undefined && latency === undefined) problems.push('--jitter needs --latency');
  if (latency !== undefined) config.latency = jitter ? { latencyMs: latency, jitterMs: jitter } : latency;
  for (const key of ['loss', 'bandwidth', 'duplicate', 'reorder', 'corrupt'] as const) {
    const v = num(key);
    if (v !== undefined) config[key] = v;
  }
  const statsIntervalMs = num('stats-interval') ?? 5000;
  const durationMs = num('duration', 1);
  if (problems.length > 0 || !listen || !upstream) return { problems };
  return {
    mode: 'link',
    id: typeof values.id === 'string' ? values.id : 'proxy',
    protocol: values.udp ? 'udp' : 'tcp',
    listen,
    upstream,
    profile: typeof values.profile === 'string' ? values.profile : undefined,
    config: config as LinkConfigPatch,
    seed,
    busyPollMs,
    statsIntervalMs,
    durationMs,
    allowRemoteUpstream,
  };
}

function address(
  raw: string,
  flag: string,
  problems: string[],
  allowZero: boolean,
  allowRemote = false,
): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(raw);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!m || !host || port > 65535 || (!allowZero && port === 0)) {
    problems.push(
      `${flag}: expected HOST:PORT${allowZero ? '' : ' with a port > 0'} (e.g. 127.0.0.1:7777), got '${raw}'`,
    );
    return undefined;
  }
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (!loopback && !allowRemote) {
    problems.push(
      `${flag}: ${host} is not loopback; ${flag === '--upstream' ? REMOTE_UPSTREAM_HINT : 'netwright listens on 127.0.0.1, ::1 or localhost only'}`,
    );
    return undefined;
  }
  return { host: host === 'localhost' ? '127.0.0.1' : host, port };
}

/** Where output goes and what stops the command (tests pass their own). */
export interface ProxyIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Aborting stops the command like Ctrl-C. */
  signal?: AbortSignal;
  /** Called once listening, with the bound address (tests use it to find port 0's port). */
  onReady?: (where: { host: string; port: number }) => void;
}

/** One line for a direction: packets, drops by cause, latency and rate delivered. */
export function directionLine(name: string, d: DirectionStats): string {
  const drops = Object.entries(d.dropped)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([cause, n]) => `${cause} ${n}`)
    .join(', ');
  const lat =
    d.latencyMs.count > 0
      ? ` lat p50 ${d.latencyMs.p50.toFixed(1)} p99 ${d.latencyMs.p99.toFixed(1)} ms`
      : '';
  const dup = d.duplicated > 0 ? ` dup ${d.duplicated}` : '';
  return `${name} in ${d.packetsIn} pkt/${d.bytesIn} B out ${d.packetsOut} pkt/${d.bytesOut} B dropped ${d.droppedTotal}${drops ? ` (${drops})` : ''}${dup}${lat} ${d.achievedKbps.toFixed(0)} kbit/s`;
}

/** The stats line printed every interval and at exit. */
export function statsLine(s: LinkStats, tMs: number): string {
  return `stats t=${(tMs / 1000).toFixed(1)}s sessions ${s.sessions.active}/${s.sessions.total} | ${directionLine('up', s.upstream)} | ${directionLine('down', s.downstream)}`;
}

function waitForStop(signal: AbortSignal | undefined, durationMs: number | undefined): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      clearTimeout(timer);
      resolve(why);
    };
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const timer =
      durationMs === undefined ? undefined : setTimeout(() => done(`duration ${durationMs} ms`), durationMs);
    if (signal?.aborted) done('aborted');
    signal?.addEventListener('abort', () => done('aborted'), { once: true });
  });
}

/** Run with explicit I/O; returns the exit code (0 stopped cleanly, 1 runtime error, 2 usage error). */
export async function runProxy(argv: string[], io: ProxyIo): Promise<number> {
  const cmd = parseProxyArgs(argv);
  if ('problems' in cmd) {
    io.err(
      `netwright proxy: ${cmd.problems.length} problem(s):\n${cmd.problems.map((p) => `  - ${p}`).join('\n')}\n\n${PROXY_USAGE}`,
    );
    return 2;
  }
  if (cmd.mode === 'help') {
    io.out(PROXY_USAGE);
    return 0;
  }
  const seed = cmd.seed ?? freshSeed();
  try {
    if (cmd.mode === 'api') {
      const api = await startEmbeddedApi({
        host: cmd.host,
        port: cmd.port,
        seed,
        busyPollMs: cmd.busyPollMs,
        log: cmd.quiet ? undefined : io.out,
        allowRemoteUpstream: cmd.allowRemoteUpstream,
      });
      io.out(
        `netwright proxy: Toxiproxy-compatible API on ${api.server.url} (seed ${seed}, busy-poll ${api.network.busyPollMs} ms; Ctrl-C to stop)`,
      );
      io.onReady?.({ host: api.server.host, port: api.server.port });
      const why = await waitForStop(io.signal, undefined);
      await closeWithin(() => api.close(), io);
      io.out(`netwright proxy: stopped (${why})`);
      return 0;
    }
    return await runLink(cmd, seed, io);
  } catch (err) {
    if (err instanceof NetwrightError) {
      const usage = ['ERR_PROFILE_UNKNOWN', 'ERR_CONFIG_INVALID'].includes(err.code);
      io.err(
        `netwright proxy: [${err.code}] ${err.message}${usage ? '\n(netwright proxy --help for usage)' : ''}`,
      );
      return usage ? 2 : 1;
    }
    const e = err as { code?: string; message?: string };
    io.err(
      `netwright proxy: ${e.code === 'EADDRINUSE' ? 'address already in use: ' : ''}${e.message ?? String(err)}`,
    );
    return 1;
  }
}

async function runLink(
  cmd: Extract<ProxyCommand, { mode: 'link' }>,
  seed: number,
  io: ProxyIo,
): Promise<number> {
  const network = new Network({
    seed,
    busyPollMs: cmd.busyPollMs,
    allowRemoteUpstream: cmd.allowRemoteUpstream,
  });
  try {
    // Check profile and config before opening any socket.
    if (cmd.profile) network.profiles.get(cmd.profile);
    validateConfig(cmd.config, cmd.protocol === 'tcp' ? 'stream' : 'datagram');
    const link = await network.openLink({
      id: cmd.id,
      protocol: cmd.protocol,
      upstream: cmd.upstream,
      listen: cmd.listen,
    });
    if (cmd.profile) link.profile(cmd.profile);
    if (Object.keys(cmd.config).length > 0) link.set(cmd.config);
    const l = link.listen;
    io.out(
      `netwright proxy: ${cmd.protocol} ${l.host}:${l.port} -> ${cmd.upstream.host}:${cmd.upstream.port}` +
        `${cmd.profile ? ` profile ${cmd.profile}` : ''} config ${JSON.stringify(link.config())} seed ${seed} busy-poll ${network.busyPollMs} ms (Ctrl-C to stop)`,
    );
    io.onReady?.(l);
    const t0 = network.clock.now();
    const timer =
      cmd.statsIntervalMs > 0
        ? setInterval(() => io.out(statsLine(link.stats(), network.clock.now() - t0)), cmd.statsIntervalMs)
        : undefined;
    const why = await waitForStop(io.signal, cmd.durationMs);
    clearInterval(timer);
    io.out(statsLine(link.stats(), network.clock.now() - t0));
    io.out(`netwright proxy: stopped (${why})`);
    return 0;
  } finally {
    await closeWithin(() => network.close(), io);
  }
}

/** How long closing the proxies may take after a stop request, ms; then the command exits anyway. */
export const CLOSE_DEADLINE_MS = 1500;

/** Close, but never wait longer than CLOSE_DEADLINE_MS (a warning says so). */
async function closeWithin(close: () => Promise<void>, io: ProxyIo): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), CLOSE_DEADLINE_MS);
  });
  const r = await Promise.race([close().then(() => 'closed' as const), late]);
  clearTimeout(timer);
  if (r === 'late') io.err(`netwright proxy: closing took over ${CLOSE_DEADLINE_MS} ms; exiting anyway`);
}

/**
 * `netwright proxy ...` entry point. The process exits as soon as the command returns: every socket
 * and timer has been closed by then (or the close deadline passed), and waiting for Node to drain its
 * loop on its own is what once left a stopped proxy spinning in Node's exit cleanup (issue #10).
 */
export async function run(argv: string[]): Promise<number> {
  const code = await runProxy(argv, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
  process.exit(code);
}
