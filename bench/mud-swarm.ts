// Bench: what a swarm costs and how well it measures, against the fixture MUD in its own process.
//
//   node bench/mud-swarm.ts [--bots 100,500,1000,2000] [--seconds 20] [--workers 1] [--baseline 2000]
//                           [--load 0,100]
//
// 1. Per N: N bots play MUD School (default behaviours, ROM's 250 ms pulse: round trips are
//    pulse-quantised) through runSwarm; over the same window it prints memory per bot (RSS growth),
//    CPU of this process per bot (all threads, % of one core), bots per core at that load, commands/s,
//    command latency p50/p99 and logins/failures.
// 2. Measurement error: on an instant-paced server, the same `look` timed by a MudBot (prompt
//    detection through the telnet/protocol stack) and by a raw-socket client (stamped when the write
//    is issued and when the 'data' chunk whose bytes complete the prompt arrives, before any decoding),
//    interleaved command by command (alternating which goes first) so both see the same load; the
//    difference of their p50/p99 is what the bot's measurement adds (target <= 1 ms at p99). Each
//    --load figure is one run with that many swarm bots playing against the same server, in this
//    process, while the probes run (0 = idle). --bots 0 skips part 1.
import net from 'node:net';
import { LatencyHistogram } from '../src/metrics/histogram.ts';
import { GAME_PROMPT, MudBot } from '../src/mud/bot/index.ts';
import { runSwarm } from '../src/mud/swarm/index.ts';
import { startFixtureMud as startServer, stopFixtureMud as stopServer } from './fixture-mud.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const COUNTS = (args.get('bots') ?? '100,500,1000,2000')
  .split(',')
  .map((n) => Math.min(5000, Number(n)))
  .filter((n) => n > 0); // --bots 0: measurement error only
const SECONDS = Math.min(300, Number(args.get('seconds') ?? 20));
const WORKERS = Math.min(16, Number(args.get('workers') ?? 1));
const BASELINE = Math.min(20_000, Number(args.get('baseline') ?? 2000));
const LOADS = (args.get('load') ?? '0,100').split(',').map((n) => Math.min(2000, Number(n)));

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

/** A raw-socket player: logs in by regex, then times write -> arrival of the chunk completing a prompt. */
async function rawClient(port: number, name: string, password: string) {
  const sock = net.connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  let buf = '';
  let waiter: ((at: number) => void) | undefined;
  let want: RegExp | undefined;
  sock.on('data', (d) => {
    const at = performance.now(); // before decoding: the same point the MudConnection stamps
    buf += d.toString('latin1');
    if (buf.length > 65536) buf = buf.slice(-4096);
    if (want && waiter && want.test(buf)) {
      const w = waiter;
      waiter = undefined;
      w(at);
    }
  });
  const wait = (re: RegExp, ms = 10_000) =>
    new Promise<number>((resolve, reject) => {
      if (re.test(buf)) return resolve(performance.now());
      want = re;
      const t = setTimeout(
        () => reject(new Error(`raw client: no ${re} in ${ms} ms; last: ${buf.slice(-200)}`)),
        ms,
      );
      waiter = (at) => {
        clearTimeout(t);
        resolve(at);
      };
    });
  await wait(/name/i);
  buf = '';
  sock.write(`${name}\r\n`);
  await wait(/assword/i);
  buf = '';
  sock.write(`${password}\r\n`);
  for (let i = 0; i < 5 && !GAME_PROMPT.test(buf); i++) {
    await wait(new RegExp(`${GAME_PROMPT.source}|RETURN|continue`, 'i')).catch(() => 0);
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
      return (await wait(GAME_PROMPT)) - t;
    },
    close: () => sock.destroy(),
  };
}

/** N swarm bots playing on `port` in this process until stop(), which says their commands/s (0 for none). */
async function startLoad(port: number, n: number): Promise<() => Promise<number>> {
  if (n <= 0) return async () => 0;
  let responses = 0;
  const stop = new AbortController();
  let resolveIn!: () => void;
  const allIn = new Promise<void>((r) => {
    resolveIn = r;
  });
  const run = runSwarm(
    {
      host: '127.0.0.1',
      port,
      bots: n,
      name: 'Load',
      staggerMs: 5,
      maxPendingGreetings: 32,
      durationMs: 600_000,
      workers: 1,
      timeoutMs: 60_000,
      progressEveryMs: 200,
    },
    {
      onProgress: (s) => {
        responses = s.responses;
        if (s.bots.active >= n) resolveIn();
      },
      signal: stop.signal,
    },
  );
  await Promise.race([
    allIn,
    run.then((r) => Promise.reject(new Error(`load swarm ended early: ${JSON.stringify(r.fault)}`))),
  ]);
  const [r0, t0] = [responses, performance.now()];
  return async () => {
    const rate = (responses - r0) / ((performance.now() - t0) / 1000);
    stop.abort();
    await run;
    return rate;
  };
}

console.log(
  `\n# measurement error: 'look' x ${BASELINE} each on an instant-paced fixture MUD, bot and raw socket interleaved command by command`,
);
console.log(
  'load: playing bots (their commands/s) | raw p50 / p99 ms | MudBot p50 / p99 ms | error (bot - raw) p50 / p99 ms',
);
for (const load of LOADS) {
  const { child, port } = await startServer([
    '--pacing',
    'instant',
    '--max-connections',
    String(load + 10),
    '--player',
    'Rawa:bench123',
    '--player',
    'Rawb:bench123',
  ]);
  try {
    const stopLoad = await startLoad(port, load);
    const bot = await MudBot.connect(
      { port },
      {
        name: 'Rawb',
        password: 'bench123',
        transcriptBytes: 0,
        latencySeries: 0,
        // No commands/s cap: both probes go back to back; the cap's wait is before the stamp anyway.
        queue: { maxPerSecond: 0 },
      },
    );
    const raw = await rawClient(port, 'Rawa', 'bench123');
    const viaBot = new LatencyHistogram();
    const viaRaw = new LatencyHistogram();
    for (let i = 0; i < BASELINE; i++) {
      if (i % 2 === 0) viaRaw.record(await raw.time('look'));
      viaBot.record((await bot.send('look')).latencyMs);
      if (i % 2 === 1) viaRaw.record(await raw.time('look'));
    }
    const loadRate = await stopLoad();
    const b = viaBot.summary();
    const w = viaRaw.summary();
    console.log(
      [
        `${load} (${round(loadRate, 0)})`,
        `${round(w.p50, 3)} / ${round(w.p99, 3)}`,
        `${round(b.p50, 3)} / ${round(b.p99, 3)}`,
        `${round(b.p50 - w.p50, 3)} / ${round(b.p99 - w.p99, 3)}  (target <= 1 ms at p99)`,
      ].join(' | '),
    );
    raw.close();
    await bot.close();
  } finally {
    await stopServer(child);
  }
}
