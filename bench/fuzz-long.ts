// The long fuzz: every entry point's property (the same targets the CI suite runs briefly, from
// test/fuzz/targets) for minutes each, with a fresh seed per target, printed so a finding replays.
// Run it under the shared heavy lock:
//   flock /tmp/nw-heavy.lock npx -y pnpm@12 exec node bench/fuzz-long.ts --minutes 2
//   ... --only api,mud --seed 1234          (targets whose name starts with a word; a fixed seed)
// Exit code 1 when any property failed; the table is what the README's "Fuzzing" section quotes.
import { randomInt } from 'node:crypto';
import { loadavg } from 'node:os';
import type { FuzzOutcome, FuzzTarget } from '../test/fuzz/harness.ts';
import { runTarget } from '../test/fuzz/harness.ts';
import { apiServerTarget } from '../test/fuzz/targets/api-server.ts';
import { CODEC_TARGETS } from '../test/fuzz/targets/codecs.ts';
import { CONFIG_TARGETS } from '../test/fuzz/targets/config.ts';
import { fixtureMudTarget } from '../test/fuzz/targets/fixture-mud.ts';

const TARGETS: FuzzTarget<unknown>[] = [
  ...CODEC_TARGETS,
  fixtureMudTarget as FuzzTarget<unknown>,
  apiServerTarget as FuzzTarget<unknown>,
  ...CONFIG_TARGETS,
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const minutes = Number(arg('minutes') ?? 1);
const only = arg('only')?.split(',');
const fixedSeed = arg('seed');
if (!(minutes > 0 && minutes <= 15))
  throw new Error('--minutes must be within (0, 15] (one heavy-lock hold each)');

// A bug that throws outside a property (a socket handler) must be a finding, not the end of the run.
const stray: string[] = [];
process.on('uncaughtException', (err) => stray.push(String(err?.stack ?? err)));
process.on('unhandledRejection', (err) => stray.push(String((err as Error)?.stack ?? err)));

const selected = TARGETS.filter(
  (t) => !only || only.some((w) => t.name.toLowerCase().startsWith(w.toLowerCase())),
);
process.stdout.write(
  `long fuzz: ${selected.length} targets x ${minutes} min, load ${loadavg()[0].toFixed(2)}, node ${process.version}\n`,
);
const outcomes: FuzzOutcome[] = [];
for (const t of selected) {
  const seed = fixedSeed !== undefined ? Number(fixedSeed) : randomInt(2 ** 31);
  process.stdout.write(`- ${t.name} (seed ${seed}) ...`);
  const o = await runTarget(t, { numRuns: 1e9, seed, timeLimitMs: minutes * 60_000 });
  outcomes.push(o);
  process.stdout.write(
    ` ${o.runs} inputs in ${(o.ms / 1000).toFixed(0)} s: ${o.failed ? 'FAILED' : 'held'}\n`,
  );
  if (o.failed) process.stdout.write(`${o.report}\n`);
}

process.stdout.write('\n| target | bound | inputs | seconds | result |\n|---|---|---:|---:|---|\n');
for (const o of outcomes)
  process.stdout.write(
    `| ${o.target} | ${o.bound} | ${o.runs} | ${(o.ms / 1000).toFixed(0)} | ${o.failed ? `FAILED (seed ${o.seed})` : 'held'} |\n`,
  );
if (stray.length)
  process.stdout.write(`\nuncaught outside a property (${stray.length}):\n${stray.slice(0, 5).join('\n')}\n`);
process.exitCode = outcomes.some((o) => o.failed) || stray.length > 0 ? 1 : 0;
setImmediate(() => process.exit());
