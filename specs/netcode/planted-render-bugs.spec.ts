// What the player sees between snapshots: two planted rendering bugs the delay and underrun checks
// cannot see, each next to its healthy twin, judged by the same render assertion.
// - snapping (NET_CFG_INTERPOLATION=0): the client shows the snapshot at render time as it is, so
//   positions advance in one 33 ms step per snapshot: a jump on every other 60 fps frame;
// - a broken jitter buffer (NET_CFG_JITTER_CLOCK=arrival): snapshots are ordered and played by their
//   arrival time instead of the server's tick time, so network jitter reaches the screen: two
//   snapshots that arrive 5 ms apart after a gap are played 5 ms apart, a 33 ms move in one frame.
// Both knobs are real code paths in godot/scripts/client.gd (_render, _on_snapshot), switched by env
// like the other planted bugs; setting one for a whole run (e.g. `NET_CFG_INTERPOLATION=0 pnpm vitest
// run specs/netcode`) plants it in every client of the suite.
import { describe, expect, SMOOTH_NOISE, test } from './fixtures.ts';

/** Jitter on the way to the client: 30 +- 15 ms (normal), in order. */
const JITTERY = { downstream: { latency: { latencyMs: 30, jitterMs: 15 } } } as const;
const JUMPED =
  /client-1: jumps [\d.]+\/min > \d+.*first jump: its own entity moved .*res:\/\/scripts\/client\.gd:_render/s;

describe('snapping positions', () => {
  test('without interpolation the own entity jumps from snapshot to snapshot', async ({ clients }) => {
    const [planted] = await clients(1, { behavior: 'random_walk', env: { NET_CFG_INTERPOLATION: '0' } });
    await expect.poll(() => planted, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 150 });
    expect(() => expect(planted).toRenderSmoothly(SMOOTH_NOISE)).toThrow(JUMPED);
  });

  test('healthy twin: interpolation renders the same walk smoothly', async ({ clients }) => {
    const [healthy] = await clients(1, { behavior: 'random_walk' });
    await expect.poll(() => healthy, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 150 });
    expect(healthy).toRenderSmoothly(SMOOTH_NOISE);
    expect(healthy).toHaveNoExtrapolationAbove(1000);
  });
});

describe('jitter buffer on a jittery link', () => {
  test('a buffer played by arrival time passes the network jitter on to the screen', async ({
    clients,
    network,
  }) => {
    network.set(JITTERY);
    const [planted] = await clients(1, { behavior: 'random_walk', env: { NET_CFG_JITTER_CLOCK: 'arrival' } });
    await expect.poll(() => planted, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 150 });
    expect(() => expect(planted).toRenderSmoothly(SMOOTH_NOISE)).toThrow(JUMPED);
  });

  test('healthy twin: a buffer played by server time renders smoothly through the same link', async ({
    clients,
    network,
  }) => {
    network.set(JITTERY);
    const [healthy] = await clients(1, { behavior: 'random_walk' });
    await expect.poll(() => healthy, { timeout: 20_000 }).toHaveReceivedSnapshots({ min: 150 });
    expect(healthy).toRenderSmoothly(SMOOTH_NOISE);
  });
});
