// Game fixture benchmark: time from spawn to "server + 8 clients connected with a first snapshot",
// teardown time, and CPU per process, direct and through netwright's embedded network links.
//
//   node bench/game.ts [--runs 3] [--clients 8] [--window 5]
//
// CPU comes from /proc/<pid>/stat (utime + stime) over a steady window after everyone is ready.
// The machine is shared: the load average is printed next to the figures.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GameSession } from '../src/game/game-session.ts';
import { findGodot, godotLauncher } from '../src/game/godot.ts';
import { checkGodotProject } from '../src/game/godot-check.ts';
import { Network } from '../src/impair/network.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    clients: { type: 'string', default: '8' },
    window: { type: 'string', default: '5' },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const CLIENTS = Math.max(1, Number(values.clients));
const WINDOW_S = Math.max(1, Number(values.window));

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, in clock ticks (undefined once it is gone). */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

interface RunFigures {
  mode: string;
  readyMs: number;
  teardownMs: number;
  clientCpuPct: number[];
  serverCpuPct: number;
  /** This Node process (log parsing, metrics, and in network mode the relays), % of a core. */
  selfCpuPct: number;
  load: number;
}

async function oneRun(mode: 'direct' | 'network', seed: number): Promise<RunFigures> {
  const projectDir = fileURLToPath(new URL('../godot', import.meta.url));
  const launcher = godotLauncher({ projectDir });
  const logDir = mkdtempSync(join(tmpdir(), 'nw-bench-game-'));
  const network = mode === 'network' ? new Network({ seed }) : undefined;
  const session = new GameSession({ launcher, seed, logDir, network });
  const load = loadavg()[0];
  try {
    const t0 = performance.now();
    await session.startServer();
    await session.startClients(CLIENTS, { behavior: 'random_walk' });
    const readyMs = performance.now() - t0;

    const pids = [...session.clients.map((c) => c.process.pid), session.server?.process.pid ?? 0];
    const before = pids.map(cpuTicks);
    const self0 = process.cpuUsage();
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
    const elapsedS = (performance.now() - w0) / 1000;
    const self = process.cpuUsage(self0);
    const selfCpuPct = ((self.user + self.system) / 1e6 / elapsedS) * 100;
    const pct = pids.map((pid, i) => {
      const a = before[i];
      const b = cpuTicks(pid);
      return a === undefined || b === undefined ? Number.NaN : ((b - a) / CLK_TCK / elapsedS) * 100;
    });

    const t1 = performance.now();
    await session.stop();
    const teardownMs = performance.now() - t1;
    return {
      mode,
      readyMs,
      teardownMs,
      clientCpuPct: pct.slice(0, -1),
      serverCpuPct: pct[pct.length - 1],
      selfCpuPct,
      load,
    };
  } finally {
    await session.stop();
    await network?.close();
    rmSync(logDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)];
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const f0 = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

async function main(): Promise<void> {
  const binary = findGodot();
  const check = await checkGodotProject({
    projectDir: fileURLToPath(new URL('../godot', import.meta.url)),
    binary,
  });
  console.log(
    `godot: ${binary.path} | scripts checked: ${check.scripts.length} (${check.cached ? 'cached' : `${f0(check.durationMs)} ms`}) | CLK_TCK ${CLK_TCK}`,
  );
  console.log(`server + ${CLIENTS} clients, ${RUNS} run(s) per mode, CPU window ${WINDOW_S} s\n`);
  const rows: RunFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const mode of ['direct', 'network'] as const) rows.push(await oneRun(mode, 1000 + i));
  }
  const header = `| mode | run | spawn -> ${CLIENTS} clients with first snapshot (ms) | teardown (ms) | CPU/client mean (% core) | CPU/client max | server CPU | netwright (node) CPU | load avg |`;
  console.log(header);
  console.log(`|${'---|'.repeat(9)}`);
  rows.forEach((r, i) => {
    console.log(
      `| ${r.mode} | ${Math.floor(i / 2) + 1} | ${f0(r.readyMs)} | ${f0(r.teardownMs)} | ${f1(mean(r.clientCpuPct))} | ${f1(Math.max(...r.clientCpuPct))} | ${f1(r.serverCpuPct)} | ${f1(r.selfCpuPct)} | ${f1(r.load)} |`,
    );
  });
  for (const mode of ['direct', 'network']) {
    const rs = rows.filter((r) => r.mode === mode);
    console.log(
      `| ${mode} | median | ${f0(median(rs.map((r) => r.readyMs)))} | ${f0(median(rs.map((r) => r.teardownMs)))} | ${f1(median(rs.map((r) => mean(r.clientCpuPct))))} | ${f1(median(rs.map((r) => Math.max(...r.clientCpuPct))))} | ${f1(median(rs.map((r) => r.serverCpuPct)))} | ${f1(median(rs.map((r) => r.selfCpuPct)))} | |`,
    );
  }
  const d = rows.filter((r) => r.mode === 'direct');
  const n = rows.filter((r) => r.mode === 'network');
  console.log(
    `\nratio network/direct: ready ${(median(n.map((r) => r.readyMs)) / median(d.map((r) => r.readyMs))).toFixed(2)}x, teardown ${(median(n.map((r) => r.teardownMs)) / median(d.map((r) => r.teardownMs))).toFixed(2)}x`,
  );
}

await main();
