import { afterEach, describe, expect, it } from 'vitest';
import { Network } from '../../src/impair/network.ts';
import { ManualScheduler } from '../../src/impair/scheduler.ts';
import { ManualClock } from '../../src/util/clock.ts';

const nets: Network[] = [];
afterEach(async () => {
  for (const n of nets.splice(0)) await n.close();
});

function manualNetwork() {
  const clock = new ManualClock(0);
  const scheduler = new ManualScheduler(clock);
  const network = new Network({ clock, scheduler, seed: 3 });
  nets.push(network);
  return { clock, scheduler, network };
}

const upstream = { host: '127.0.0.1', port: 9 };

describe('Network timelines and history (manual clock)', () => {
  it('applies steps at their times, ends timed outages, and records everything with times', async () => {
    const { scheduler, network } = manualNetwork();
    const a = await network.openLink({ id: 'a', protocol: 'udp', upstream });
    scheduler.advance(1000);
    network.timeline([
      { at: 0, profile: 'wifi_good' },
      { at: 10_000, outage: 2_000 },
      { at: 12_000, profile: '3g' },
    ]);
    scheduler.advance(0);
    expect(a.stats().upstream.configured.map((s) => s.type)).toEqual(['loss', 'bandwidth', 'latency']);
    scheduler.advance(10_000);
    expect(a.config().outage).toEqual({ durationMs: 2000 });
    scheduler.advance(1_999);
    expect(a.config().outage).toBeDefined();
    scheduler.advance(1);
    expect(a.config().outage).toBeUndefined();
    expect(a.config().latency).toEqual({ latencyMs: 100, jitterMs: 30 });
    const b = await network.openLink({ id: 'b', protocol: 'tcp', upstream });
    expect(b.config()).toEqual(a.config());
    expect(network.history().map((h) => [h.tMs, h.source, h.label])).toEqual([
      [1000, 'timeline', 'wifi_good'],
      [11_000, 'timeline', 'outage=2000'],
      [13_000, 'timeline', '3g'],
    ]);
    // An outage that runs its course is recorded as ending.
    network.set({ outage: 500 });
    scheduler.advance(500);
    expect(
      network
        .history()
        .slice(-2)
        .map((h) => [h.tMs, h.label]),
    ).toEqual([
      [13_000, 'outage=500'],
      [13_500, 'outage end'],
    ]);
    expect(a.config().outage).toBeUndefined();
  });

  it('per-link and per-direction changes are recorded with their scope', async () => {
    const { network } = manualNetwork();
    await network.openLink({ id: 'a', protocol: 'udp', upstream });
    await network.openLink({ id: 'b', protocol: 'udp', upstream });
    network.client(1).set({ loss: 0.1 });
    network.downstream.set({ latency: 20 });
    expect(network.client('a').config()).toEqual({ downstream: { latency: { latencyMs: 20 } } });
    expect(network.client('b').config()).toEqual({
      loss: { rate: 0.1 },
      downstream: { latency: { latencyMs: 20 } },
    });
    expect(network.history().map((h) => [h.link, h.direction, h.label])).toEqual([
      ['b', 'both', 'loss=0.1'],
      [undefined, 'downstream', 'latency=20'],
    ]);
  });

  it('validates a whole timeline before scheduling any of it', () => {
    const { network } = manualNetwork();
    expect(() =>
      network.timeline([
        { at: -1, profile: 'wifi_good' },
        { at: 5, profile: 'nope' },
        { at: 6, loss: 2 },
      ]),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_CONFIG_INVALID',
        problems: [
          'step 0: at must be a number of ms in 0..86400000 (24 h), got -1',
          expect.stringContaining("step 1: unknown profile 'nope'"),
          'step 2: loss.rate: must be <= 1, got 2 (rates are fractions 0..1: 5 % is 0.05)',
        ],
      }),
    );
    expect(network.history()).toEqual([]);
  });

  it('a network-wide change valid for no UDP link is refused for all', async () => {
    const { network } = manualNetwork();
    await network.openLink({ id: 'u', protocol: 'udp', upstream });
    await network.openLink({ id: 't', protocol: 'tcp', upstream });
    expect(() => network.set({ slicer: { averageSize: 10 } })).toThrow(/TCP links only/);
    expect(network.client('t').config()).toEqual({});
    network.client('t').set({ slicer: { averageSize: 10 } });
    expect(network.client('t').config()).toEqual({ slicer: { averageSize: 10 } });
  });

  it('unknown clients fail with the open ids; stats and toMeta are serialisable', async () => {
    const { network } = manualNetwork();
    await network.openLink({ id: 'client-1', protocol: 'udp', upstream });
    expect(() => network.client('client-2')).toThrow(expect.objectContaining({ code: 'ERR_LINK_NOT_FOUND' }));
    const meta = network.toMeta();
    expect(JSON.parse(JSON.stringify(meta))).toEqual(meta);
    expect(Object.keys((meta.stats as { links: object }).links)).toEqual(['client-1']);
  });
});

describe('timeline steps aimed at one link', () => {
  it('changes only that link; a step failing at run time is recorded, not thrown', async () => {
    const { scheduler, network } = manualNetwork();
    const a = await network.openLink({ id: 'a', protocol: 'udp', upstream });
    const b = await network.openLink({ id: 'b', protocol: 'udp', upstream });
    network.timeline([
      { at: 100, link: 'b', loss: 0.2 },
      { at: 200, link: 1, profile: 'lossy_5' },
      { at: 300, link: 'a', latency: 10 },
    ]);
    scheduler.advance(150);
    expect(a.config()).toEqual({});
    expect(b.config()).toEqual({ loss: { rate: 0.2 } });
    scheduler.advance(50);
    expect(b.config()).toEqual({ loss: { rate: 0.05 } });
    await a.close();
    scheduler.advance(100);
    const last = network.history().at(-1);
    expect(last).toMatchObject({
      tMs: 300,
      source: 'timeline-error',
      label: 'step 2 failed: ERR_LINK_NOT_FOUND',
    });
    expect(network.history().map((h) => h.link)).toEqual(['b', 'b', undefined]);
  });
});

describe('links being opened', () => {
  it('receive changes made while their sockets bind; a duplicate id is refused even then', async () => {
    const { network } = manualNetwork();
    const opening = network.openLink({ id: 'a', protocol: 'udp', upstream });
    await expect(network.openLink({ id: 'a', protocol: 'udp', upstream })).rejects.toMatchObject({
      code: 'ERR_LINK_EXISTS',
    });
    network.set({ latency: 33 });
    const a = await opening;
    expect(a.config()).toEqual({ latency: { latencyMs: 33 } });
  });
});

describe('Network with only a ManualClock', () => {
  it('pairs it with a ManualScheduler so nothing spins waiting for real time', async () => {
    const clock = new ManualClock(0);
    const network = new Network({ clock });
    nets.push(network);
    expect(network.scheduler).toBeInstanceOf(ManualScheduler);
    network.timeline([{ at: 50, latency: 5 }]);
    (network.scheduler as ManualScheduler).advance(50);
    expect(network.config()).toEqual({ latency: { latencyMs: 5 } });
  });
});

describe('timed outages and late links', () => {
  it('a link opened during a network-wide outage leaves it when the outage ends', async () => {
    const { scheduler, network } = manualNetwork();
    await network.openLink({ id: 'early', protocol: 'udp', upstream });
    network.set({ outage: 1000, latency: 5 });
    scheduler.advance(400);
    const late = await network.openLink({ id: 'late', protocol: 'udp', upstream });
    expect(late.config().outage).toEqual({ durationMs: 1000 });
    scheduler.advance(600);
    expect(late.config()).toEqual({ latency: { latencyMs: 5 } });
    expect(network.client('early').config()).toEqual({ latency: { latencyMs: 5 } });
    expect(network.config()).toEqual({ latency: { latencyMs: 5 } });
  });
});

describe('Network.timeseries', () => {
  it('has no series for a link without traffic', async () => {
    const { network } = manualNetwork();
    await network.openLink({ id: 'c1', protocol: 'udp', upstream });
    expect(network.timeseries()).toEqual([]);
  });
});
