// Bench: what a swarm costs and how well it measures, against the fixture MUD in its own process.
//
//   node bench/mud-swarm.ts [--bots 100,500,1000,2000] [--seconds 20] [--workers 1] [--baseline 400]
//
// 1. Per N: N bots play MUD School (default behaviours, ROM's 250 ms pulse: round trips are
//    pulse-quantised) through runSwarm; over the same window it prints memory per bot (RSS growth),
//    CPU of this process per bot (all threads, % of one core), bots per core at that load, commands/s,
//    command latency p50/p99 and logins/failures.
// 2. Measurement error: on an instant-paced server, the same `look` timed by a MudBot (prompt
//    detection through the telnet/protocol stack) and by a raw-socket client (write, then the first
//    prompt regex match on raw bytes), interleaved in blocks; the difference of their p50/p99 is what
//    the bot's measurement adds (target <= 1 ms at p99).
import net from 'node:net';
import { LatencyHistogram } from '../src/metrics/histogram.ts';
import { GAME_PROMPT, MudBot } from '../src/mud/bot/index.ts';
import { runSwarm } from '../src/mud/swarm/index.ts';
import { startFixtureMud as startServer, stopFixtureMud as stopServer } from './fixture-mud.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const COUNTS = (args.get('bots') ?? '100,500,1000,2000').split(',').map((n) => Math.min(5000, Number(n)));
const SECONDS = Math.min(300, Number(args.get('seconds') ?? 20));
const WORKERS = Math.min(16, Number(args.get('workers') ?? 1));
const BASELINE = Math.min(5000, Number(args.get('baseline') ?? 400));

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

console.log(`# swarm cost: N bots for ${SECONDS} s each, ${WORKERS} worker(s), fixture MUD at 250 ms pulses`);
console.log(
  'bots | logins (failed) | memory/bot KiB | CPU/bot % core | bots/core | commands/s | latency p50 / p99 ms',
);
for (const n of COUNTS) {
  const { child, port } = await startServer(['--max-connections', String(n + 100)]);
  try {
    const rss0 = process.memoryUsage().rss;
    let cpu0 = process.cpuUsage();
    let t0 = performance.now();
    let resp0 = 0;
    let loggedAt = 0;
    let latest = 0;
    let end: { cpu: NodeJS.CpuUsage; rss: number; at: number; responses: number } | undefined;
    const stop = new AbortController();
    const cap = setTimeout(() => stop.abort(), SECONDS * 1000 + 120_000);
    const r = await runSwarm(
      {
        host: '127.0.0.1',
        port,
        bots: n,
        name: 'Bench',
        staggerMs: 2,
        maxPendingGreetings: 64,
        durationMs: SECONDS * 1000 + 120_000,
        workers: WORKERS,
        timeoutMs: 60_000,
        connection: { connectTimeoutMs: 30_000 },
        progressEveryMs: 500,
      },
      {
        onProgress: (s) => {
          latest = s.responses;
          // The measured window starts once every bot is in.
          if (!loggedAt && s.bots.active >= n) {
            loggedAt = performance.now();
            cpu0 = process.cpuUsage();
            t0 = loggedAt;
            resp0 = s.responses;
            setTimeout(() => {
              end = {
                cpu: process.cpuUsage(cpu0),
                rss: process.memoryUsage().rss,
                at: performance.now(),
                responses: latest,
              };
              stop.abort();
            }, SECONDS * 1000);
          }
        },
        signal: stop.signal,
      },
    );
    clearTimeout(cap);
    const rss1 = end?.rss ?? process.memoryUsage().rss;
    const cpu = end?.cpu ?? process.cpuUsage(cpu0);
    const wall = (end?.at ?? performance.now()) - t0;
    const s = r.snapshot;
    const cpuCore = (cpu.user + cpu.system) / 1000 / wall;
    const perBot = (100 * cpuCore) / n;
    console.log(
      [
        n,
        `${s.bots.logins} (${s.bots.failed})`,
        round((rss1 - rss0) / 1024 / n, 0),
        round(perBot, 3),
        round(n / Math.max(cpuCore, 1e-9), 0),
        round(((end?.responses ?? s.responses) - resp0) / (wall / 1000), 0),
        `${round(s.latencyMs.p50)} / ${round(s.latencyMs.p99)}`,
        loggedAt ? '' : '(never all in: figures over the whole run)',
      ].join(' | '),
    );
  } finally {
    await stopServer(child);
  }
}

// ---- measurement error vs a raw socket ----

/** A raw-socket player: logs in by regex, then times write -> first prompt on raw bytes. */
async function rawClient(port: number, name: string, password: string) {
  const sock = net.connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  let buf = '';
  let waiter: ((ok: true) => void) | undefined;
  let want: RegExp | undefined;
  sock.on('data', (d) => {
    buf += d.toString('latin1');
    if (buf.length > 65536) buf = buf.slice(-4096);
    if (want && waiter && want.test(buf)) {
      const w = waiter;
      waiter = undefined;
      w(true);
    }
  });
  const wait = (re: RegExp, ms = 10_000) =>
    new Promise<true>((resolve, reject) => {
      if (re.test(buf)) return resolve(true);
      want = re;
      waiter = resolve;
      setTimeout(
        () => reject(new Error(`raw client: no ${re} in ${ms} ms; last: ${buf.slice(-200)}`)),
        ms,
      ).unref();
    });
  await wait(/name/i);
  buf = '';
  sock.write(`${name}\r\n`);
  await wait(/assword/i);
  buf = '';
  sock.write(`${password}\r\n`);
  for (let i = 0; i < 5 && !GAME_PROMPT.test(buf); i++) {
    await wait(new RegExp(`${GAME_PROMPT.source}|RETURN|continue`, 'i')).catch(() => true);
    if (!GAME_PROMPT.test(buf)) {
      buf = '';
      sock.write('\r\n');
    }
  }
  return {
    async time(cmd: string): Promise<number> {
      buf = '';
      const t = performance.now();
      sock.write(`${cmd}\r\n`);
      await wait(GAME_PROMPT);
      return performance.now() - t;
    },
    close: () => sock.destroy(),
  };
}

{
  const { child, port } = await startServer([
    '--pacing',
    'instant',
    '--player',
    'Rawa:bench123',
    '--player',
    'Rawb:bench123',
  ]);
  try {
    const bot = await MudBot.connect(
      { port },
      { name: 'Rawb', password: 'bench123', transcriptBytes: 0, latencySeries: 0 },
    );
    const raw = await rawClient(port, 'Rawa', 'bench123');
    const viaBot = new LatencyHistogram();
    const viaRaw = new LatencyHistogram();
    for (let i = 0; i < BASELINE; i += 50) {
      for (let k = 0; k < 50; k++) viaRaw.record(await raw.time('look'));
      for (let k = 0; k < 50; k++) viaBot.record((await bot.send('look')).latencyMs);
    }
    const b = viaBot.summary();
    const w = viaRaw.summary();
    console.log(
      `\n# measurement error: 'look' x ${BASELINE} on an instant-paced fixture MUD, interleaved blocks of 50`,
    );
    console.log('client | p50 ms | p99 ms');
    console.log(`raw socket | ${round(w.p50, 3)} | ${round(w.p99, 3)}`);
    console.log(`MudBot | ${round(b.p50, 3)} | ${round(b.p99, 3)}`);
    console.log(
      `error (bot - raw) | ${round(b.p50 - w.p50, 3)} | ${round(b.p99 - w.p99, 3)}  (target <= 1 ms at p99)`,
    );
    raw.close();
    await bot.close();
  } finally {
    await stopServer(child);
  }
}
