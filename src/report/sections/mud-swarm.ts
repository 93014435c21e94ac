// MUD swarms (the `mudSwarm` fixture's summary under meta.mudSwarm): bots, commands, latency, kills;
// active bots and p99 latency over time as plots; a fault (server died, hung, refused logins) as
// failure evidence with what the bots were doing and the last lines they saw.

import { isRecord } from '../normalize-meta.ts';
import { maxOf, num, records, sumOf } from './figures.ts';
import { defineSection, type EvidenceBlock, type SectionSeries, type SectionTest } from './section.ts';

/** The swarm summaries of a test (one object or a list). */
export function swarmsOf(t: Pick<SectionTest, 'meta'>): Record<string, unknown>[] {
  const raw = t.meta.mudSwarm;
  return isRecord(raw) ? [raw] : records(raw);
}

function latency(s: Record<string, unknown>): Record<string, unknown> {
  return isRecord(s.latencyMs) ? s.latencyMs : {};
}

export const mudSwarmSection = defineSection({
  id: 'mud-swarm',
  title: 'MUD swarm',
  keyFigures(t) {
    const swarms = swarmsOf(t);
    if (!swarms.length) return undefined;
    const bots = swarms.map((s) => (isRecord(s.bots) ? s.bots : {}));
    return {
      'swarm.bots': sumOf(bots.map((b) => num(b.logins))),
      'swarm.failed': sumOf(bots.map((b) => num(b.failed))),
      'swarm.responses': sumOf(swarms.map((s) => num(s.responses))),
      'swarm.kills': sumOf(swarms.map((s) => num(s.kills))),
      'swarm.latency.p50Ms': maxOf(swarms.map((s) => num(latency(s).p50))),
      'swarm.latency.p99Ms': maxOf(swarms.map((s) => num(latency(s).p99))),
      'swarm.latency.maxMs': maxOf(swarms.map((s) => num(latency(s).max))),
      'swarm.fault': swarms.map((s) => (isRecord(s.fault) ? String(s.fault.kind) : undefined)).find(Boolean),
    };
  },
  series(t) {
    const out: SectionSeries[] = [];
    swarmsOf(t).forEach((s, i) => {
      const windows = records(s.series);
      const t0 = t.t0 ?? num(s.startedAt) ?? 0;
      const name = i === 0 ? 'swarm' : `swarm ${i + 1}`;
      const pts = (k: string): [number, number | null][] =>
        windows.map((w) => [(num(w.t) ?? t0) - t0, num(w[k]) ?? null]);
      out.push({ name: `${name} active bots`, unit: 'bots', source: 'mudSwarm', points: pts('active') });
      out.push({ name: `${name} p99 latency`, unit: 'ms', source: 'mudSwarm', points: pts('p99Ms') });
    });
    return out;
  },
  evidence(t) {
    const blocks: EvidenceBlock[] = [];
    for (const s of swarmsOf(t)) {
      const samples = isRecord(s.errorSamples) ? Object.entries(s.errorSamples) : [];
      if (samples.length > 0 && isRecord(s.errors)) {
        const t0 = num(s.startedAt) ?? 0;
        const lines: string[] = [];
        for (const [code, list] of samples) {
          lines.push(`${code} x${String(s.errors[code] ?? '?')}, first:`);
          for (const e of records(list))
            lines.push(
              `  ${String(e.bot)} at ${(num(e.at) ?? t0) - t0} ms (${String(e.doing)}): ${String(e.message)}`,
            );
        }
        blocks.push({ section: 'mud-swarm', title: 'swarm errors', lines, rank: 'detail', keep: 'start' });
      }
      if (!isRecord(s.fault)) continue;
      const f = s.fault;
      const doing = isRecord(f.doing) ? Object.entries(f.doing).map(([k, v]) => `${k} ${String(v)}`) : [];
      const lines = [
        `${String(f.message)} at ${String(f.atMs)} ms (noticed after ${String(f.noticedAfterMs)} ms), ${String(f.bots)} bot(s)`,
        `doing: ${doing.join(', ')}`,
      ];
      for (const b of records(f.lastLines)) {
        lines.push(`-- ${String(b.bot)} (${String(b.doing)})`);
        if (Array.isArray(b.lines)) lines.push(...b.lines.map(String));
      }
      blocks.push({
        section: 'mud-swarm',
        title: `swarm fault: ${String(f.kind)}`,
        lines,
        rank: 'lead',
        keep: 'start',
      });
    }
    return blocks;
  },
});
