// Bench (manual, real pace): one bot left alone in MUD School, playing until it gains a level.
//
//   node bench/mud-bot-play.ts                              # the fixture MUD at ROM pace (250 ms pulses)
//   node bench/mud-bot-play.ts --port 4200 [--host 127.0.0.1] [--name Hero] [--minutes 15]
//                                                         # any MUD already listening, e.g. real Mud98
//                              [--transcript file]        # the bot's transcript (password masked)
//
// Prints, every 30 s and at the end: what the bot is doing, kills/deaths/flees, xp, levels, rooms mapped,
// command latency (send -> prompt; on Mud98 it comes in 250 ms pulse steps) and time per behaviour.
// The CI variant of this (fast pulses) is test/mud/bot/play.test.ts; this one is for real pace.

import { writeFileSync } from 'node:fs';
import { type MudServerHandle, startMudServer } from '../mud-fixtures/lib/server.ts';
import { formatTranscript, MudBot } from '../src/mud/bot/index.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const minutes = Math.min(60, Number(args.get('minutes') ?? 15));
const name = args.get('name') ?? `Hero${String.fromCharCode(97 + (Date.now() % 26))}`.replace(/\d/g, '');
const password = process.env.MUD_PW ?? 'netwright1';

let server: MudServerHandle | undefined;
let port = Number(args.get('port') ?? 0);
const host = args.get('host') ?? '127.0.0.1';
if (!port) {
  server = await startMudServer({ seed: 1, tlsPort: false }); // ROM timing: 250 ms pulses
  port = server.port;
}
const target = server ? 'the fixture MUD (250 ms pulses)' : `${host}:${port}`;
console.log(`bot ${name} on ${target}, for at most ${minutes} min, until it gains a level`);
const t0 = performance.now();
const bot = await MudBot.connect(
  { host, port, wakeEveryMs: 250 },
  { name, password, timeoutMs: 30_000, reconnect: { attempts: 3 }, transcriptBytes: 4 * 1024 * 1024 },
);
const line = () => {
  const m = bot.snapshot();
  const top = Object.entries(m.behaviors)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${Math.round(v / 1000)}s`)
    .join(', ');
  return (
    `${Math.round((performance.now() - t0) / 1000)}s: level ${bot.world.stats.level ?? '?'} (+${m.levels}), ` +
    `kills ${m.kills}, deaths ${m.deaths}, flees ${m.flees}, xp +${m.xp}, rooms ${m.rooms}, ` +
    `commands ${m.commands}, latency p50 ${m.latencyMs.p50.toFixed(1)} ms p99 ${m.latencyMs.p99.toFixed(1)} ms | ${top}`
  );
};
const progress = setInterval(() => console.log(`${line()}\n  doing: ${bot.doing}`), 30_000);
try {
  const r = await bot.play({ for: minutes * 60_000, until: () => bot.metrics.levels >= 1 });
  console.log(`stopped: ${r.reason} after ${Math.round(r.durationMs / 1000)} s`);
} catch (err) {
  console.log(`play failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  clearInterval(progress);
  console.log(line());
  for (const f of bot.metrics.fights)
    console.log(
      `  fight ${f.target}: ${f.outcome} in ${f.rounds} rounds, ${Math.round(f.durationMs)} ms, xp ${f.xp ?? '-'}`,
    );
  const file = args.get('transcript');
  if (file) writeFileSync(file, formatTranscript(bot.transcript.list()), { mode: 0o600 });
  await bot.close();
  await server?.close();
}
