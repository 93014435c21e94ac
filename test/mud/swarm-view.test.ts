// How a swarm snapshot reads for people: the progress line, the TTY dashboard and the fault as the
// CLI prints it, from a snapshot made here (plain data, as workers and shards send it).
import { describe, expect, it } from 'vitest';
import type { SwarmFault, SwarmSnapshot } from '../../src/mud/swarm/types.ts';
import { dashboardLines, swarmFault, swarmProgressLine, swarmSummary } from '../../src/mud/swarm-view.ts';

const latency = {
  count: 1200,
  min: 1,
  max: 90.25,
  mean: 4.2,
  p50: 3.14,
  p90: 6,
  p95: 7.5,
  p99: 12.06,
  p999: 40,
};
const snap: SwarmSnapshot = {
  version: 1,
  seed: 7,
  startedAt: 1_700_000_000_000,
  elapsedMs: 12_400,
  parts: 2,
  bots: { target: 50, active: 48, connecting: 2, total: 50, failed: 0, logins: 48, closed: 0 },
  commands: 1210,
  responses: 1200,
  bytesIn: 1e6,
  bytesOut: 2e4,
  kills: 61,
  deaths: 2,
  flees: 3,
  xp: 9340,
  levels: 4,
  reconnects: 0,
  lagRefusals: 0,
  quitUnconfirmed: 0,
  errors: { ERR_MUD_TIMEOUT: 1 },
  behaviors: { combat: 6000, explore: 3000, heal: 1000 },
  latencyMs: latency,
  latencyHdr: '',
  loginMs: latency,
  loginHdr: '',
  series: [],
};

describe('swarm view', () => {
  it('one progress line with bots, latency, game figures and errors', () => {
    expect(swarmProgressLine(snap)).toBe(
      '[12 s] 48/50 bots active (2 connecting, 0 failed) | 1200 cmds p50 3.1 ms p99 12.1 ms | kills 61 deaths 2 xp 9340 | errors 1',
    );
  });

  it('a dashboard of five lines with the behaviour time share', () => {
    const lines = dashboardLines(snap);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain('active 48/50  connecting 2  logins 48');
    expect(lines[2]).toContain('p99 12.1  max 90.3 ms  (1200 commands)');
    expect(lines[4]).toBe('  doing   combat 60%  explore 30%  heal 10%');
  });

  it('a fault says what the bots were doing, most first, and their last lines', () => {
    const f: SwarmFault = {
      kind: 'server-silent',
      message: 'every bot stalled at the same moment: the server stopped answering',
      at: 1_700_000_010_000,
      atMs: 10_000,
      noticedAfterMs: 812,
      bots: 48,
      doing: { explore: 10, combat: 38 },
      lastLines: [
        { bot: 'Swarma', doing: 'combat', lines: ['Your slash hits the monster.', '<20hp 100m 100mv>'] },
      ],
    };
    const out = swarmFault(f);
    expect(out.code).toBe('ERR_MUD_SWARM_FAULT');
    expect(out.message).toBe(
      'server-silent: every bot stalled at the same moment: the server stopped answering (48 bots, 10 s into the run, noticed after 812 ms)',
    );
    expect(out.doing).toBe('38 combat, 10 explore');
    expect(out.tail).toEqual(['Swarma (combat):', '  Your slash hits the monster.', '  <20hp 100m 100mv>']);
  });

  it('the summary keeps the snapshot for merging', () => {
    expect(swarmSummary(snap)).toMatchObject({ bots: 48, commands: 1200, kills: 61, snapshot: snap });
  });
});
