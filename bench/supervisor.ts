// Process supervisor costs, side by side with bare child_process baselines.
// Run: node bench/supervisor.ts [processes=20] [floodLines=1000000]
// Prints: spawn->ready latency (supervisor vs bare spawn), teardown time per step (TERM vs KILL after
// the grace), stdout flood throughput and memory with bounded capture, and orphan cleanup time after
// SIGKILL of the supervising process. Not part of the tests; counts and times are bounded.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LatencyHistogram } from '../src/metrics/histogram.ts';
import { pidAlive, spawnProcess } from '../src/process/index.ts';
import { pollUntil } from '../src/process/wait.ts';

const N = Math.min(Number(process.argv[2] ?? 20), 200);
const FLOOD = Math.min(Number(process.argv[3] ?? 1_000_000), 10_000_000);
const program = (f: string): string =>
  fileURLToPath(new URL(`../test/fixture-programs/${f}`, import.meta.url));
const fmt = (ms: number): string => `${ms.toFixed(1).padStart(7)} ms`;

function line(label: string, h: LatencyHistogram, base?: LatencyHistogram): void {
  const s = h.summary();
  const ratio = base ? `  x${(s.p50 / base.summary().p50).toFixed(2)} vs bare (p50)` : '';
  console.log(`  ${label.padEnd(34)} p50 ${fmt(s.p50)}  p90 ${fmt(s.p90)}  max ${fmt(s.max)}${ratio}`);
}

/** Bare baseline: child_process.spawn until the first stdout line with "ready", then SIGTERM + exit. */
async function bareOnce(): Promise<{ readyMs: number; stopMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [program('emit-events.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve) => {
    let text = '';
    child.stdout.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('"ready"')) resolve();
    });
  });
  const t1 = performance.now();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { readyMs: t1 - t0, stopMs: performance.now() - t1 };
}

async function latency(): Promise<void> {
  console.log(`spawn -> ready and stop, ${N} processes one after another (node emit-events.mjs)`);
  const bareReady = new LatencyHistogram();
  const bareStop = new LatencyHistogram();
  const supReady = new LatencyHistogram();
  const supStop = new LatencyHistogram();
  for (let i = 0; i < N; i++) {
    const b = await bareOnce();
    bareReady.record(b.readyMs);
    bareStop.record(b.stopMs);
    const t0 = performance.now();
    const proc = await spawnProcess({
      name: `bench-${i}`,
      command: process.execPath,
      args: [program('emit-events.mjs')],
      readiness: { kind: 'event', match: 'ready' },
    });
    const t1 = performance.now();
    await proc.stop();
    supReady.record(t1 - t0);
    supStop.record(performance.now() - t1);
  }
  line('bare spawn -> first "ready" line', bareReady);
  line('spawnProcess -> ready event', supReady, bareReady);
  line('bare SIGTERM -> exit', bareStop);
  line('stop() (TERM group, sweep, flush)', supStop, bareStop);

  console.log(`\n${N} processes in parallel`);
  const t0 = performance.now();
  const procs = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      spawnProcess({
        name: `par-${i}`,
        command: process.execPath,
        args: [program('emit-events.mjs')],
        readiness: { kind: 'event', match: 'ready' },
      }),
    ),
  );
  const t1 = performance.now();
  await Promise.all(procs.map((p) => p.stop()));
  console.log(`  all ready ${fmt(t1 - t0)}   all stopped ${fmt(performance.now() - t1)}`);
}

async function teardown(): Promise<void> {
  console.log('\nteardown escalation (killGraceMs = 500)');
  for (const file of ['emit-events.mjs', 'ignore-term.mjs', 'stubborn.mjs']) {
    const proc = await spawnProcess({
      name: file,
      command: process.execPath,
      args: [program(file)],
      killGraceMs: 500,
      readiness: { kind: 'log', pattern: /ready|children/ },
    });
    const t0 = performance.now();
    const r = await proc.stop();
    console.log(`  ${file.padEnd(18)} reason ${r.reason.padEnd(8)} ${fmt(performance.now() - t0)}`);
  }
}

async function flood(): Promise<void> {
  console.log(`\nstdout flood: ${FLOOD} lines of ~50 bytes (tail 500 lines, events on)`);
  for (const withLog of [false, true]) {
    const dir = mkdtempSync(join(tmpdir(), 'netwright-bench-'));
    globalThis.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    const t0 = performance.now();
    const proc = await spawnProcess({
      name: 'flood',
      command: process.execPath,
      args: [program('flood.mjs')],
      env: { LINES: String(FLOOD) },
      logDir: withLog ? dir : undefined,
      readiness: { kind: 'log', pattern: /^done$/, timeoutMs: 300_000 },
    });
    const ms = performance.now() - t0;
    clearInterval(sampler);
    const lines = proc.stats.stdoutLines;
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
    const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MB`;
    console.log(
      `  ${withLog ? 'with log file   ' : 'memory tail only'} ${(lines / (ms / 1000) / 1e6).toFixed(2)} M lines/s` +
        `  peak RSS growth ${mb(peakRss - before.rss)} for ${mb(lines * 50)} of output`,
    );
  }
}

async function orphans(): Promise<void> {
  console.log(
    '\norphan cleanup: SIGKILL a host process that supervises a TERM-ignoring child + 2 grandchildren',
  );
  const spawnUrl = pathToFileURL(fileURLToPath(new URL('../src/process/spawn.ts', import.meta.url))).href;
  const host = `
    const { spawnProcess } = await import(${JSON.stringify(spawnUrl)});
    const p = await spawnProcess({ name: 's', command: process.execPath, args: [${JSON.stringify(program('stubborn.mjs'))}],
      readiness: { kind: 'event', match: 'children' } });
    console.log(JSON.stringify([p.pid, ...p.events[0].pids]));
    setInterval(() => {}, 1000);`;
  const times = new LatencyHistogram();
  for (let i = 0; i < Math.min(N, 5); i++) {
    const child = spawn(process.execPath, ['--input-type=module', '-e', host], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pids = await new Promise<number[]>((resolve) => {
      let text = '';
      child.stdout.on('data', (c: Buffer) => {
        text += c.toString();
        if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0]));
      });
    });
    const t0 = performance.now();
    child.kill('SIGKILL');
    const gone = await pollUntil(() => !pids.some(pidAlive), 10_000, 10);
    times.record(performance.now() - t0);
    if (!gone) console.log(`  survivors: ${pids.filter(pidAlive).join(' ')}`);
    for (const pid of pids) if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  line('SIGKILL host -> all descendants gone', times);
  console.log('  (watchdog: TERM at once, KILL after at most 1.5 s for processes that ignore TERM)');
}

await latency();
await teardown();
await flood();
await orphans();
