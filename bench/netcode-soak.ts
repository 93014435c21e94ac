// The netcode soak: the whole `specs/netcode` suite back to back, N times, no retry, and a count of
// what failed: a test that fails in some runs and passes in others is a flake, one that fails in every
// run is broken. Issue #12 asks for 50 consecutive clean runs. Each run is a fresh `vitest run` (its
// own processes, ports and seed), so runs are independent. Run it under the shared heavy lock:
//   flock /tmp/nw-heavy.lock npx -y pnpm@12 exec node bench/netcode-soak.ts --runs 10
//   ... --runs 50 --max-minutes 240 --only connect,convergence      (spec files starting with a word)
// Bounded: at most 200 runs, stops starting new runs after --max-minutes (default 300), each run is
// killed after 15 minutes. Exit code 1 when any run had a failure. Not part of `pnpm bench` (too long).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const RUN_TIMEOUT_MS = 15 * 60_000;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const runs = Number(arg('runs') ?? 50);
const maxMinutes = Number(arg('max-minutes') ?? 300);
const only = arg('only')?.split(',');
if (!(Number.isInteger(runs) && runs >= 1 && runs <= 200))
  throw new Error('--runs must be an integer 1..200');
if (!(maxMinutes > 0 && maxMinutes <= 24 * 60)) throw new Error('--max-minutes must be within (0, 1440]');

const specDir = path.join(root, 'specs', 'netcode');
const files = readdirSync(specDir)
  .filter((f) => f.endsWith('.spec.ts'))
  .filter((f) => !only || only.some((w) => f.startsWith(w)))
  .map((f) => path.join('specs', 'netcode', f))
  .sort();
if (files.length === 0) throw new Error(`no spec file in specs/netcode matches --only ${only?.join(',')}`);

interface JsonReport {
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
}

/** Outcome of one test in one run. */
interface RunOutcome {
  passed: string[];
  failed: string[];
  /** Set when the run produced no report (crash, timeout). */
  broken?: string;
  seconds: number;
  load: number;
}

function runOnce(i: number): RunOutcome {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-soak-'));
  const out = path.join(dir, 'report.json');
  const load = loadavg()[0];
  const started = performance.now();
  const res = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--project',
      'specs',
      '--reporter=json',
      `--outputFile=${out}`,
      ...files,
    ],
    {
      cwd: root,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', NETWRIGHT_OUTPUT_DIR: path.join(dir, 'netwright') },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: RUN_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const outcome: RunOutcome = { passed: [], failed: [], seconds, load };
  try {
    const report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
    for (const file of report.testResults) {
      const rel = path.relative(root, file.name);
      for (const t of file.assertionResults) {
        const name = `${rel} > ${t.fullName}`;
        if (t.status === 'passed') outcome.passed.push(name);
        else if (t.status === 'failed') outcome.failed.push(name);
      }
    }
  } catch (err) {
    const why = res.error ? String(res.error) : `exit ${res.status ?? res.signal}`;
    outcome.broken = `run ${i}: no report (${why}; ${String(err).slice(0, 120)})`;
  }
  rmSync(dir, { recursive: true, force: true });
  return outcome;
}

const deadline = Date.now() + maxMinutes * 60_000;
process.stdout.write(
  `netcode soak: ${files.length} spec files x up to ${runs} runs (stop starting after ${maxMinutes} min), ` +
    `load ${loadavg()[0].toFixed(2)}, node ${process.version}\n`,
);
const outcomes: RunOutcome[] = [];
for (let i = 1; i <= runs && Date.now() < deadline; i++) {
  const o = runOnce(i);
  outcomes.push(o);
  const verdict = o.broken ?? (o.failed.length === 0 ? 'clean' : `FAILED: ${o.failed.join('; ')}`);
  process.stdout.write(
    `run ${i}: ${o.passed.length} passed, ${o.failed.length} failed in ${o.seconds.toFixed(0)} s ` +
      `(load ${o.load.toFixed(1)}): ${verdict}\n`,
  );
}

// Per test: in how many runs it failed. Every failure is listed; flake = failed in some runs only.
const failures = new Map<string, number>();
for (const o of outcomes) for (const name of o.failed) failures.set(name, (failures.get(name) ?? 0) + 1);
const clean = outcomes.filter((o) => o.failed.length === 0 && !o.broken).length;
const broken = outcomes.filter((o) => o.broken).length;
const tests = Math.max(0, ...outcomes.map((o) => o.passed.length + o.failed.length));
const secs = outcomes.map((o) => o.seconds).sort((a, b) => a - b);
const loads = outcomes.map((o) => o.load);
process.stdout.write(
  `\n${outcomes.length} runs of ${tests} tests: ${clean} clean, ${outcomes.length - clean - broken} with a failure, ` +
    `${broken} without a report; run time median ${secs[Math.floor(secs.length / 2)]?.toFixed(0)} s; ` +
    `load ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}\n`,
);
if (failures.size > 0) {
  process.stdout.write('\n| test | failed in | kind |\n|---|---:|---|\n');
  for (const [name, n] of [...failures].sort((a, b) => b[1] - a[1]))
    process.stdout.write(
      `| ${name} | ${n} of ${outcomes.length} | ${n === outcomes.length ? 'broken' : 'flake'} |\n`,
    );
}
process.exitCode = clean === outcomes.length ? 0 : 1;
