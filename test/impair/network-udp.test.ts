import { afterEach, describe, expect, it } from 'vitest';
import { openUdpProxy } from '../../src/impair/backends/embedded-udp.ts';
import { LinkModel } from '../../src/impair/link.ts';
import { Network } from '../../src/impair/network.ts';
import { ProfileBook } from '../../src/impair/profiles.ts';
import { ManualScheduler } from '../../src/impair/scheduler.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { Random } from '../../src/util/random.ts';
import { pollUntil } from '../helpers/poll.ts';
import { udpClient, udpEcho } from './echo.ts';

/** The shared bounded poll, every 5 ms as before. */
const until = (cond: () => boolean, timeoutMs = 10_000, what = 'condition') =>
  pollUntil(cond, { timeoutMs, everyMs: 5, what });

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(seed = 1) {
  const echo = await udpEcho();
  const net = new Network({ seed });
  cleanups.push(
    () => echo.close(),
    () => net.close(),
  );
  return { echo, net };
}

/** A UDP link `id` through the proxy to the loopback server on `port`. */
function udpLink(net: Network, id: string, port: number) {
  return net.openLink({ id, protocol: 'udp', upstream: { host: '127.0.0.1', port } });
}

/** A UDP client, closed after the test. */
async function client() {
  const c = await udpClient();
  cleanups.push(() => c.close());
  return c;
}

describe('Network over the embedded UDP proxy', () => {
  it('forwards both ways with no impairment and counts packets/bytes per direction', async () => {
    const { echo, net } = await setup();
    const link = await udpLink(net, 'c1', echo.port);
    const c = await client();
    for (let i = 0; i < 20; i++) c.send(`m${i}`, link.listen.port, '127.0.0.1');
    await until(() => c.inbox.length === 20, 10_000, '20 echoes');
    expect(new Set(c.inbox.map((b) => b.toString()))).toEqual(
      new Set(Array.from({ length: 20 }, (_, i) => `m${i}`)),
    );
    const s = link.stats();
    expect(s.upstream.packetsIn).toBe(20);
    expect(s.upstream.packetsOut).toBe(20);
    expect(s.downstream.packetsOut).toBe(20);
    expect(s.upstream.bytesOut).toBe(c.inbox.reduce((a, b) => a + b.length, 0));
    expect(s.sessions.active).toBe(1);
    await link.close();
    // a closed link keeps its final figures for the report
    expect(net.stats().links).toMatchObject([{ id: 'c1', closed: true, upstream: { packetsIn: 20 } }]);
    expect(() => net.client('c1')).toThrow(/no link/);
  });

  it('gives each client its own upstream socket so the server sees distinct peers', async () => {
    const { echo, net } = await setup();
    const a = await udpLink(net, 'a', echo.port);
    const b = await udpLink(net, 'b', echo.port);
    const c1 = await client();
    const c2 = await client();
    const c3 = await client();
    c1.send('x', a.listen.port, '127.0.0.1');
    c2.send('y', b.listen.port, '127.0.0.1');
    c3.send('z', a.listen.port, '127.0.0.1'); // second source address on link a
    await until(() => c1.inbox.length + c2.inbox.length + c3.inbox.length === 3, 10_000, 'echoes');
    expect(echo.peers.size).toBe(3);
    expect(a.stats().sessions.total).toBe(2);
    expect(c3.inbox[0].toString()).toBe('z');
  });

  it('drops everything during an outage and recovers; config changes mid-stream are recorded', async () => {
    const { echo, net } = await setup();
    const link = await udpLink(net, 'c1', echo.port);
    const c = await client();
    c.send('before', link.listen.port, '127.0.0.1');
    await until(() => c.inbox.length === 1);
    net.set({ outage: true });
    for (let i = 0; i < 10; i++) c.send('lost', link.listen.port, '127.0.0.1');
    await until(() => link.stats().upstream.dropped.outage === 10, 10_000, '10 outage drops');
    net.set({ outage: null, latency: 30 });
    const t0 = performance.now();
    c.send('after', link.listen.port, '127.0.0.1');
    await until(() => c.inbox.length === 2, 10_000, 'echo after outage');
    // 30 ms each way: at least 60 ms round trip (lower bound only; no upper timing bound in tests)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(59);
    expect(c.inbox[1].toString()).toBe('after');
    expect(net.history().map((h) => h.label)).toEqual(['outage=true', 'outage=null latency=30']);
    expect(link.config()).toEqual({ latency: { latencyMs: 30 } });
  });

  it('applies per-direction loss: upstream lossy, downstream clean', async () => {
    const { echo, net } = await setup(5);
    const link = await udpLink(net, 'c1', echo.port);
    link.upstream.set({ loss: 0.5 });
    const c = await client();
    const n = 400;
    // Paced in bursts of 20 so no kernel socket buffer overflows (that loss would not be ours).
    for (let i = 0; i < n; i++) {
      c.send('p', link.listen.port, '127.0.0.1');
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 2));
    }
    await until(() => link.stats().upstream.packetsIn === n, 10_000, 'all sent');
    await until(() => echo.received === link.stats().upstream.packetsOut, 10_000, 'server got all forwarded');
    await until(() => c.inbox.length === echo.received, 10_000, 'all echoes back');
    const s = link.stats();
    expect(s.upstream.dropped.loss).toBe(n - s.upstream.packetsOut);
    // 5 sigma: 0.5 +- 5*sqrt(0.25/400) = 0.5 +- 0.125
    expect(Math.abs(s.upstream.lossRate - 0.5)).toBeLessThan(0.125);
    expect(s.downstream.droppedTotal).toBe(0);
    expect(s.upstream.configured.map((x) => x.type)).toEqual(['loss']);
  });

  it('survives a server that is not listening (ICMP errors are counted, not thrown)', async () => {
    const { net } = await setup();
    const gone = await udpEcho();
    const port = gone.port;
    await gone.close();
    const link = await udpLink(net, 'x', port);
    const c = await client();
    for (let i = 0; i < 5; i++) {
      c.send('ping', link.listen.port, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => link.stats().upstream.packetsOut === 5, 10_000, 'forwarded');
    expect(c.inbox).toEqual([]);
    expect(link.stats().sessions.active).toBe(1);
  });

  it('refuses non-loopback addresses with a coded error', async () => {
    const { net } = await setup();
    await expect(
      net.openLink({ id: 'x', protocol: 'udp', upstream: { host: '8.8.8.8', port: 53 } }),
    ).rejects.toMatchObject({ code: 'ERR_NETWORK_NOT_LOOPBACK' });
  });
});

describe('UDP session mappings', () => {
  it('closes idle mappings after idleTimeoutMs (manual clock) and evicts beyond maxSessions', async () => {
    const echo = await udpEcho();
    cleanups.push(() => echo.close());
    const clock = new ManualClock(0);
    const scheduler = new ManualScheduler(clock);
    const model = new LinkModel({
      id: 'm',
      protocol: 'udp',
      clock,
      scheduler,
      random: new Random(1),
      profiles: new ProfileBook(),
    });
    const proxy = await openUdpProxy(model, {
      listen: { host: '127.0.0.1', port: 0 },
      upstream: { host: '127.0.0.1', port: echo.port },
      idleTimeoutMs: 1000,
      maxSessions: 2,
    });
    cleanups.push(() => proxy.close());
    const clients = [await client(), await client(), await client()];
    clients[0].send('a', proxy.listen.port, '127.0.0.1');
    await until(() => clients[0].inbox.length === 1, 10_000, 'first echo');
    scheduler.advance(600);
    clients[1].send('b', proxy.listen.port, '127.0.0.1');
    await until(() => clients[1].inbox.length === 1, 10_000, 'second echo');
    expect(proxy.sessions().active).toBe(2);
    scheduler.advance(600); // client 0 idle 1200 ms -> closed; client 1 idle 600 ms -> kept
    expect(proxy.sessions().active).toBe(1);
    clients[2].send('c', proxy.listen.port, '127.0.0.1');
    clients[0].send('d', proxy.listen.port, '127.0.0.1');
    await until(() => clients[0].inbox.length === 2 && clients[2].inbox.length === 1, 10_000, 'echoes');
    // three live sources, room for two: the least recently active (client 1) was evicted
    expect(proxy.sessions()).toMatchObject({ active: 2, total: 4, evicted: 1 });
  });
});
