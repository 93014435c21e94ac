// runSwarm over worker threads and shards against the fixture MUD (instant pacing): the merged
// snapshot sums the parts, worker threads are gone afterwards, shards split one population.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type MudServerHandle, startMudServer } from '../../../mud-fixtures/lib/server.ts';
import { mergeSnapshots, runSwarm, type SwarmOptions } from '../../../src/mud/swarm/index.ts';
import { pollUntil } from '../../helpers/poll.ts';

const PLAY = { tuning: { respawnCheckMs: 3000, pollMs: 100 }, queue: { maxPerSecond: 0 } };

let server: MudServerHandle | undefined;
let logins: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(seed: number): Promise<MudServerHandle> {
  logins = [];
  server = await startMudServer({
    seed,
    tlsPort: false,
    pacing: 'instant',
    onEvent: (e) => {
      if (e.event === 'login') logins.push(String(e.name));
    },
  });
  return server;
}

/** OS threads of this process (worker threads are OS threads). */
const threads = () => readdirSync('/proc/self/task').length;

function opts(port: number, extra: Partial<SwarmOptions>): SwarmOptions {
  return {
    host: '127.0.0.1',
    port,
    bots: 6,
    staggerMs: 5,
    durationMs: 2500,
    progressEveryMs: 200,
    windowMs: 500,
    ...PLAY,
    ...extra,
  };
}

describe('runSwarm over worker threads', () => {
  it('workers: 2 sums both workers, no name twice, every worker thread gone afterwards', async () => {
    const s = await start(11);
    const before = threads();
    const progress: number[] = [];
    let during = 0;
    const r = await runSwarm(opts(s.port, { name: 'Wrk', workers: 2 }), {
      onProgress: (p) => {
        progress.push(p.parts);
        during = Math.max(during, threads());
      },
    });
    expect(r.reason).toBe('time');
    expect(r.fault).toBeUndefined();
    const snap = r.snapshot;
    expect(snap.parts).toBe(2);
    expect(snap.bots).toMatchObject({ total: 6, logins: 6, failed: 0, closed: 6, active: 0 });
    expect(snap.responses).toBeGreaterThan(0);
    expect(snap.latencyMs.count).toBe(snap.responses);
    expect(snap.commands).toBeGreaterThanOrEqual(snap.responses);
    // The server counted what both workers' bots did: every login, every command, give or take one
    // per bot: a goodbye `quit` the bots do not count, or the command a bot wrote just before the stop
    // when the server held it behind a wait state (a move's) and dropped it at the close, as ROM does.
    // Exploring from home, the six bots are still walking in lockstep when the swarm stops.
    const seen = s.stats().counters;
    expect(snap.bots.logins).toBe(seen.logins);
    expect(snap.bots.total).toBe(seen.connects);
    expect(Math.abs(seen.commands - snap.commands)).toBeLessThanOrEqual(6);
    expect(seen.commands).toBeGreaterThan(snap.commands / 2);
    // The server saw six different names log in: the two workers' parts are disjoint.
    expect(logins).toHaveLength(6);
    expect(new Set(logins).size).toBe(6);
    expect(logins.every((n) => /^Wrk[a-f]$/.test(n))).toBe(true);
    expect(Math.max(...progress)).toBe(2);
    expect(during).toBeGreaterThanOrEqual(before + 2);
    expect(threads()).toBeLessThanOrEqual(before);
  });

  it('a worker that throws is ERR_MUD_SWARM_WORKER, the other stops, no thread left (test double worker module)', async () => {
    const s = await start(12);
    const before = threads();
    const t0 = Date.now();
    const err = await runSwarm(opts(s.port, { name: 'Crs', workers: 2, durationMs: 60_000 }), {
      workerModule: fileURLToPath(new URL('./fixtures/throwing-worker.ts', import.meta.url)),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_MUD_SWARM_WORKER' });
    expect(String((err as Error).message)).toContain('worker 2 of 2 failed');
    expect(String((err as Error).message)).toContain('failed on purpose');
    expect(Date.now() - t0).toBeLessThan(15_000);
    // The other worker's bots quit before the pool went.
    await until(() => s.stats().connections === 0, 5000);
    expect(threads()).toBeLessThanOrEqual(before);
  });

  it('a worker thread that exits is ERR_MUD_SWARM_WORKER within seconds, the other stops, no thread left', async () => {
    const s = await start(14);
    const before = threads();
    const t0 = Date.now();
    const err = await runSwarm(opts(s.port, { name: 'Ext', workers: 2, durationMs: 60_000 }), {
      workerModule: fileURLToPath(new URL('./fixtures/exiting-worker.ts', import.meta.url)),
    }).catch((e: unknown) => e);
    const tookMs = Date.now() - t0;
    expect(err).toMatchObject({ code: 'ERR_MUD_SWARM_WORKER' });
    expect(String((err as Error).message)).toContain('worker 2 of 2 failed');
    expect(String((err as Error).message)).toContain('exited with code 3');
    expect((err as { hint?: string }).hint).toContain('process.exit');
    // The dying worker's bots had logged in: it died while playing, not before starting.
    expect(logins.filter((n) => ['Extb', 'Extd', 'Extf'].includes(n)).length).toBeGreaterThan(0);
    expect(tookMs).toBeLessThan(10_000);
    // The other worker's bots quit; the dead thread's sockets closed with it.
    await until(() => s.stats().connections === 0, 5000);
    expect(threads()).toBeLessThanOrEqual(before);
  }, 30_000);

  it('a worker thread that exits before its part starts is ERR_MUD_SWARM_WORKER too', async () => {
    const s = await start(15);
    const before = threads();
    const err = await runSwarm(opts(s.port, { name: 'Early', workers: 2, durationMs: 60_000 }), {
      workerModule: fileURLToPath(new URL('./fixtures/exiting-worker.ts', import.meta.url)),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_MUD_SWARM_WORKER' });
    expect(String((err as Error).message)).toContain(
      'worker 2 of 2 failed: its thread exited before its part started',
    );
    await until(() => s.stats().connections === 0, 5000);
    expect(threads()).toBeLessThanOrEqual(before);
  }, 30_000);

  it('a worker thread out of memory is ERR_MUD_SWARM_WORKER with a memory hint, the other stops, no thread left', async () => {
    const s = await start(16);
    const before = threads();
    const t0 = Date.now();
    const err = await runSwarm(opts(s.port, { name: 'Oom', workers: 2, durationMs: 60_000 }), {
      workerModule: fileURLToPath(new URL('./fixtures/hungry-worker.ts', import.meta.url)),
      workerResourceLimits: { maxOldGenerationSizeMb: 64 },
    }).catch((e: unknown) => e);
    const tookMs = Date.now() - t0;
    expect(err).toMatchObject({ code: 'ERR_MUD_SWARM_WORKER' });
    expect(String((err as Error).message)).toContain('worker 2 of 2 failed: its thread ran out of memory');
    expect((err as { hint?: string }).hint).toContain('fewer bots per worker');
    expect(tookMs).toBeLessThan(15_000);
    // The other worker's bots quit; the dead thread's sockets closed with it; no thread left
    // (tinypool starts a replacement for a thread that failed: it goes with the pool).
    await until(() => s.stats().connections === 0, 5000);
    await until(() => threads() <= before, 5000);
  }, 30_000);

  it('bad worker options are ERR_CONFIG_INVALID before any thread starts', async () => {
    for (const workers of [0, 1.5, -2])
      await expect(runSwarm(opts(1, { workers }))).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
  });
});

describe('runSwarm shards', () => {
  it('shards 0/2 and 1/2 play disjoint names covering the population; merged counts equal one run', async () => {
    const s = await start(13);
    const base = opts(s.port, { name: 'Shd', bots: 5, durationMs: 2000 });
    const [a, b] = await Promise.all([
      runSwarm({ ...base, shard: { index: 0, count: 2 } }),
      runSwarm({ ...base, shard: { index: 1, count: 2 } }),
    ]);
    const names = [...logins];
    expect(names.filter((n) => ['Shda', 'Shdc', 'Shde'].includes(n))).toHaveLength(3);
    expect(new Set(names)).toEqual(new Set(['Shda', 'Shdb', 'Shdc', 'Shdd', 'Shde']));
    expect(names).toHaveLength(5);
    expect(a.snapshot.bots.logins).toBe(3);
    expect(b.snapshot.bots.logins).toBe(2);
    const merged = mergeSnapshots([a.snapshot, b.snapshot]);
    expect(merged.latencyMs.count).toBe(a.snapshot.responses + b.snapshot.responses);

    logins = [];
    const whole = await runSwarm(base);
    expect(new Set(logins)).toEqual(new Set(names));
    expect(merged.bots).toEqual(whole.snapshot.bots);
    expect(merged.parts).toBe(2);
    expect(merged.errors).toEqual(whole.snapshot.errors);
    expect([a.reason, b.reason, whole.reason]).toEqual(['time', 'time', 'time']);
  });
});

const until = (pred: () => boolean, ms: number) => pollUntil(pred, { timeoutMs: ms });
