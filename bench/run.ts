// `pnpm bench`: runs every benchmark one after the other (each prints its own side-by-side table).
// `pnpm bench impair game` runs only those whose file name starts with one of the words.
// Benchmarks are never part of the test run: the machines are shared and noisy, so read ratios.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
// netcode-soak.ts runs the whole netcode suite up to 50 times: by hand only (see its header).
const SKIP = new Set(['run.ts', 'netcode-soak.ts']);
const helpers = (f: string) => f.includes('-util') || f.includes('-worker');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !SKIP.has(f) && !helpers(f))
  .filter((f) => only.length === 0 || only.some((w) => f.startsWith(w)))
  .sort();

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== bench/${file} ===\n`);
  const started = performance.now();
  const res = spawnSync(process.execPath, [path.join(dir, file)], { stdio: 'inherit', timeout: 15 * 60_000 });
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  if (res.status !== 0) {
    failed++;
    process.stdout.write(
      `=== bench/${file}: FAILED (exit ${res.status ?? res.signal}) after ${secs} s ===\n`,
    );
  } else process.stdout.write(`=== bench/${file}: done in ${secs} s ===\n`);
}
process.exitCode = failed === 0 ? 0 : 1;
