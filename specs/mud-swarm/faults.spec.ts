// The swarm as a fault finder against a real fixture MUD process: SIGKILLed mid-run is reported as
// the server dying, with what the bots were doing and their last lines, within 1 s, and nothing is
// left running; a hung server (SIGSTOP) is reported as having stopped answering. The server is
// launched here, not by the mudServer fixture, whose job is to fail a test when its server crashes.

import { describe, expect, test } from 'netwright';
import { launchMud } from '../../mud-fixtures/lib/launch.ts';
import { MudSwarm, type SwarmFault, type SwarmOptions } from '../../src/mud/swarm/index.ts';

const FAST = { pulseMs: 5, violencePulses: 2, mobilePulses: 8, tickPulses: 40 };
const PLAY = { tuning: { respawnCheckMs: 3000, pollMs: 100 }, queue: { maxPerSecond: 5 } };

/** A swarm started on `port`, returned once `bots` are in and `responses` commands were answered. */
async function playingSwarm(
  port: number,
  name: string,
  opts: Partial<SwarmOptions> & { bots?: number; responses?: number } = {},
): Promise<{ swarm: MudSwarm; faultAt: Promise<[SwarmFault, number]> }> {
  const { bots = 30, responses = 300, ...more } = opts;
  const swarm = new MudSwarm({
    host: '127.0.0.1',
    port,
    bots,
    name,
    staggerMs: 5,
    durationMs: 30_000,
    ...PLAY,
    ...more,
  });
  const faultAt = new Promise<[SwarmFault, number]>((resolve) =>
    swarm.on('fault', (f) => resolve([f, Date.now()])),
  );
  swarm.start();
  const end = Date.now() + 15_000;
  while (swarm.active < bots || swarm.snapshot().responses < responses) {
    if (Date.now() > end)
      throw new Error(`swarm did not get playing: ${JSON.stringify(swarm.snapshot().bots)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { swarm, faultAt };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the swarm finds server faults', () => {
  test('a SIGKILLed server: server-died within 1 s, with evidence, nothing left running', async ({
    seed,
    logDir,
  }) => {
    const mud = await launchMud({ options: FAST }, { seed, logDir, name: 'mud-killed' });
    try {
      const { swarm, faultAt } = await playingSwarm(mud.port, 'Kill');
      const pid = mud.process!.pid;
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      const [fault, seenAt] = await faultAt;
      expect(seenAt - killedAt).toBeLessThan(1000);
      expect(fault.kind).toBe('server-died');
      expect(fault.message).toContain('the server died');
      expect(fault.bots).toBe(30);
      expect(Object.values(fault.doing).reduce((a, b) => a + b, 0)).toBe(30);
      expect(fault.lastLines.length).toBeGreaterThan(0);
      expect(fault.lastLines.some((b) => b.lines.length > 0)).toBe(true);
      const r = await swarm.done;
      expect(r.reason).toBe('fault');
      expect(r.snapshot.bots).toMatchObject({ active: 0, connecting: 0, closed: 30 });
    } finally {
      await mud.stop();
    }
    // Reaped (a killed child stays a zombie until its parent reaps it): nothing left running.
    expect(alive(mud.process!.pid)).toBe(false);
  });

  test('a hung server while most bots are idle: the first bot to notice has every other bot ask at once', async ({
    seed,
    logDir,
  }) => {
    // Idle bots prod the server only every 5 s (no command in flight in between), so each would notice
    // the silence at its own next prod, seconds apart, and "most bots silent within 1 s" held only when
    // few were left (on a real Mud98: reported 8-9 s after SIGSTOP, with 2 of 10 bots as evidence).
    const mud = await launchMud({ options: FAST }, { seed, logDir, name: 'mud-idle-stopped' });
    const pid = mud.process!.pid;
    try {
      const { swarm, faultAt } = await playingSwarm(mud.port, 'Idle', {
        bots: 10,
        responses: 10,
        staggerMs: 500, // their 5 s prods spread over the period
        durationMs: 60_000,
        behaviors: ['idle'],
        tuning: { pollMs: 5000, respawnCheckMs: 3000 },
      });
      await new Promise((r) => setTimeout(r, 1000)); // the last one in its 5 s wait too
      const stoppedAt = Date.now();
      process.kill(pid, 'SIGSTOP');
      const [fault, seenAt] = await faultAt;
      expect(fault.kind).toBe('server-silent');
      // Found by a majority of the 10 within one 1 s window, not by the last two or three to prod.
      expect(fault.bots, JSON.stringify(fault.doing)).toBeGreaterThanOrEqual(6);
      expect(seenAt - stoppedAt).toBeLessThan(8000);
      const r = await swarm.done;
      expect(r.reason).toBe('fault');
      expect(r.snapshot.bots).toMatchObject({ active: 0, connecting: 0 });
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGCONT');
      await mud.stop();
    }
  });

  test('a hung server (SIGSTOP): every bot stalled at the same moment', async ({ seed, logDir }) => {
    const mud = await launchMud({ options: FAST }, { seed, logDir, name: 'mud-stopped' });
    const pid = mud.process!.pid;
    try {
      const { swarm, faultAt } = await playingSwarm(mud.port, 'Hang');
      const stoppedAt = Date.now();
      process.kill(pid, 'SIGSTOP');
      const [fault, seenAt] = await faultAt;
      expect(fault.kind).toBe('server-silent');
      expect(fault.message).toBe('every bot stalled at the same moment: the server stopped answering');
      expect(seenAt - stoppedAt).toBeLessThan(5000);
      expect(fault.lastLines.length).toBeGreaterThan(0);
      const r = await swarm.done;
      expect(r.reason).toBe('fault');
      expect(r.snapshot.bots).toMatchObject({ active: 0, connecting: 0 });
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGCONT');
      await mud.stop();
    }
  });
});
