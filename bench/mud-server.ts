// Bench: can the fixture MUD hold N concurrent logged-in connections on one core without falling behind?
//
//   node bench/mud-server.ts [--connections 2000] [--seconds 20] [--concurrency 50] [--command-every-ms 2000]
//                            [--quirks yes] [--pacing pulse|instant]
//
// Starts mud-fixtures/server.ts as its own process (pinned to CPU 0 with taskset when available), logs N
// pre-made characters in over loopback with bounded concurrency, then runs a bounded load loop (each
// connection sends one command every --command-every-ms, jittered) and prints the server's pulse
// durations (from its pulse_stats events) next to the 250 ms pulse budget, plus skipped pulses.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Random } from '../src/util/random.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const N = Math.min(5000, Number(args.get('connections') ?? 2000));
const SECONDS = Math.min(300, Number(args.get('seconds') ?? 20));
const CONCURRENCY = Math.min(200, Number(args.get('concurrency') ?? 50));
const EVERY_MS = Math.max(100, Number(args.get('command-every-ms') ?? 2000));
const QUIRKS = args.get('quirks') === 'yes';
/** The fixture's default is 'pulse' (one command per connection per 250 ms pulse, as Mud98). */
const PACING = args.get('pacing') === 'instant' ? 'instant' : 'pulse';
const PASSWORD = 'bench123';
const COMMANDS = ['look', 'score', 'north', 'south', 'inventory', 'exits', 'who', 'equipment'];

const entry = fileURLToPath(new URL('../mud-fixtures/server.ts', import.meta.url));
const serverArgs = [entry, '--port', '0', '--no-tls', '--seed', '1', '--max-connections', String(N + 100)];
if (QUIRKS) serverArgs.push('--quirks');
serverArgs.push('--pacing', PACING);
for (let i = 0; i < N; i++) serverArgs.push('--player', `Bench${toLetters(i)}:${PASSWORD}:bot`);

function toLetters(i: number): string {
  let s = '';
  let n = i;
  for (let k = 0; k < 4; k++) {
    s += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  }
  return s;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface PulseStats {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  skipped: number;
  players: number;
  connections: number;
}

const pinned = hasTaskset();
const child: ChildProcess = pinned
  ? spawn('taskset', ['-c', '0', process.execPath, ...serverArgs], { stdio: ['ignore', 'pipe', 'inherit'] })
  : spawn(process.execPath, serverArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
const stats: { phase: string; s: PulseStats }[] = [];
let phase = 'login';
let port = 0;
const ready = new Promise<void>((resolve, reject) => {
  const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  rl.on('line', (line) => {
    const at = line.indexOf('[LOG_JSON] ');
    if (at < 0) return;
    const e = JSON.parse(line.slice(at + 11));
    if (e.event === 'server_ready') {
      port = e.port;
      resolve();
    } else if (e.event === 'pulse_stats') stats.push({ phase, s: e });
  });
  child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
});

const stopServer = () => {
  if (child.exitCode === null) child.kill('SIGTERM');
};
process.on('exit', stopServer);
const hardStop = setTimeout(
  () => {
    console.error('bench: hard time limit reached');
    stopServer();
    process.exit(1);
  },
  (SECONDS + 240) * 1000,
);

interface Client {
  sock: Socket;
  buf: string;
  replies: number;
  /** When the outstanding command was sent (performance.now ms), for round-trip latency. */
  sentAt: number | undefined;
  waiters: { pattern: string; resolve: () => void }[];
}

const rtts: number[] = [];

function openClient(): Promise<Client> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    const c: Client = { sock, buf: '', replies: 0, sentAt: undefined, waiters: [] };
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => {
      const text = d.toString('latin1');
      const prompts = text.split('mv> ').length - 1;
      c.replies += prompts;
      if (prompts && c.sentAt !== undefined && rtts.length < 1_000_000) {
        rtts.push(performance.now() - c.sentAt);
        c.sentAt = undefined;
      }
      c.buf = (c.buf + text).slice(-4096);
      for (const w of [...c.waiters]) {
        if (c.buf.includes(w.pattern)) {
          c.waiters.splice(c.waiters.indexOf(w), 1);
          c.buf = '';
          w.resolve();
        }
      }
    });
    sock.once('connect', () => resolve(c));
    sock.once('error', reject);
  });
}

function waitFor(c: Client, pattern: string, timeoutMs = 60_000): Promise<void> {
  if (c.buf.includes(pattern)) {
    c.buf = '';
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout waiting for ${pattern}`)), timeoutMs);
    c.waiters.push({
      pattern,
      resolve: () => {
        clearTimeout(t);
        resolve();
      },
    });
  });
}

async function login(i: number): Promise<Client> {
  const c = await openClient();
  await waitFor(c, 'known?');
  c.sock.write(`Bench${toLetters(i)}\r\n`);
  await waitFor(c, 'Password: ');
  c.sock.write(`${PASSWORD}\r\n`);
  await waitFor(c, '[Hit Return to continue]');
  c.sock.write('\r\n');
  await waitFor(c, 'mv> ');
  return c;
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : Number.NaN;
}

async function main(): Promise<void> {
  await ready;
  const clients: Client[] = [];
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < N) {
      const i = next++;
      clients.push(await login(i));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const loginSec = (performance.now() - t0) / 1000;
  console.log(`logged in ${clients.length}/${N} in ${loginSec.toFixed(1)} s (concurrency ${CONCURRENCY})`);

  phase = 'load';
  const rng = new Random(7);
  const end = performance.now() + SECONDS * 1000;
  let sent = 0;
  const before = clients.reduce((n, c) => n + c.replies, 0);
  const timers = clients.map((c) => {
    const fire = () => {
      if (performance.now() >= end || c.sock.destroyed) return;
      if (c.sentAt === undefined) c.sentAt = performance.now();
      c.sock.write(`${rng.pick(COMMANDS)}\r\n`);
      sent++;
      setTimeout(fire, EVERY_MS * rng.uniform(0.5, 1.5));
    };
    return setTimeout(fire, rng.uniform(0, EVERY_MS));
  });
  await new Promise((r) => setTimeout(r, SECONDS * 1000 + 3000));
  for (const t of timers) clearTimeout(t);
  const replies = clients.reduce((n, c) => n + c.replies, 0) - before;
  const loadRtts = rtts.splice(0);
  for (const c of clients) c.sock.destroy();
  await new Promise((r) => setTimeout(r, 1500));
  stopServer();
  clearTimeout(hardStop);

  const load = stats.filter((x) => x.phase === 'load').map((x) => x.s);
  const loginPhase = stats.filter((x) => x.phase === 'login').map((x) => x.s);
  const row = (name: string, xs: PulseStats[]) => {
    if (!xs.length) return console.log(`${name.padEnd(8)} (no pulse_stats windows)`);
    const p50 = pct(
      xs.map((x) => x.p50Ms),
      0.5,
    );
    const p99 = pct(
      xs.map((x) => x.p99Ms),
      0.99,
    );
    const max = Math.max(...xs.map((x) => x.maxMs));
    const skipped = xs.reduce((n, x) => n + x.skipped, 0);
    console.log(
      `${name.padEnd(8)} windows=${String(xs.length).padStart(3)}  pulse p50=${p50.toFixed(2)} ms  p99=${p99.toFixed(2)} ms  max=${max.toFixed(2)} ms  ` +
        `budget=250 ms  max/budget=${(max / 250).toFixed(3)}  skipped=${skipped}`,
    );
  };
  console.log(
    `mode: ${QUIRKS ? 'quirks (Mud98 limits, pulse-paced)' : PACING === 'pulse' ? 'default: pulse pacing (1 command per connection per 250 ms pulse, as Mud98; round trips are pulse-quantised)' : 'pacing instant (commands run on arrival)'}`,
  );
  console.log(`server pinned to one core: ${pinned ? 'yes (taskset -c 0)' : 'no (taskset missing)'}`);
  row('login', loginPhase);
  row('load', load);
  console.log(
    `load: ${clients.length} connections, ${sent} commands in ${SECONDS} s (${(sent / SECONDS).toFixed(0)}/s), ` +
      `${replies} prompts back (ratio ${(replies / Math.max(1, sent)).toFixed(3)})`,
  );
  console.log(
    `command round trip (client side, includes queueing): p50=${pct(loadRtts, 0.5).toFixed(1)} ms  ` +
      `p90=${pct(loadRtts, 0.9).toFixed(1)} ms  p99=${pct(loadRtts, 0.99).toFixed(1)} ms  ` +
      `p99/pulse=${(pct(loadRtts, 0.99) / 250).toFixed(3)}  samples=${loadRtts.length}`,
  );
}

main().catch((err) => {
  console.error(err);
  stopServer();
  process.exit(1);
});
