// Toxiproxy-exact toxic behaviour through netwright's API (issue #10), each checked against what a
// real Toxiproxy 2.8 does (measured by hand beside it; the numbers are in the comments). Data flows
// through real loopback sockets; times are measured from the client.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type EmbeddedApi, startEmbeddedApi } from '../../../src/impair/api/embedded.ts';
import { startEcho } from '../../helpers/net.ts';

let api: EmbeddedApi;
let echo: Awaited<ReturnType<typeof startEcho>>;
beforeAll(async () => {
  api = await startEmbeddedApi({ port: 0, seed: 5 });
  echo = await startEcho({ allowHalfOpen: true });
});
afterAll(async () => {
  await api?.close();
  await echo?.close();
});
afterEach(async () => {
  await fetch(`${api.server.url}/proxies/p`, { method: 'DELETE' });
});

async function call(method: string, path: string, body?: unknown) {
  const r = await fetch(`${api.server.url}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, text, json: () => JSON.parse(text) };
}

/** Create proxy `p` to `upstream` (default: the echo server); returns its listen port. */
async function proxy(upstream = `127.0.0.1:${echo.port}`): Promise<number> {
  const r = await call('POST', '/proxies', { name: 'p', listen: '127.0.0.1:0', upstream });
  expect(r.status).toBe(201);
  return Number(r.json().listen.split(':').at(-1));
}

it('slicer: size_variation == average_size is accepted (Toxiproxy does); past it the 400 names size_variation', async () => {
  const port = await proxy();
  const ok = await call('POST', '/proxies/p/toxics', {
    type: 'slicer',
    attributes: { average_size: 1000, size_variation: 1000, delay: 1000 },
  });
  expect(ok.status).toBe(200);
  expect(ok.json().attributes).toEqual({ average_size: 1000, size_variation: 1000, delay: 1000 });
  const bad = await call('POST', '/proxies/p/toxics', {
    name: 'too_much',
    type: 'slicer',
    attributes: { average_size: 10, size_variation: 11 },
  });
  expect(bad.status).toBe(400);
  expect(bad.json().error).toMatch(/too_much\.size_variation: must be <= average_size \(10\), got 11/);
  expect(bad.text).not.toMatch(/sizeVariation|averageSize/);
  // Data still flows, whole and in order, through the accepted slicer.
  const s = net.connect(port, '127.0.0.1');
  const sent = Buffer.alloc(20_000, 3);
  s.end(sent);
  const got: Buffer[] = [];
  for await (const d of s) got.push(d as Buffer);
  expect(Buffer.concat(got).equals(sent)).toBe(true);
});

/** A loopback server running `onConn` for each connection; returns its port (closed after each test). */
async function server(onConn: (s: net.Socket) => void): Promise<number> {
  const open = new Set<net.Socket>();
  const srv = net.createServer({ allowHalfOpen: true }, (s) => {
    open.add(s);
    s.on('error', () => undefined);
    onConn(s);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  cleanups.push(async () => {
    for (const s of open) s.destroy();
    await new Promise<void>((r) => srv.close(() => r()));
  });
  return (srv.address() as net.AddressInfo).port;
}
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function connected(port: number): Promise<{ sock: net.Socket; events: string[]; t0: number }> {
  // Default sockets (no half-open), like the client of the Toxiproxy comparison.
  const sock = net.connect({ host: '127.0.0.1', port });
  const t0 = performance.now();
  const events: string[] = [];
  sock.on('error', (e: NodeJS.ErrnoException) =>
    events.push(`${e.code}@${Math.round(performance.now() - t0)}`),
  );
  sock.on('end', () => events.push('end'));
  sock.on('close', () => events.push('close'));
  cleanups.push(async () => {
    sock.destroy();
  });
  await new Promise<void>((r) => sock.once('connect', () => r()));
  return { sock, events, t0 };
}

it('bandwidth paces bytes inside one read: a 50 KB reply at 100 KB/s takes ~0.5 s (Toxiproxy: 20 KB by 250 ms, last byte at 507 ms)', async () => {
  const up = await server((s) => s.once('data', () => s.write(Buffer.alloc(50_000, 1))));
  const port = await proxy(`127.0.0.1:${up}`);
  expect(
    (await call('POST', '/proxies/p/toxics', { type: 'bandwidth', attributes: { rate: 100 } })).status,
  ).toBe(200);
  const { sock } = await connected(port);
  const t0 = performance.now();
  const marks: [number, number][] = [];
  let got = 0;
  sock.write('go');
  await new Promise<void>((resolve) =>
    sock.on('data', (d: Buffer) => {
      got += d.length;
      marks.push([performance.now() - t0, got]);
      if (got >= 50_000) resolve();
    }),
  );
  const by250 = marks.filter(([t]) => t <= 250).at(-1)?.[1] ?? 0;
  const last = marks.at(-1)?.[0] ?? 0;
  // Paced, not whole: well under the 50 KB by 250 ms, and the last byte near 500 ms.
  expect(by250).toBeGreaterThan(10_000);
  expect(by250).toBeLessThan(35_000);
  expect(last).toBeGreaterThan(420);
  expect(last).toBeLessThan(900);
});

it('updating a latency toxic re-times held data: 1500 -> 10 ms at 300 ms delivers at ~300 ms (Toxiproxy: 367 ms)', async () => {
  const port = await proxy();
  await call('POST', '/proxies/p/toxics', {
    name: 'l',
    type: 'latency',
    stream: 'downstream',
    attributes: { latency: 1500 },
  });
  const { sock } = await connected(port);
  const t0 = performance.now();
  sock.write('ping');
  setTimeout(() => void call('POST', '/proxies/p/toxics/l', { attributes: { latency: 10 } }), 300);
  await new Promise((r) => sock.once('data', r));
  const at = performance.now() - t0;
  expect(at).toBeGreaterThan(290);
  expect(at).toBeLessThan(900);
});

it.each(['upstream', 'downstream'] as const)(
  'reset_peer (%s): a silent direction is never reset; the first data is dropped and the reset follows timeout ms later',
  async (stream) => {
    let serverGot = 0;
    const up = await server((s) =>
      s.on('data', (d: Buffer) => {
        serverGot += d.length;
        s.write(d);
      }),
    );
    const port = await proxy(`127.0.0.1:${up}`);
    await call('POST', '/proxies/p/toxics', { type: 'reset_peer', stream, attributes: { timeout: 200 } });
    const { sock, events } = await connected(port);
    let clientGot = 0;
    sock.on('data', (d: Buffer) => {
      clientGot += d.length;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(events).toEqual([]);
    const t1 = performance.now();
    sock.write('hello');
    while (!events.includes('close') && performance.now() - t1 < 3000)
      await new Promise((r) => setTimeout(r, 5));
    const after = performance.now() - t1;
    expect(events[0]).toMatch(/^ECONNRESET/);
    expect(after).toBeGreaterThan(180);
    expect(clientGot).toBe(0);
    // Upstream: the server never saw the data; downstream: it did, its reply was dropped.
    expect(serverGot).toBe(stream === 'upstream' ? 0 : 5);
  },
);

it('disabling a proxy closes its connections cleanly (FIN, like Toxiproxy), and new ones are refused', async () => {
  const port = await proxy();
  const { sock, events } = await connected(port);
  sock.write('x');
  await new Promise((r) => sock.once('data', r));
  expect((await call('POST', '/proxies/p', { enabled: false })).status).toBe(200);
  const deadline = performance.now() + 3000;
  while (!events.includes('close') && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 5));
  expect(events).toEqual(['end', 'close']);
  const refused = await new Promise<string | undefined>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
    s.on('connect', () => {
      s.destroy();
      resolve('connected');
    });
  });
  expect(refused).toBe('ECONNREFUSED');
});

it('a refused upstream closes the client cleanly (Toxiproxy: connect, end, close)', async () => {
  const dead = await server(() => undefined);
  await cleanups.pop()?.();
  const port = await proxy(`127.0.0.1:${dead}`);
  const { events } = await connected(port);
  const deadline = performance.now() + 3000;
  while (!events.includes('close') && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 5));
  expect(events).toEqual(['end', 'close']);
});

it.each([
  ['garbage', /upstream "garbage": expected host:port/],
  ['localhost:99999', /upstream "localhost:99999": port must be 1\.\.65535/],
  [':6379', /upstream ":6379": host missing/],
])('upstream %j is a 400 with a clear error (not a 500 with a dial message)', async (upstream, error) => {
  const r = await call('POST', '/proxies', { name: 'p', listen: '127.0.0.1:0', upstream });
  expect(r.status).toBe(400);
  expect(r.json().error).toMatch(error);
});

it('a non-loopback upstream is refused by default, saying how to allow it', async () => {
  const r = await call('POST', '/proxies', { name: 'p', listen: '127.0.0.1:0', upstream: 'somehost:12345' });
  expect(r.status).toBe(400);
  expect(r.json().error).toMatch(/--allow-remote-upstream.*NETWRIGHT_ALLOW_REMOTE_UPSTREAM=1/);
});

it('with remote upstreams allowed, a proxy can point at a hostname (never dialled here): the client suite`s "update a proxy"', async () => {
  const open = await startEmbeddedApi({ port: 0, allowRemoteUpstream: true });
  try {
    const u = open.server.url;
    const post = (path: string, body: unknown) =>
      fetch(`${u}${path}`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        json: (await r.json()) as { listen: string; enabled: boolean; upstream: string },
      }));
    const created = await post('/proxies', { name: 'q', listen: 'localhost:0', upstream: 'localhost:6379' });
    expect(created.status).toBe(201);
    const disabled = await post('/proxies/q', {
      enabled: false,
      listen: created.json.listen,
      upstream: 'localhost:6379',
    });
    expect(disabled.json.enabled).toBe(false);
    const moved = await post('/proxies/q', {
      enabled: true,
      listen: created.json.listen,
      upstream: 'somehost:12345',
    });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ enabled: true, upstream: 'somehost:12345' });
  } finally {
    await open.close();
  }
});
