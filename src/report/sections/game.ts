// Game processes (server and clients): snapshot delay, snapshot rate, underruns, reconnects, tick time.

import { isRecord } from '../normalize-meta.ts';
import { histogramOf, maxOf, minOf, num, records, sumOf } from './figures.ts';
import { defineSection } from './section.ts';

export const gameSection = defineSection({
  id: 'game',
  title: 'Game',
  keyFigures({ meta }) {
    const game = isRecord(meta.game) ? meta.game : {};
    const clients = records(game.clients);
    const servers = records(game.servers);
    const all = [...servers, ...clients];
    // Game clients report snapshot delay (`delayMs`); anything else may report `latencyMs`.
    const lat = (m: Record<string, unknown>) => histogramOf(m, 'latencyMs', 'delayMs');
    return {
      'latency.p50Ms': maxOf(clients.map((c) => num(lat(c).p50))),
      'latency.p99Ms': maxOf(clients.map((c) => num(lat(c).p99))),
      'latency.maxMs': maxOf(clients.map((c) => num(lat(c).max))),
      'snapshotRate.minHz': minOf(clients.map((c) => num(c.snapshotRateHz))),
      underruns: sumOf(all.map((c) => num(c.underruns))),
      reconnects: sumOf(all.map((c) => num(c.reconnects))),
      'server.tick.p99Ms': maxOf(servers.map((s) => num(histogramOf(s, 'tickMs').p99))),
    };
  },
});
