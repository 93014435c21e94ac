// Data through the API's proxies on the embedded backend, driven by toxiproxy-node-client: a latency
// toxic adds (at least) its delay to a TCP echo round trip over loopback; removing it takes it away;
// a UDP proxy (extension) forwards datagrams and drops them all under an outage toxic.

import { createSocket } from 'node:dgram';
import { Socket } from 'node:net';
import { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EmbeddedApi, startEmbeddedApi } from '../../../src/impair/api/embedded.ts';
import { type EchoServer, startEcho } from '../../helpers/net.ts';

let api: EmbeddedApi;
let client: Toxiproxy;
let echo: EchoServer;
let echoPort: number;

beforeAll(async () => {
  api = await startEmbeddedApi({ port: 0, seed: 7 });
  client = new Toxiproxy(api.server.url);
  echo = await startEcho();
  echoPort = echo.port;
});
afterAll(async () => {
  await api?.close();
  await echo?.close();
});

/** [fastest, slowest] echo round trip (ms) over one connection, n pings of 64 bytes. */
async function rttRange(port: number, n: number): Promise<[number, number]> {
  const sock = new Socket();
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.connect(port, '127.0.0.1', () => resolve());
  });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    let got = 0;
    await new Promise<void>((resolve) => {
      const on = (d: Buffer) => {
        got += d.length;
        if (got >= 64) {
          sock.off('data', on);
          resolve();
        }
      };
      sock.on('data', on);
      sock.write(Buffer.alloc(64, i));
    });
    times.push(performance.now() - t0);
  }
  sock.destroy();
  return [Math.min(...times), Math.max(...times)];
}

it('adds a latency toxic to TCP data flowing through the proxy, and removes it', async () => {
  const proxy = await client.createProxy({
    name: 'echo',
    listen: '127.0.0.1:0',
    upstream: `127.0.0.1:${echoPort}`,
  });
  const port = Number(proxy.listen.split(':')[1]);
  await rttRange(port, 2); // warm-up
  const down = await proxy.addToxic({
    type: 'latency',
    stream: 'downstream',
    attributes: { latency: 40 },
  } as never);
  await proxy.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 20 } } as never);
  const [slowMin, slowMax] = await rttRange(port, 5);
  // 60 ms added per round trip: EVERY ping takes at least that (timer slack allowed); the upper bound
  // only catches hangs. No upper timing bound on a loaded machine beyond that.
  expect(slowMin).toBeGreaterThanOrEqual(55);
  expect(slowMax).toBeLessThan(5_000);
  await down.remove();
  await (await proxy.getToxic('latency_upstream')).remove();
  // Removed: at least one of 10 pings comes back faster than the toxics alone would allow.
  const [fastMin] = await rttRange(port, 10);
  expect(fastMin).toBeLessThan(55);
  const stats = (await (await fetch(`${api.server.url}/proxies/echo/stats`)).json()) as {
    upstream: { bytesIn: number; bytesOut: number };
  };
  expect(stats.upstream.bytesIn).toBeGreaterThanOrEqual(15 * 64);
  expect(stats.upstream.bytesOut).toBe(stats.upstream.bytesIn);
  await proxy.remove();
});

it('forwards UDP through a protocol "udp" proxy and blackholes it under an outage toxic', async () => {
  const server = createSocket('udp4');
  server.on('message', (m, r) => server.send(m, r.port, r.address));
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', () => resolve()));
  const upstream = `127.0.0.1:${server.address().port}`;
  const res = await fetch(`${api.server.url}/proxies`, {
    method: 'POST',
    body: JSON.stringify({ name: 'game', listen: '127.0.0.1:0', upstream, protocol: 'udp' }),
  });
  expect(res.status).toBe(201);
  const port = Number(((await res.json()) as { listen: string }).listen.split(':')[1]);
  const c = createSocket('udp4');
  let got = 0;
  c.on('message', () => got++);
  await new Promise<void>((resolve) => c.bind(0, '127.0.0.1', () => resolve()));
  const burst = async (n: number) => {
    for (let i = 0; i < n; i++) c.send(Buffer.from(`p${i}`), port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 300));
  };
  await burst(20);
  const deadline = Date.now() + 5_000;
  while (got < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(got).toBe(20);
  const outage = await fetch(`${api.server.url}/proxies/game/toxics`, {
    method: 'POST',
    body: JSON.stringify({ type: 'outage', stream: 'upstream' }),
  });
  expect(outage.status).toBe(200);
  got = 0;
  await burst(20);
  expect(got).toBe(0);
  const stats = (await (await fetch(`${api.server.url}/proxies/game/stats`)).json()) as {
    upstream: { dropped: { outage?: number } };
  };
  expect(stats.upstream.dropped.outage).toBe(20);
  c.close();
  server.close();
});

/** Does one 8-byte echo come back within waitMs on a fresh connection? */
async function echoes(port: number, waitMs: number): Promise<boolean> {
  const sock = new Socket();
  sock.on('error', () => undefined);
  await new Promise<void>((resolve) => sock.connect(port, '127.0.0.1', () => resolve()));
  const back = new Promise<boolean>((resolve) => {
    const t = setTimeout(() => resolve(false), waitMs);
    sock.once('data', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
  sock.write('12345678');
  const ok = await back;
  sock.destroy();
  return ok;
}

it('applies toxicity per connection: 0 never, 1 always (a timeout toxic holding data)', async () => {
  const proxy = await client.createProxy({
    name: 'tox',
    listen: '127.0.0.1:0',
    upstream: `127.0.0.1:${echoPort}`,
  });
  const port = Number(proxy.listen.split(':')[1]);
  const t = await proxy.addToxic({
    type: 'timeout',
    stream: 'upstream',
    toxicity: 0,
    attributes: { timeout: 0 },
  } as never);
  for (let i = 0; i < 3; i++) expect(await echoes(port, 10_000)).toBe(true);
  await t.update({ toxicity: 1 } as never);
  for (let i = 0; i < 3; i++) expect(await echoes(port, 300)).toBe(false);
  expect((await fetch(`${api.server.url}/reset`, { method: 'POST' })).status).toBe(204);
  expect(await echoes(port, 10_000)).toBe(true);
  await proxy.remove();
});
