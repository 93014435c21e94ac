// Command-line front end shared by `node mud-fixtures/server.ts` and `netwright mud-server`:
// parse flags, start the server, print every event as a `[LOG_JSON]` line, stop on SIGINT/SIGTERM
// or when stdin says "quit".

import { NetwrightConfigError } from '../../src/errors.ts';
import type { Pacing } from './game/options.ts';
import type { PlantedBug } from './game/planted-bugs.ts';
import { LineReader, parsePlayers, readPlayersFile } from './players-input.ts';
import type { SeedPlayer } from './seed-players.ts';
import { type MudServerOptions, startMudServer } from './server.ts';
import { validateFixtureMudOptions } from './validate-target.ts';

export const MUD_SERVER_USAGE = `usage: mud-server [options]
  --host <addr>            loopback address (default 127.0.0.1)
  --port <n>               telnet port, 0 = any (default $TEST_PORT or 0)
  --tls-port <n>           TLS port, 0 = any (default 0); --no-tls to disable
  --seed <n>               random seed (default $TEST_SEED or 1)
  --quirks                 Mud98 limits (1 accept + 1 command per pulse, 8 KB lid, MSDP every 4 s)
  --no-gmcp                do not offer GMCP (Mud98 gmcp_enabled = no)
  --pacing <pulse|instant> pulse (default, as Mud98): one command per connection per pulse, answered
                           at the pulse's end; instant: commands run on arrival (tests not about timing)
  --bug damage             a planted bug (for trying reports and fix loops): players' blows take a
                           tenth of their damage from NPCs; also $NETWRIGHT_MUD_BUG=damage
  --pulse-ms <ms>          pulse length (default 250)
  --violence-pulses <n>    combat round in pulses (default 12)
  --mobile-pulses <n>      MSDP/mobile update in pulses (default 16)
  --tick-pulses <n>        game tick in pulses (default 240)
  --area-dir <dir>         area JSON files (default mud-fixtures/areas)
  --player-dir <dir>       player files (default: a temp dir removed at exit)
  --player <name:password[:bot][:level=N]>  pre-made character (repeatable; the password shows
                           in \`ps\`: prefer --players-file or --players-stdin)
  --players-file <path>    pre-made characters, a JSON array of { name, password, bot?, level? }
                           (mode 600: it holds passwords)
  --players-stdin          the same JSON array as the first line on stdin (what netwright does)
  --autoexit               new characters start with autoexit on
  --shared-school          one shared MUD School instead of a private copy per player
  --max-connections <n>    refuse connections beyond n (default 4096)`;

/** Parsed flags: the server's options, plus where more seed players come from. */
export type MudServerCliOptions = MudServerOptions & {
  /** '-' (stdin, first line) or a file path. */
  playersFrom?: string;
};

export function parseMudServerArgs(argv: string[], env: NodeJS.ProcessEnv = {}): MudServerCliOptions {
  const problems: string[] = [];
  const o: MudServerCliOptions = { tlsPort: 0, players: [] };
  if (env.TEST_PORT) o.port = Number(env.TEST_PORT);
  if (env.TEST_SEED) o.seed = Number(env.TEST_SEED);
  const num = (flag: string, v: string | undefined): number | undefined => {
    const n = Number(v);
    if (v !== undefined && v !== '' && Number.isInteger(n) && n >= 0) return n;
    problems.push(`${flag} needs a non-negative integer (got ${v})`);
    return undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    switch (a) {
      case '--host':
        o.host = next();
        break;
      case '--port':
        o.port = num(a, next());
        break;
      case '--tls-port':
        o.tlsPort = num(a, next());
        break;
      case '--no-tls':
        o.tlsPort = false;
        break;
      case '--seed':
        o.seed = num(a, next());
        break;
      case '--quirks':
        o.quirks = true;
        break;
      case '--no-gmcp':
        o.gmcp = false;
        break;
      case '--bug':
        o.bug = next() as PlantedBug; // checked with the other values below
        break;
      case '--pacing':
        o.pacing = next() as Pacing; // checked with the other values below
        break;
      case '--pulse-ms':
        o.pulseMs = num(a, next());
        break;
      case '--violence-pulses':
        o.violencePulses = num(a, next());
        break;
      case '--mobile-pulses':
        o.mobilePulses = num(a, next());
        break;
      case '--tick-pulses':
        o.tickPulses = num(a, next());
        break;
      case '--area-dir':
        o.areaDir = next();
        break;
      case '--player-dir':
        o.playerDir = next();
        break;
      case '--autoexit':
        o.autoexit = true;
        break;
      case '--shared-school':
        o.instances = false;
        break;
      case '--max-connections':
        o.maxConnections = num(a, next());
        break;
      case '--players-file':
        o.playersFrom = next();
        if (!o.playersFrom) problems.push('--players-file needs a path');
        break;
      case '--players-stdin':
        o.playersFrom = '-';
        break;
      case '--player': {
        const p = parsePlayer(next());
        if (p) o.players?.push(p);
        else problems.push(`--player needs name:password[:bot][:level=N] (got ${argv[i]})`);
        break;
      }
      default:
        problems.push(`unknown option ${a}`);
    }
  }
  // Values the flags parsed into: the same checks as the mudServer fixture's options.
  const { seed: _seed, playersFrom: _from, ...fixtureOptions } = o;
  for (const p of validateFixtureMudOptions(fixtureOptions, false))
    problems.push(`--${flagOf(p.path)}: ${p.message}`);
  if (problems.length) throw new NetwrightConfigError('mud-server options', problems, MUD_SERVER_USAGE);
  return o;
}

// Option path -> the flag that set it (pulseMs -> pulse-ms; players[0].name -> player #1 name).
function flagOf(path: string): string {
  const m = /^players\[(\d+)\]\.?(.*)$/.exec(path);
  if (m) return `player #${Number(m[1]) + 1}${m[2] ? ` ${m[2]}` : ''}`;
  return path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function parsePlayer(spec: string | undefined): SeedPlayer | undefined {
  if (!spec) return undefined;
  const [name, password, ...rest] = spec.split(':');
  if (!name || !password) return undefined;
  const p: SeedPlayer = { name, password };
  for (const r of rest) {
    if (r === 'bot') p.bot = true;
    else if (r === 'autoexit') p.autoexit = true;
    else if (r.startsWith('level=')) p.level = Number(r.slice(6));
  }
  return p;
}

/** Run until SIGINT/SIGTERM or "quit" on stdin; returns the exit code. */
export async function runMudServerCli(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${MUD_SERVER_USAGE}\n`);
    return 0;
  }
  const stdin = new LineReader(process.stdin);
  let opts: MudServerCliOptions;
  try {
    opts = parseMudServerArgs(argv, process.env);
    if (opts.playersFrom === '-') opts.players?.push(...parsePlayers(await stdin.next(10_000), 'stdin'));
    else if (opts.playersFrom) opts.players?.push(...readPlayersFile(opts.playersFrom));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const { playersFrom: _from, ...serverOptions } = opts;
  const { print, flush } = eventPrinter();
  const handle = await startMudServer({ ...serverOptions, onEvent: print });
  return await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (why: string) => {
      if (stopping) return;
      stopping = true;
      print({ t: Date.now(), level: 'info', cat: 'mud', event: 'shutdown', reason: why });
      void handle.close().then(() => {
        flush();
        resolve(0);
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    stdin.onLine((line) => {
      if (line.trim() === 'quit') stop('stdin');
    });
  });
}

/** Most event lines held between flushes; beyond it lines are dropped and the count is reported. */
const MAX_PENDING_LINES = 20_000;

/**
 * `[LOG_JSON]` lines, batched: one stdout write per event-loop turn instead of one per event (stdout
 * to a pipe is synchronous on Linux, so per-event writes would stall the pulse under load).
 */
function eventPrinter(): { print: (e: unknown) => void; flush: () => void } {
  let pending: string[] = [];
  let dropped = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (dropped) {
      pending.push(
        `[LOG_JSON] ${JSON.stringify({ t: Date.now(), level: 'warn', cat: 'mud', event: 'log_dropped', lines: dropped })}\n`,
      );
      dropped = 0;
    }
    const text = pending.join('');
    pending = [];
    process.stdout.write(text);
  };
  const print = (e: unknown) => {
    if (pending.length >= MAX_PENDING_LINES) dropped++;
    else pending.push(`[LOG_JSON] ${JSON.stringify(e)}\n`);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return { print, flush };
}
