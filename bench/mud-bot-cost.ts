// Bench: what one playing bot costs in one process (no workers): memory and CPU per bot while N bots
// play MUD School on the fixture MUD (its own process, ROM's 250 ms pulse), side by side for each N.
//
//   node bench/mud-bot-cost.ts [--bots 100,500,1000] [--seconds 30]
//
// Bots are made the way a swarm makes them (transcriptBytes 0, latencySeries 0) and log in 50 at a
// time. Per N it prints: heap + external memory per bot, CPU of this process per bot (% of one core),
// commands/s, command latency p50/p99, and kills, all over the same window.
import { LatencyHistogram } from '../src/metrics/histogram.ts';
import { MudBot } from '../src/mud/bot/index.ts';
import { startFixtureMud } from './fixture-mud.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const COUNTS = (args.get('bots') ?? '100,500,1000').split(',').map((n) => Math.min(3000, Number(n)));
const SECONDS = Math.min(300, Number(args.get('seconds') ?? 30));

const startServer = (maxConnections: number) =>
  startFixtureMud(['--max-connections', String(maxConnections)]);

const letters = (i: number) =>
  Array.from({ length: 4 }, (_, k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join('');
const mem = () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

console.log(
  `N bots playing for ${SECONDS} s each in this one process; fixture MUD at 250 ms pulses in its own`,
);
console.log('bots | memory/bot | CPU/bot (% core) | commands/s | latency p50 / p99 ms | kills');
for (const n of COUNTS) {
  const { child, port } = await startServer(n + 50);
  const bots: MudBot[] = [];
  const before = mem();
  try {
    for (let i = 0; i < n; i += 50) {
      const batch = Array.from({ length: Math.min(50, n - i) }, (_, k) =>
        MudBot.connect(
          { port, connectTimeoutMs: 30_000 },
          {
            name: `Cost${letters(i + k)}`,
            password: 'bench123',
            transcriptBytes: 0,
            latencySeries: 0,
            timeoutMs: 60_000,
          },
        ),
      );
      bots.push(...(await Promise.all(batch)));
    }
    const stop = new AbortController();
    const playing = bots.map((b) => b.play({ signal: stop.signal }).catch(() => undefined));
    await new Promise((r) => setTimeout(r, 3000)); // settle: orientation commands
    const cmd0 = bots.reduce((s, b) => s + b.metrics.commands, 0);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const cpu = process.cpuUsage(cpu0);
    const secs = (performance.now() - t0) / 1000;
    const perBotMem = (mem() - before) / n;
    const cmds = bots.reduce((s, b) => s + b.metrics.commands, 0) - cmd0;
    const lat = new LatencyHistogram();
    for (const b of bots) lat.merge(b.metrics.latency);
    const kills = bots.reduce((s, b) => s + b.metrics.kills, 0);
    stop.abort();
    await Promise.all(playing);
    const cpuPct = ((cpu.user + cpu.system) / 1000 / (secs * 1000)) * 100;
    console.log(
      `${String(n).padStart(4)} | ${(perBotMem / 1024).toFixed(1)} KiB | ${(cpuPct / n).toFixed(3)} | ${(cmds / secs).toFixed(0)} | ` +
        `${lat.percentile(50).toFixed(1)} / ${lat.percentile(99).toFixed(1)} | ${kills}`,
    );
  } finally {
    await Promise.all(bots.map((b) => b.close()));
    child.kill('SIGKILL');
  }
}
