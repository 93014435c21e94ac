import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Network } from '../../src/impair/network.ts';
import { pollUntil } from '../helpers/poll.ts';
import { tcpEcho } from './echo.ts';

/** The shared bounded poll, every 5 ms as before. */
const until = (cond: () => boolean, timeoutMs = 10_000, what = 'condition') =>
  pollUntil(cond, { timeoutMs, everyMs: 5, what });

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(seed = 1) {
  const echo = await tcpEcho();
  const network = new Network({ seed });
  cleanups.push(
    () => echo.close(),
    () => network.close(),
  );
  const link = await network.openLink({
    id: 'c1',
    protocol: 'tcp',
    upstream: { host: '127.0.0.1', port: echo.port },
  });
  return { echo, network, link };
}

interface Client {
  sock: net.Socket;
  received: Buffer[];
  text(): string;
  ended: boolean;
  closed: boolean;
  error: NodeJS.ErrnoException | undefined;
}

async function connect(port: number): Promise<Client> {
  const sock = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  const c: Client = {
    sock,
    received: [],
    text: () => Buffer.concat(c.received).toString(),
    ended: false,
    closed: false,
    error: undefined,
  };
  sock.on('data', (d) => c.received.push(d));
  sock.on('end', () => {
    c.ended = true;
  });
  sock.on('error', (e) => {
    c.error = e;
  });
  sock.on('close', () => {
    c.closed = true;
  });
  cleanups.push(() => sock.destroy());
  await new Promise<void>((r) => sock.once('connect', () => r()));
  return c;
}

describe('Network over the embedded TCP proxy', () => {
  it('echoes a large stream intact and propagates the half-close both ways', async () => {
    const { link } = await setup();
    const c = await connect(link.listen.port);
    const payload = Buffer.alloc(2_000_000);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) & 0xff;
    c.sock.end(payload);
    await until(() => c.ended, 20_000, 'end from the server through the proxy');
    expect(Buffer.concat(c.received).equals(payload)).toBe(true);
    const s = link.stats();
    expect(s.upstream.bytesOut).toBe(payload.length);
    expect(s.downstream.bytesOut).toBe(payload.length);
    await until(() => link.stats().sessions.active === 0, 10_000, 'session closed');
  });

  it('bounds what a slow link holds with backpressure (no unbounded buffering)', async () => {
    const { link } = await setup();
    link.upstream.set({ bandwidth: { rateKbps: 80_000, queueBytes: 65_536 } }); // 10 MB/s
    const c = await connect(link.listen.port);
    const total = 6_000_000;
    let maxHeld = 0;
    const sample = setInterval(() => {
      maxHeld = Math.max(maxHeld, link.stats().upstream.heldBytes);
    }, 2);
    c.sock.end(Buffer.alloc(total, 1));
    await until(() => c.ended, 30_000, 'all echoed and ended');
    clearInterval(sample);
    expect(Buffer.concat(c.received).length).toBe(total);
    expect(maxHeld).toBeGreaterThan(0);
    // high water 1 MiB plus at most a few socket reads in flight when the source is paused
    expect(maxHeld).toBeLessThan(2 * 1024 * 1024);
  });

  it('keeps the stream intact under loss, duplication, reordering and corruption (stalls instead)', async () => {
    const { link } = await setup(3);
    link.set({
      loss: { rate: 0.2, retransmitMs: 5 },
      duplicate: 0.2,
      reorder: 0.2,
      corrupt: { rate: 0.1, retransmitMs: 5 },
    });
    const c = await connect(link.listen.port);
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i}\n`);
    for (const l of lines) {
      c.sock.write(l);
      await new Promise((r) => setImmediate(r));
    }
    await until(() => c.text().length === lines.join('').length, 20_000, 'all lines echoed');
    expect(c.text()).toBe(lines.join(''));
    const up = link.stats().upstream;
    expect(up.droppedTotal).toBe(0);
    expect(up.retransmitted).toBeGreaterThan(0);
  });

  it('changes latency mid-stream without losing or reordering bytes', async () => {
    const { link } = await setup();
    const c = await connect(link.listen.port);
    c.sock.write('a');
    await until(() => c.text() === 'a');
    link.set({ latency: 40 });
    const t0 = performance.now();
    c.sock.write('b');
    link.downstream.set({ latency: 10 });
    c.sock.write('c');
    await until(() => c.text() === 'abc', 10_000, 'abc');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(49);
    expect(link.config()).toEqual({
      upstream: { latency: { latencyMs: 40 } },
      downstream: { latency: { latencyMs: 10 } },
    });
  });

  it('a reset on the client side resets the server side', async () => {
    const { link, echo } = await setup();
    const c = await connect(link.listen.port);
    c.sock.write('x');
    await until(() => c.text() === 'x');
    c.sock.resetAndDestroy();
    await until(() => echo.resets === 1, 10_000, 'server saw the reset');
    await until(() => link.stats().sessions.active === 0, 10_000, 'session gone');
  });

  it('resetPeer resets the client after its timeout; limitData closes after N bytes', async () => {
    const { link } = await setup();
    link.downstream.set({ limitData: 5 });
    const c = await connect(link.listen.port);
    c.sock.write('0123456789');
    await until(() => c.ended, 10_000, 'closed by limitData');
    expect(c.text()).toBe('01234');
    link.downstream.set({ limitData: null });
    link.upstream.addStage({ name: 'rst', type: 'resetPeer', config: { timeoutMs: 20 } });
    const d = await connect(link.listen.port);
    d.sock.write('x');
    await until(() => d.closed, 10_000, 'reset by resetPeer');
    expect(d.error?.code).toBe('ECONNRESET');
  });

  it('refuses packet-only shapes on the wrong link type with every problem listed', async () => {
    const { link } = await setup();
    let err: unknown;
    try {
      link.set({ latency: -1, loss: 2, lattency: 5 } as never);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    const problems = (err as { problems: string[] }).problems;
    expect(problems.some((p) => p.includes("did you mean 'latency'"))).toBe(true);
    expect(problems.some((p) => p.startsWith('latency.latencyMs: must be >= 0'))).toBe(true);
    expect(problems.some((p) => p.startsWith('loss.rate: must be <= 1'))).toBe(true);
  });

  it('an upstream that refuses the connection closes the client cleanly, like Toxiproxy (no hang)', async () => {
    const network = new Network({ seed: 1 });
    cleanups.push(() => network.close());
    const dead = await tcpEcho();
    const port = dead.port;
    await dead.close();
    const link = await network.openLink({
      id: 'dead',
      protocol: 'tcp',
      upstream: { host: '127.0.0.1', port },
    });
    const c = await connect(link.listen.port);
    c.sock.write('hello');
    await until(() => c.ended, 10_000, 'client got FIN');
    expect(c.error).toBeUndefined();
    await until(() => link.stats().sessions.active === 0, 10_000, 'session gone');
  });
});
