// A swarm against the fixture MUD in this process (fast pulses): bots log in staggered, play, are
// added and removed, stop gracefully; figures merge; the server closing every connection is a fault.
import { afterEach, describe, expect, it } from 'vitest';
import { type MudServerHandle, startMudServer } from '../../../mud-fixtures/lib/server.ts';
import {
  MudSwarm,
  mergeSnapshots,
  renderPrometheus,
  runSwarm,
  swarmFaultError,
} from '../../../src/mud/swarm/index.ts';
import { pollUntil } from '../../helpers/poll.ts';

const FAST = { pulseMs: 5, violencePulses: 2, mobilePulses: 8, tickPulses: 40 };
const PLAY = { tuning: { respawnCheckMs: 3000, pollMs: 100 }, queue: { maxPerSecond: 0 } };

let server: MudServerHandle | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('MudSwarm against the fixture MUD', () => {
  it('runs N playing bots, adds and removes bots, stops gracefully with merged figures', async () => {
    server = await startMudServer({ seed: 3, tlsPort: false, ...FAST });
    const swarm = new MudSwarm({
      host: '127.0.0.1',
      port: server.port,
      bots: 6,
      name: 'Swm',
      staggerMs: 5,
      maxPendingGreetings: 3,
      durationMs: 60_000,
      windowMs: 200,
      progressEveryMs: 200,
      ...PLAY,
    });
    const progress: number[] = [];
    swarm.on('progress', (s) => progress.push(s.bots.active));
    swarm.start();
    // Progress events come every 200 ms: wait for one that saw all six (a fast run once finished first).
    await until(() => swarm.active === 6 && swarm.snapshot().responses >= 60 && progress.some((n) => n >= 6));
    swarm.addBots(2);
    await until(() => swarm.active === 8);
    swarm.removeBots(3);
    expect(swarm.active).toBe(5);
    const r = await swarm.stop();
    expect(r.reason).toBe('aborted');
    expect(r.fault).toBeUndefined();
    const s = r.snapshot;
    expect(s.bots).toMatchObject({ total: 8, logins: 8, failed: 0, closed: 8, active: 0, target: 5 });
    expect(s.responses).toBeGreaterThanOrEqual(60);
    expect(s.commands).toBeGreaterThanOrEqual(s.responses);
    expect(s.latencyMs.count).toBe(s.responses);
    expect(s.latencyMs.p99).toBeGreaterThan(0);
    expect(s.bytesIn).toBeGreaterThan(s.bytesOut);
    expect(Object.keys(s.behaviors).length).toBeGreaterThan(0);
    expect(s.series.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBeGreaterThanOrEqual(6);
    // Every bot said goodbye: the server saw all of them quit, and none stayed in the game link-dead
    // (a bot stopped mid-fight fled first).
    await until(() => server!.stats().connections === 0, 5000);
    expect(s.quitUnconfirmed).toBe(0);
    expect(server.game.players.map((p) => p.name)).toEqual([]);

    const twice = mergeSnapshots([s, s]);
    expect(twice.responses).toBe(2 * s.responses);
    expect(twice.latencyMs.count).toBe(2 * s.latencyMs.count);
    expect(twice.latencyMs.p99).toBeCloseTo(s.latencyMs.p99, 5);
    expect(twice.parts).toBe(2);
    const text = renderPrometheus(s);
    expect(text).toContain(`netwright_mud_responses_total ${s.responses}`);
    expect(text).toMatch(/netwright_mud_command_latency_seconds\{quantile="0.99"\} [\d.e-]+/);
  });

  it('reports a server that closes every connection as server-died, with evidence', async () => {
    server = await startMudServer({ seed: 4, tlsPort: false, ...FAST });
    const running = runSwarm(
      {
        host: '127.0.0.1',
        port: server.port,
        bots: 5,
        name: 'Doom',
        staggerMs: 5,
        durationMs: 60_000,
        ...PLAY,
      },
      { onProgress: () => {} },
    );
    await new Promise((r) => setTimeout(r, 1500));
    await server.close();
    server = undefined;
    const r = await running;
    expect(r.reason).toBe('fault');
    expect(r.fault?.kind).toBe('server-died');
    expect(r.fault?.bots).toBe(5);
    // Bots the server dropped are not replaced (new logins would hang on a hung server).
    expect(r.snapshot.bots.total).toBe(5);
    expect(Object.values(r.fault?.doing ?? {}).reduce((a, b) => a + b, 0)).toBe(5);
    expect(r.fault?.lastLines.length).toBeGreaterThan(0);
    expect(swarmFaultError(r.fault!).code).toBe('ERR_MUD_SWARM_FAULT');
    // Which bots, doing what, saw the error first (3 of the 5 kept), not only a count by code.
    expect(r.snapshot.errors.ERR_MUD_CLOSED).toBe(5);
    const first = r.snapshot.errorSamples?.ERR_MUD_CLOSED ?? [];
    expect(first).toHaveLength(3);
    for (const e of first) {
      expect(e.bot).toMatch(/^Doom/);
      expect(e.doing.length).toBeGreaterThan(0);
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.at).toBeGreaterThanOrEqual(r.snapshot.startedAt);
    }
    expect(first.map((e) => e.at)).toEqual([...first.map((e) => e.at)].sort((a, b) => a - b));
  });
});

const until = (pred: () => boolean, ms = 30_000) => pollUntil(pred, { timeoutMs: ms });
