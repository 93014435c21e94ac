// Side by side in one run: direct TCP, through netwright's embedded proxy (`netwright proxy --api`,
// its own process), and through a real toxiproxy-server (its own process, when $TOXIPROXY_BIN,
// $TOXIPROXY_SERVER_BIN or PATH has one), all driven through the same Toxiproxy API. Rows: added echo
// RTT p50/p99 (no toxics), TCP upload MB/s, proxy CPU seconds per GiB moved, RTT p99 error with 2x10 ms
// latency toxics, and bandwidth pacing error (a 2000 KB/s bandwidth toxic, 4 MB upload). Twice: on the
// machine as it is ('idle'), and under a 16-client game load (the bundled Godot game: a server and 16
// clients, when godot3-server is installed). The last column is netwright's advantage over Toxiproxy
// (>= 1.00: netwright as good or better; for lower-is-better rows it is toxiproxy / netwright).
//
//   node bench/toxiproxy-compare.ts [--mb 512] [--runs 3] [--pings 2000] [--no-load]
//
// Client and sink live in this process for every variant, so their cost is the same in each column.

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server, Socket } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Toxiproxy } from 'toxiproxy-node-client';
import { findToxiproxyServer } from '../test/impair/backends/toxiproxy-server.ts';

/** CPU seconds (user + system) a child process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The bundled game as a machine load: a Godot server and 16 random-walking clients, or undefined. */
async function startGameLoad(): Promise<ChildProcess[] | undefined> {
  const godot = process.env.GODOT_BIN || '/usr/bin/godot3-server';
  try {
    readFileSync(godot);
  } catch {
    return undefined;
  }
  const project = fileURLToPath(new URL('../godot', import.meta.url));
  const port = await freePort();
  const env = (extra: Record<string, string>) => ({
    ...process.env,
    LANG: 'en_US.UTF-8',
    TEST_PORT: String(port),
    TEST_HOST: '127.0.0.1',
    TEST_DURATION: '600',
    TEST_SEED: '1',
    ...extra,
  });
  const procs: ChildProcess[] = [
    spawn(godot, ['--path', project], { env: env({ TEST_MODE: 'server' }), stdio: 'ignore' }),
  ];
  await new Promise((r) => setTimeout(r, 1500));
  for (let i = 1; i <= 16; i++)
    procs.push(
      spawn(godot, ['--path', project], {
        env: env({ TEST_MODE: 'client', TEST_CLIENT_ID: String(i), TEST_BEHAVIOR: 'random_walk' }),
        stdio: 'ignore',
      }),
    );
  await new Promise((r) => setTimeout(r, 3000));
  return procs;
}

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '512' },
    runs: { type: 'string', default: '3' },
    pings: { type: 'string', default: '2000' },
    'no-load': { type: 'boolean', default: false },
  },
});
const MB = Math.min(4096, Math.max(16, Number(values.mb)));
const RUNS = Math.min(10, Math.max(1, Number(values.runs)));
const PINGS = Math.min(20_000, Math.max(100, Number(values.pings)));
const CHUNK = Buffer.alloc(1 << 20, 7);
const BIN = fileURLToPath(new URL('../bin/netwright.mjs', import.meta.url));
const PACE_KBPS = 2000;
const PACE_BYTES = 4_000_000;

async function listen(handler: (s: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as { port: number }).port };
}

function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    s.setNoDelay(true);
    s.once('error', reject);
    s.connect(port, '127.0.0.1', () => resolve(s));
  });
}

/** Upload MB megabytes to the sink through `port`; MB/s until the sink has every byte. */
async function upload(port: number, sinkGot: () => number, resetSink: () => void): Promise<number> {
  resetSink();
  const s = await connect(port);
  const total = MB * CHUNK.length;
  const t0 = performance.now();
  for (let sent = 0; sent < total; sent += CHUNK.length) {
    if (!s.write(CHUNK)) await new Promise((r) => s.once('drain', r));
  }
  const deadline = Date.now() + 120_000;
  while (sinkGot() < total && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  const ms = performance.now() - t0;
  s.destroy();
  return sinkGot() >= total ? MB / (ms / 1000) : Number.NaN;
}

/** PINGS echo round trips of 64 bytes; [p50, p99] ms. */
async function rtt(port: number): Promise<[number, number]> {
  const s = await connect(port);
  const times: number[] = [];
  const msg = Buffer.alloc(64, 1);
  for (let i = 0; i < PINGS; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      let got = 0;
      const on = (d: Buffer) => {
        got += d.length;
        if (got >= 64) {
          s.off('data', on);
          resolve();
        }
      };
      s.on('data', on);
      s.write(msg);
    });
    times.push(performance.now() - t0);
  }
  s.destroy();
  times.sort((a, b) => a - b);
  return [times[Math.floor(PINGS * 0.5)] as number, times[Math.floor(PINGS * 0.99)] as number];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function spawnUntil(
  cmd: string,
  args: string[],
  ready: RegExp | (() => Promise<boolean>),
): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${cmd} not ready: ${out}`);
    }
    if (ready instanceof RegExp ? ready.test(out) : await ready().catch(() => false)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(t);
}

async function freePort(): Promise<number> {
  const { server, port } = await listen(() => undefined);
  await new Promise((r) => server.close(r));
  return port;
}

type Col = { name: string; sink: number; echo: number; api?: Toxiproxy; url?: string };

/** One phase: every row for every column, printed as a table with netwright's advantage. */
async function measure(
  phase: string,
  cols: Col[],
  children: ChildProcess[],
  sunk: () => number,
  setSunk: (v: number) => void,
  sinkPort: number,
): Promise<void> {
  const pids = [undefined, ...children.map((c) => c.pid)];
  const rttDirect = await rtt(cols[0]?.echo as number);
  const rtts: [number, number][] = [];
  for (const c of cols) rtts.push(await rtt(c.echo));
  const mbps: number[][] = cols.map(() => []);
  const cpuPerGiB: number[] = [];
  for (const [i, c] of cols.entries()) {
    const cpu0 = cpuSeconds(pids[i]);
    for (let r = 0; r < RUNS; r++) mbps[i]?.push(await upload(c.sink, sunk, () => setSunk(0)));
    cpuPerGiB.push((cpuSeconds(pids[i]) - cpu0) / ((MB * RUNS) / 1024));
  }
  for (const c of cols) {
    if (!c.api) continue;
    const p = await c.api.get('echo');
    for (const stream of ['upstream', 'downstream'])
      await p.addToxic({ type: 'latency', stream, attributes: { latency: 10, jitter: 0 } } as never);
  }
  const lat: [number, number][] = [];
  for (const c of cols) lat.push(c.api ? await rtt(c.echo) : [Number.NaN, Number.NaN]);
  for (const c of cols)
    for (const t of ['latency_upstream', 'latency_downstream'])
      if (c.url) await fetch(`${c.url}/proxies/echo/toxics/${t}`, { method: 'DELETE' });
  // Bandwidth pacing: PACE_BYTES up through a PACE_KBPS (KB/s) toxic; error of the achieved time.
  const pace: number[] = [];
  for (const c of cols) {
    if (!c.api) {
      pace.push(Number.NaN);
      continue;
    }
    const p = await c.api.get('sink');
    await p.addToxic({ type: 'bandwidth', stream: 'upstream', attributes: { rate: PACE_KBPS } } as never);
    setSunk(0);
    const s = await connect(c.sink);
    const t0 = performance.now();
    s.write(Buffer.alloc(PACE_BYTES, 3));
    const deadline = Date.now() + 60_000;
    while (sunk() < PACE_BYTES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    const ms = performance.now() - t0;
    s.destroy();
    await fetch(`${c.url}/proxies/sink/toxics/bandwidth_upstream`, { method: 'DELETE' });
    const expected = PACE_BYTES / PACE_KBPS;
    pace.push((Math.abs(ms - expected) / expected) * 100);
  }
  void sinkPort;
  // Ratios of non-positive figures (an added RTT below the direct path's noise) say nothing: '-'.
  const adv = (nw: number, tp: number | undefined, higherBetter: boolean) =>
    tp === undefined || !Number.isFinite(nw) || !Number.isFinite(tp) || nw <= 0 || tp <= 0
      ? '-'
      : `x${(higherBetter ? nw / tp : tp / nw).toFixed(2)}`;
  const rows: string[][] = [['', ...cols.map((c) => c.name), 'netwright advantage']];
  const row = (label: string, xs: number[], digits: number, higherBetter: boolean) =>
    rows.push([
      label,
      ...xs.map((x) => (Number.isFinite(x) ? x.toFixed(digits) : '-')),
      adv(xs[1] as number, xs[2], higherBetter),
    ]);
  row(
    'added RTT p50 ms',
    rtts.map((r) => r[0] - rttDirect[0]),
    3,
    false,
  );
  row(
    'added RTT p99 ms',
    rtts.map((r) => r[1] - rttDirect[1]),
    3,
    false,
  );
  row(`TCP upload MB/s (${MB} MB, median of ${RUNS})`, mbps.map(median), 0, true);
  row('proxy CPU s per GiB', cpuPerGiB, 2, false);
  row(
    'latency toxics 2x10 ms: RTT p99 - 20 ms',
    lat.map((r) => r[1] - 20),
    2,
    false,
  );
  row(`bandwidth ${PACE_KBPS} KB/s, ${PACE_BYTES / 1e6} MB: pacing error %`, pace, 1, false);
  const w = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  console.log(
    `\n[${phase}] loadavg ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  for (const r of rows)
    console.log(r.map((x, i) => (i === 0 ? x.padEnd(w[0] ?? 0) : x.padStart((w[i] ?? 0) + 2))).join(''));
}

async function main(): Promise<void> {
  let sunk = 0;
  const sink = await listen((s) =>
    s.on('data', (d: Buffer) => (sunk += d.length)).on('error', () => undefined),
  );
  const echo = await listen((s) => s.on('error', () => undefined).pipe(s));
  const tpBin = process.env.TOXIPROXY_BIN || findToxiproxyServer();
  const children: ChildProcess[] = [];
  try {
    // Two API servers: netwright proxy --api and toxiproxy-server; each gets a sink and an echo proxy.
    const nwPort = await freePort();
    children.push(
      await spawnUntil(
        process.execPath,
        [BIN, 'proxy', '--api', `127.0.0.1:${nwPort}`, '--quiet', '--seed', '1'],
        /API on/,
      ),
    );
    const apis: [string, string][] = [['netwright', `http://127.0.0.1:${nwPort}`]];
    if (tpBin) {
      const tpPort = await freePort();
      const url = `http://127.0.0.1:${tpPort}`;
      children.push(
        await spawnUntil(
          tpBin,
          ['-host', '127.0.0.1', '-port', String(tpPort)],
          async () => (await fetch(`${url}/version`)).ok,
        ),
      );
      apis.push(['toxiproxy', url]);
    }
    console.log(
      `toxiproxy-compare: ${tpBin ? `toxiproxy-server ${tpBin}` : 'no toxiproxy-server binary (set TOXIPROXY_BIN): netwright only'}`,
    );
    const cols: Col[] = [{ name: 'direct', sink: sink.port, echo: echo.port }];
    for (const [name, url] of apis) {
      const api = new Toxiproxy(url);
      const ps = await api.createProxy({
        name: 'sink',
        listen: '127.0.0.1:0',
        upstream: `127.0.0.1:${sink.port}`,
      });
      const pe = await api.createProxy({
        name: 'echo',
        listen: '127.0.0.1:0',
        upstream: `127.0.0.1:${echo.port}`,
      });
      const portOf = (l: string) => Number(l.split(':').at(-1));
      cols.push({ name, sink: portOf(ps.listen), echo: portOf(pe.listen), api, url });
    }
    const phases: [string, boolean][] = [['idle', false]];
    if (!values['no-load']) phases.push(['16-client game load', true]);
    for (const [phase, loaded] of phases) {
      const load = loaded ? await startGameLoad() : undefined;
      if (loaded && !load) {
        console.log('(no godot3-server: the loaded phase is skipped)');
        continue;
      }
      try {
        await measure(
          phase,
          cols,
          children,
          () => sunk,
          (v) => (sunk = v),
          sink.port,
        );
      } finally {
        for (const p of load ?? []) p.kill('SIGKILL');
      }
    }
  } finally {
    for (const c of children) await stop(c);
    sink.server.close();
    echo.server.close();
  }
}

await main();
process.exit(0);
