// Side by side in one run: direct TCP, through netwright's embedded proxy (`netwright proxy`, its own
// process), and through a real toxiproxy-server (its own process, when $TOXIPROXY_SERVER_BIN or PATH has
// one): TCP upload MB/s and echo round trip, no impairment; then both proxies with a 20 ms latency
// toxic set through the same Toxiproxy API (netwright proxy --api vs toxiproxy-server).
//
//   node bench/toxiproxy-compare.ts [--mb 512] [--runs 3] [--pings 2000]
//
// Client and sink live in this process for every variant, so their cost is the same in each column.

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server, Socket } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Toxiproxy } from 'toxiproxy-node-client';
import { findToxiproxyServer } from '../test/impair/backends/toxiproxy-server.ts';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '512' },
    runs: { type: 'string', default: '3' },
    pings: { type: 'string', default: '2000' },
  },
});
const MB = Math.min(4096, Math.max(16, Number(values.mb)));
const RUNS = Math.min(10, Math.max(1, Number(values.runs)));
const PINGS = Math.min(20_000, Math.max(100, Number(values.pings)));
const CHUNK = Buffer.alloc(1 << 20, 7);
const BIN = fileURLToPath(new URL('../bin/netwright.mjs', import.meta.url));

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

async function main(): Promise<void> {
  let sunk = 0;
  const sink = await listen((s) =>
    s.on('data', (d: Buffer) => (sunk += d.length)).on('error', () => undefined),
  );
  const echo = await listen((s) => s.on('error', () => undefined).pipe(s));
  const tpBin = findToxiproxyServer();
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
    const cols: { name: string; sink: number; echo: number; api?: Toxiproxy }[] = [
      { name: 'direct', sink: sink.port, echo: echo.port },
    ];
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
      cols.push({ name, sink: portOf(ps.listen), echo: portOf(pe.listen), api });
    }
    const rows: string[][] = [['', ...cols.map((c) => c.name)]];
    const mbps: number[][] = cols.map(() => []);
    for (let r = 0; r < RUNS; r++) {
      for (const [i, c] of cols.entries())
        mbps[i]?.push(
          await upload(
            c.sink,
            () => sunk,
            () => (sunk = 0),
          ),
        );
    }
    const med = mbps.map(median);
    rows.push([`TCP upload MB/s (${MB} MB, median of ${RUNS})`, ...med.map((x) => x.toFixed(0))]);
    const rtts = [];
    for (const c of cols) rtts.push(await rtt(c.echo));
    rows.push(['echo RTT p50 ms', ...rtts.map((x) => x[0].toFixed(3))]);
    rows.push(['echo RTT p99 ms', ...rtts.map((x) => x[1].toFixed(3))]);
    for (const c of cols) {
      if (!c.api) continue;
      const p = await c.api.get('echo');
      await p.addToxic({
        type: 'latency',
        stream: 'upstream',
        attributes: { latency: 10, jitter: 0 },
      } as never);
      await p.addToxic({
        type: 'latency',
        stream: 'downstream',
        attributes: { latency: 10, jitter: 0 },
      } as never);
    }
    const lat = [];
    for (const c of cols)
      lat.push(c.api ? await rtt(c.echo) : ([Number.NaN, Number.NaN] as [number, number]));
    rows.push(['RTT with 2x10 ms latency toxics, p50 ms', ...lat.map((x) => x[0].toFixed(2))]);
    rows.push(['  same, p99 ms', ...lat.map((x) => x[1].toFixed(2))]);
    const w = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
    console.log(
      `toxiproxy-compare: loadavg ${loadavg()
        .map((x) => x.toFixed(2))
        .join(
          ' ',
        )}${tpBin ? `, toxiproxy-server ${tpBin}` : ', no toxiproxy-server binary (set TOXIPROXY_SERVER_BIN)'}`,
    );
    for (const r of rows)
      console.log(r.map((x, i) => (i === 0 ? x.padEnd(w[0] ?? 0) : x.padStart((w[i] ?? 0) + 2))).join(''));
    const nw = med[1] ?? Number.NaN;
    const tp = med[2];
    if (tp !== undefined)
      console.log(`netwright / toxiproxy TCP upload: x${(nw / tp).toFixed(2)} (target >= 1.00)`);
  } finally {
    for (const c of children) await stop(c);
    sink.server.close();
    echo.server.close();
  }
}

await main();
process.exit(0);
