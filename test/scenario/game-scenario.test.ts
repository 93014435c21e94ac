// The scenario runner with stand-in fixture objects (no game processes): it applies the network first,
// measures rates over the window that starts once every client is connected, and reports progress.
import { describe, expect, it } from 'vitest';
import type { GameClientHandle } from '../../src/game/game-client.ts';
import { runGameScenario } from '../../src/scenario/game-scenario.ts';
import type { Scenario } from '../../src/scenario/scenario.ts';

function fakeClient(name: string, hz: number, underrunsPerS: number, p99: number, log: string[]) {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  // 100 snapshots "before" the window: connect-time traffic that must not count towards the rate.
  return {
    name,
    metrics: {
      get snapshots() {
        return 100 + Math.floor(elapsed() * hz);
      },
      get underruns() {
        return 50 + Math.floor(elapsed() * underrunsPerS);
      },
    },
    delay: { percentile: (p: number) => (p === 99 ? p99 : p99 / 2) },
    log,
  } as unknown as GameClientHandle;
}

const scenario: Scenario = {
  kind: 'game',
  clients: 2,
  behavior: 'idle',
  durationS: 0.6,
  staggerMs: 0,
  seed: 1,
  entries: [],
  thresholds: {},
  bots: null,
  mudTarget: null,
  swarmConfig: null,
  outputDir: '/tmp',
  jsonOut: null,
  progressIntervalS: 0.2,
  sources: {},
};

describe('runGameScenario', () => {
  it('sets the network before the clients start and measures rates over the window only', async () => {
    const calls: string[] = [];
    const lines: string[] = [];
    const network = {
      profile: (p: string) => calls.push(`profile ${p}`),
      set: (patch: unknown) => calls.push(`set ${JSON.stringify(patch)}`),
      stats: () => ({
        links: [{ id: 'client-1', upstream: { lossRate: 0.05 }, downstream: { lossRate: 0 } }],
      }),
    };
    const result = await runGameScenario(
      {
        network,
        clients: async (n, opts) => {
          calls.push(`clients ${n} ${opts?.behavior}`);
          return [fakeClient('client-1', 30, 0, 40, calls), fakeClient('client-2', 10, 2, 90, calls)];
        },
      },
      scenario,
      { name: 'lossy_5', profile: 'lossy_5', link: { latency: 20 } },
      { progress: (l) => lines.push(l) },
    );
    expect(calls).toEqual(['profile lossy_5', 'set {"latency":20}', 'clients 2 idle']);
    expect(result.p99Ms).toBe(90);
    // client-2: 10 Hz and 2 underruns/s over the window (the 100 / 50 before it do not count).
    expect(result.minRateHz).toBeGreaterThan(6);
    expect(result.minRateHz).toBeLessThan(12);
    expect(result.underrunsPerMin).toBeGreaterThan(60);
    expect(result.underrunsPerMin).toBeLessThan(150);
    expect(result.perClient.map((c) => c.name)).toEqual(['client-1', 'client-2']);
    expect(result.windowS).toBeGreaterThanOrEqual(0.6);
    expect(lines[0]).toBe('[scenario lossy_5] starting 2 clients (idle, 0 ms apart)');
    expect(
      lines.some((l) =>
        /^\[scenario lossy_5\] 0\/0\.6 s {2}2 clients {2}\d+ snapshots \(min [\d.]+ Hz\) {2}p99 90 ms {2}underruns [\d.]+\/min {2}loss 5%$/.test(
          l,
        ),
      ),
    ).toBe(true);
  });

  it('stops measuring at once when the test is cancelled', async () => {
    const ac = new AbortController();
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 100);
    const r = await runGameScenario(
      {
        network: { profile: () => undefined, set: () => undefined, stats: () => ({ links: [] }) },
        clients: async () => [fakeClient('client-1', 30, 0, 10, [])],
        signal: ac.signal,
      },
      { ...scenario, durationS: 30 },
      { name: 'perfect', profile: null, link: null },
    );
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.windowS).toBeLessThan(1);
  });
});
