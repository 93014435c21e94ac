// The MUD swarm section: what the mudSwarm fixture attaches (summarizeSwarm) becomes key figures, an
// active-bots / p99 plot and, for a fault, the lead evidence of a failing test.
import { describe, expect, it } from 'vitest';
import { type SwarmFault, summarizeSwarm, swarmHistogram } from '../../../src/mud/swarm/index.ts';
import { buildReport } from '../../../src/report/build-report.ts';
import { schemaErrors } from '../../reporters/run-vitest.ts';
import { collectedRun, collectedTest } from '../synthetic.ts';

const T0 = 1_700_000_000_000;

function summary(fault?: SwarmFault) {
  const h = swarmHistogram();
  for (let i = 1; i <= 100; i++) h.record(i);
  const empty = swarmHistogram();
  return summarizeSwarm({
    reason: fault ? 'fault' : 'time',
    durationMs: 3000,
    seed: 9,
    ...(fault ? { fault } : {}),
    snapshot: {
      version: 1,
      seed: 9,
      startedAt: T0,
      elapsedMs: 3000,
      parts: 1,
      bots: { target: 30, active: 0, connecting: 0, total: 30, failed: 0, logins: 30, closed: 30 },
      commands: 100,
      responses: 100,
      bytesIn: 1,
      bytesOut: 1,
      kills: 4,
      deaths: 0,
      flees: 0,
      xp: 0,
      levels: 0,
      reconnects: 0,
      lagRefusals: 0,
      quitUnconfirmed: 0,
      errors: {},
      behaviors: { combat: 10 },
      latencyMs: h.summary(),
      latencyHdr: h.encode(),
      loginMs: empty.summary(),
      loginHdr: empty.encode(),
      series: [
        { t: T0 + 1000, active: 10, responses: 40, p99Ms: 12 },
        { t: T0 + 2000, active: 30, responses: 60, p99Ms: 99 },
      ],
    },
  });
}

describe('mud-swarm section', () => {
  it('a failing swarm test: key figures, the fault as lead evidence, active bots and p99 plotted', async () => {
    const fault: SwarmFault = {
      kind: 'server-died',
      message: 'every connection closed at the same moment: the server died',
      at: T0 + 2500,
      atMs: 2500,
      noticedAfterMs: 4,
      bots: 30,
      doing: { combat: 20, explore: 10 },
      lastLines: [{ bot: 'Swarma', doing: 'combat in A Cage', lines: ['You hit the monster.'] }],
    };
    const run = collectedRun([
      collectedTest({
        name: 'swarm',
        state: 'failed',
        errors: [{ name: 'NetwrightError', message: 'swarm fault' }],
        rawMeta: { netwright: { seed: 9, t0: T0, mudSwarm: [summary(fault)] } },
      }),
    ]);
    const r = await buildReport(run, { outputDir: '/out' });
    expect(schemaErrors(r)).toEqual([]);
    expect(r.tests[0].metrics).toMatchObject({
      'swarm.bots': 30,
      'swarm.responses': 100,
      'swarm.kills': 4,
      'swarm.latency.p99Ms': expect.closeTo(99, 0),
      'swarm.fault': 'server-died',
    });
    const lead = r.failures[0].evidence.blocks[0];
    expect(lead.title).toBe('swarm fault: server-died');
    expect(lead.lines[0]).toContain('the server died at 2500 ms (noticed after 4 ms), 30 bot(s)');
    expect(lead.lines).toContain('doing: combat 20, explore 10');
    expect(lead.lines).toContain('You hit the monster.');
    const plot = r.plots.find((p) => p.title === 'swarm');
    expect(plot?.series.map((s) => s.name)).toEqual(['swarm active bots', 'swarm p99 latency']);
    expect(plot?.series[0].points).toEqual([
      [1000, 10],
      [2000, 30],
    ]);
  });
});
