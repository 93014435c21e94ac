import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../src/metrics/histogram.ts';
import {
  MAX_SWARM_WINDOWS,
  mergeSnapshots,
  renderPrometheus,
  type SwarmSnapshot,
  summarizeSwarm,
  swarmHistogram,
} from '../../../src/mud/swarm/index.ts';

function part(samples: number[], extra: Partial<SwarmSnapshot> = {}): SwarmSnapshot {
  const h = swarmHistogram();
  for (const s of samples) h.record(s);
  const empty = new LatencyHistogram();
  return {
    version: 1,
    seed: 7,
    startedAt: 1000,
    elapsedMs: 500,
    parts: 1,
    bots: { target: 2, active: 2, connecting: 0, total: 2, failed: 0, logins: 2, closed: 0 },
    commands: samples.length,
    responses: samples.length,
    bytesIn: 100,
    bytesOut: 10,
    kills: 1,
    deaths: 0,
    flees: 0,
    xp: 50,
    levels: 0,
    reconnects: 0,
    lagRefusals: 0,
    quitUnconfirmed: 0,
    errors: { ERR_MUD_TIMEOUT: 1 },
    behaviors: { combat: 100 },
    latencyMs: h.summary(),
    latencyHdr: h.encode(),
    loginMs: empty.summary(),
    loginHdr: empty.encode(),
    series: [{ t: 2000, active: 2, responses: samples.length, p99Ms: h.percentile(99) }],
    ...extra,
  };
}

describe('mergeSnapshots', () => {
  it('keeps the earliest 3 occurrences of each error over all parts (older parts without them merge too)', () => {
    const at = (bot: string, t: number) => ({ bot, doing: 'explore', at: t, message: 'connection closed' });
    const a = part([5], { errorSamples: { ERR_MUD_CLOSED: [at('A', 30), at('B', 50)] } });
    const b = part([5], {
      errorSamples: { ERR_MUD_CLOSED: [at('C', 10), at('D', 40)], ERR_X: [at('E', 1)] },
    });
    const m = mergeSnapshots([a, b, part([5])]);
    expect(m.errorSamples?.ERR_MUD_CLOSED?.map((e) => e.bot)).toEqual(['C', 'A', 'D']);
    expect(m.errorSamples?.ERR_X).toEqual([at('E', 1)]);
    expect(a.errorSamples?.ERR_MUD_CLOSED).toHaveLength(2); // the parts are not changed
  });

  it('keeps the exact min and max of the parts: merging a snapshot with itself changes no figure', () => {
    // 15.184 ms sits inside an HDR bucket whose edge is 15.191: decoded, the max (and a p99 in the top
    // bucket) moved to the edge, so [s, s] had p99 15.191 where s had 15.184.
    const s = part([...Array.from({ length: 50 }, (_, i) => 3 + i * 0.1), 15.184, 2.017]);
    expect(s.latencyMs.max).toBe(15.184);
    const twice = mergeSnapshots([s, s]);
    for (const k of ['min', 'max', 'p50', 'p90', 'p95', 'p99', 'p999'] as const)
      expect(twice.latencyMs[k], k).toBe(s.latencyMs[k]);
    expect(twice.latencyMs.count).toBe(2 * s.latencyMs.count);
  });

  it('adds HDR histograms exactly (percentiles of all samples, not averages) and sums counters', () => {
    const fast = Array.from({ length: 990 }, () => 5);
    const slow = Array.from({ length: 10 }, () => 900);
    const m = mergeSnapshots([part(fast), part(slow, { startedAt: 900, elapsedMs: 700 })]);
    expect(m.latencyMs.count).toBe(1000);
    expect(m.latencyMs.p50).toBeCloseTo(5, 1);
    expect(m.latencyMs.max).toBeCloseTo(900, 0);
    expect(m.latencyMs.p99).toBeCloseTo(5, 1);
    expect(m.latencyMs.p999).toBeCloseTo(900, 0);
    expect(m).toMatchObject({ parts: 2, startedAt: 900, elapsedMs: 700, commands: 1000, kills: 2, xp: 100 });
    expect(m.bots).toMatchObject({ active: 4, logins: 4 });
    expect(m.errors).toEqual({ ERR_MUD_TIMEOUT: 2 });
    expect(m.behaviors).toEqual({ combat: 200 });
    expect(m.series).toEqual([{ t: 2000, active: 4, responses: 1000, p99Ms: 900 }]);
    // A merged snapshot merges again (shards of workers).
    expect(mergeSnapshots([m, part([1])]).latencyMs.count).toBe(1001);
  });

  it('keeps the earliest fault and bounds the series', () => {
    const fault = (at: number) => ({
      kind: 'server-died' as const,
      message: 'x',
      at,
      atMs: 0,
      noticedAfterMs: 1,
      bots: 1,
      doing: {},
      lastLines: [],
    });
    const long = Array.from({ length: 1500 }, (_, i) => ({ t: i, active: 1, responses: 1, p99Ms: i }));
    const m = mergeSnapshots([part([1], { fault: fault(5), series: long }), part([1], { fault: fault(3) })]);
    expect(m.fault?.at).toBe(3);
    expect(m.series.length).toBeLessThanOrEqual(MAX_SWARM_WINDOWS);
    expect(m.series.reduce((n, w) => n + w.responses, 0)).toBe(1501);
  });

  it('refuses what is not a swarm snapshot with ERR_MUD_SWARM_MERGE', () => {
    expect(() => mergeSnapshots([])).toThrow(expect.objectContaining({ code: 'ERR_MUD_SWARM_MERGE' }));
    expect(() => mergeSnapshots([{ version: 2 } as never])).toThrow(
      expect.objectContaining({ code: 'ERR_MUD_SWARM_MERGE' }),
    );
  });
});

describe('renderPrometheus and summarizeSwarm', () => {
  it('exposes counters, labelled errors and latency quantiles in seconds', () => {
    const text = renderPrometheus(part([10, 20, 30]));
    expect(text).toContain('netwright_mud_responses_total 3');
    expect(text).toContain('netwright_mud_errors_total{code="ERR_MUD_TIMEOUT"} 1');
    expect(text).toContain('netwright_mud_behavior_seconds_total{behavior="combat"} 0.1');
    expect(text).toMatch(/netwright_mud_command_latency_seconds\{quantile="0.5"\} 0.02/);
    expect(text).toContain('netwright_mud_command_latency_seconds_count 3');
    for (const l of text.trim().split('\n'))
      expect(l).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+-]+)$/);
  });

  it('summarises without HDR payloads, series thinned', () => {
    const long = Array.from({ length: 600 }, (_, i) => ({ t: i, active: 1, responses: 1, p99Ms: 1 }));
    const s = summarizeSwarm({
      reason: 'time',
      durationMs: 5,
      seed: 7,
      snapshot: part([1], { series: long }),
    });
    expect(s).not.toHaveProperty('latencyHdr');
    expect(s.series.length).toBeLessThanOrEqual(120);
    expect(s.series.at(-1)?.t).toBe(599);
    expect(JSON.stringify(s).length).toBeLessThan(20_000);
  });
});
