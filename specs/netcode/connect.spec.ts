// Basic flow a game developer checks first: clients connect, get a full snapshot, then a steady
// stream of deltas at the server's snapshot rate, with no underruns, smooth rendering and a small delay.
import { CI_NOISE, describe, expect, SMOOTH_NOISE, test } from './fixtures.ts';

describe('connect and snapshot flow', () => {
  test('one client connects and receives a steady snapshot stream', async ({ server, clients }) => {
    const [client] = await clients(1, { behavior: 'random_walk' });

    expect(client.metrics.timeToFirstSnapshotMs).toBeGreaterThanOrEqual(0);
    await expect.poll(() => client, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 90, rateHz: 20 });
    expect(client).toHaveNoUnderruns(CI_NOISE);
    expect(client).toRenderSmoothly(SMOOTH_NOISE);
    expect(client.metrics.baselineMismatches).toBe(0);
    expect(client.delay).toHavePercentileBelow(50, 100);

    // The server's side of the same story: one peer, one full snapshot, then deltas.
    const peer = server.metrics.summary().perPeer['client-1'];
    expect(peer.snapshots).toBeGreaterThanOrEqual(90);
    expect(peer.fullSnapshots).toBeGreaterThanOrEqual(1);
    expect(peer.fullSnapshots).toBeLessThan(peer.snapshots / 2);
  });

  test('eight clients all connect and all receive snapshots', async ({ server, clients }) => {
    const all = await clients(8, { behavior: 'random_walk', stagger: 50 });

    expect(all).toHaveLength(8);
    for (const c of all) expect(c.metrics.timeToFirstSnapshotMs).toBeDefined();
    await expect.poll(() => all, { timeout: 30_000 }).toHaveReceivedSnapshots({ min: 90, rateHz: 15 });
    expect(all).toHaveNoUnderruns(CI_NOISE);
    expect(all).toRenderSmoothly(SMOOTH_NOISE);
    expect(server.metrics.peerCount).toBe(8);
    expect(Object.keys(server.metrics.summary().perPeer).sort()).toEqual(all.map((c) => c.name).sort());
  });
});
