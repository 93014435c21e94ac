// Synthetic netwright meta, shaped like what the game/network/mud fixtures attach.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function logDir(name: string): string {
  const dir = path.join(process.env.NW_OUT ?? 'netwright-report', 'logs', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Latency series with a spike during an outage at 4..6 s. */
export function gameMeta(t0: number) {
  const points: [number, number][] = [];
  const p99: [number, number][] = [];
  const rate: [number, number][] = [];
  const underruns: [number, number][] = [];
  for (let t = 0; t <= 10_000; t += 250) {
    const out = t >= 4000 && t < 6000;
    points.push([t, out ? 400 + (t - 4000) / 10 : 40 + (t % 1000) / 100]);
    p99.push([t, out ? 700 : 75]);
    rate.push([t, out ? 0 : 20]);
    underruns.push([t, t < 4000 ? 0 : t < 6000 ? Math.floor((t - 4000) / 250) : 8]);
  }
  return {
    t0,
    game: {
      servers: { server: { snapshots: 200, snapshotRateHz: 20 } },
      clients: {
        'client-1': {
          latencyMs: {
            count: 400,
            min: 30,
            max: 620,
            mean: 90,
            p50: 42,
            p90: 120,
            p95: 300,
            p99: 580,
            p999: 610,
          },
          snapshotRateHz: 16.5,
          underruns: 8,
        },
        'client-2': { latencyMs: { count: 380, p50: 45, p99: 90 }, snapshotRateHz: 19.8, underruns: 0 },
      },
    },
    network: {
      config: { latencyMs: 40, jitterMs: 5, loss: 0.01 },
      history: [
        { tMs: 0, change: 'wifi_good', label: 'wifi_good' },
        { tMs: 4000, change: { outage: true }, label: 'outage 2s' },
        { tMs: 6000, change: '3g', label: '3g' },
      ],
      stats: {
        links: {
          'client-1': {
            up: { packets: 1200, dropped: 31 },
            down: { packets: 2400, dropped: 80, configured: { loss: 0.01 }, observed: { loss: 0.033 } },
          },
        },
      },
    },
    events: [
      { t: t0 + 4100, source: 'client-1', event: 'underrun', level: 'warn', count: 1 },
      { t: t0 + 4500, source: 'client-1', event: 'latency_spike', level: 'warn', p99Ms: 700 },
    ],
    timeseries: [
      { name: 'latency.p50', unit: 'ms', source: 'client-1', points },
      { name: 'latency.p99', unit: 'ms', source: 'client-1', points: p99 },
      { name: 'snapshotRate', unit: 'Hz', source: 'client-1', points: rate },
      { name: 'underruns', unit: 'count', source: 'client-1', points: underruns },
    ],
    mud: { bots: { 'bot-1': { kills: 3, deaths: 1 }, 'bot-2': { kills: 0, deaths: 2 } } },
    versions: { godot: '3.2.3.stable' },
  };
}

/** Write a server log with an error in the middle; returns its path. */
export function writeServerLog(dir: string, lines = 500): string {
  const file = path.join(dir, 'server.stdout.log');
  const out: string[] = [];
  for (let i = 1; i <= lines; i++) {
    if (i === Math.floor(lines / 2))
      out.push(`\u001b[31mSCRIPT ERROR: Invalid get index 'pos' (on base: 'Nil') at line ${i}\u001b[0m`);
    else out.push(`[LOG_JSON] {"t":${1700000000000 + i},"level":"info","cat":"net","event":"tick","n":${i}}`);
  }
  writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}
