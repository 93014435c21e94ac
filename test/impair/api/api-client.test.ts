// The Toxiproxy-compatible API driven by toxiproxy-node-client itself (and raw fetch for exact status
// codes and error bodies), over a recording link model.

import { Toxiproxy } from 'toxiproxy-node-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiServer } from '../../../src/impair/api/server.ts';
import { type Recorded, recordingOpener } from './recording-link.ts';

let server: ApiServer;
let links: Recorded[];
let client: Toxiproxy;

beforeEach(async () => {
  const rec = recordingOpener();
  links = rec.links;
  server = await ApiServer.start({ port: 0, openLink: rec.open });
  client = new Toxiproxy(server.url);
});
afterEach(async () => {
  await server.close();
});

async function raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const upstream = '127.0.0.1:9';

describe('toxiproxy-node-client against the netwright API', () => {
  it('reports a 2.x version', async () => {
    const v = await client.getVersion();
    expect(JSON.parse(v)).toEqual({ version: '2.12.0-netwright' });
  });

  it('creates, lists, shows and deletes proxies', async () => {
    const p = await client.createProxy({ name: 'redis', listen: '127.0.0.1:0', upstream });
    expect(p.enabled).toBe(true);
    expect(p.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(p.listen).not.toBe('127.0.0.1:0');
    expect(links).toHaveLength(1);
    expect(links[0].spec).toMatchObject({
      id: 'redis',
      protocol: 'tcp',
      upstream: { host: '127.0.0.1', port: 9 },
    });
    await client.createProxy({ name: 'a-first', listen: 'localhost:0', upstream });
    const all = await client.getAll();
    expect(Object.keys(all)).toEqual(['a-first', 'redis']);
    expect((await client.get('redis')).listen).toBe(p.listen);
    await p.remove();
    expect(links[0].closed).toBe(true);
    await expect(client.get('redis')).rejects.toThrow(/status code 404/);
    expect(Object.keys(await client.getAll())).toEqual(['a-first']);
  });

  it('refuses a duplicate proxy with 409', async () => {
    await client.createProxy({ name: 'x', listen: '127.0.0.1:0', upstream });
    await expect(client.createProxy({ name: 'x', listen: '127.0.0.1:0', upstream })).rejects.toThrow(
      /status code 409/,
    );
    const r = await raw('POST', '/proxies', { name: 'x', listen: '127.0.0.1:0', upstream });
    expect(r).toEqual({
      status: 409,
      type: 'text/plain; charset=utf-8',
      text: '{"error":"proxy already exists","status":409}\n',
    });
  });

  it('adds a toxic with Toxiproxy defaults, updates (merging attributes) and removes it', async () => {
    const p = await client.createProxy({ name: 'db', listen: '127.0.0.1:0', upstream });
    const t = await p.addToxic({ type: 'latency', attributes: { latency: 100 } } as never);
    expect(t.toJson()).toEqual({
      name: 'latency_downstream',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 100, jitter: 0 },
    });
    expect(links[0].downstream).toEqual([
      {
        name: 'latency_downstream',
        type: 'latency',
        toxicity: 1,
        config: { latencyMs: 100, jitterMs: 0, distribution: 'uniform' },
      },
    ]);
    const t2 = await t.update({ attributes: { jitter: 5 } } as never);
    expect(t2.attributes).toEqual({ latency: 100, jitter: 5 });
    expect(t2.toxicity).toBe(1);
    expect(links[0].downstream[0].config).toMatchObject({ latencyMs: 100, jitterMs: 5 });
    const t3 = await t.update({ toxicity: 0.5 } as never);
    expect(t3.toxicity).toBe(0.5);
    expect(links[0].downstream[0].toxicity).toBe(0.5);
    expect((await p.getToxic('latency_downstream')).attributes).toEqual({ latency: 100, jitter: 5 });
    await t.remove();
    expect(links[0].downstream).toEqual([]);
    await expect(p.getToxic('latency_downstream')).rejects.toThrow(/status code 404/);
  });

  it('lists upstream toxics before downstream ones, each in insertion order', async () => {
    const p = await client.createProxy({ name: 'o', listen: '127.0.0.1:0', upstream });
    await p.addToxic({ type: 'bandwidth', attributes: { rate: 10 } } as never);
    await p.addToxic({ type: 'slicer', stream: 'upstream', attributes: { average_size: 10 } } as never);
    await p.addToxic({ name: 'late', type: 'timeout', stream: 'Upstream', attributes: {} } as never);
    const r = await raw('GET', '/proxies/o/toxics');
    const list = JSON.parse(r.text) as { name: string; stream: string }[];
    expect(list.map((x) => [x.name, x.stream])).toEqual([
      ['slicer_upstream', 'upstream'],
      ['late', 'Upstream'],
      ['bandwidth_downstream', 'downstream'],
    ]);
    expect(links[0].upstream.map((s) => s.type)).toEqual(['slicer', 'timeout']);
    expect(links[0].downstream[0].config).toEqual({ rateKbps: 80 });
  });

  it('disables and re-enables a proxy, re-applying its toxics to the new link', async () => {
    const p = await client.createProxy({ name: 'e', listen: '127.0.0.1:0', upstream });
    await p.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 7 } } as never);
    const off = await p.update({ enabled: false, listen: p.listen, upstream });
    expect(off.enabled).toBe(false);
    expect(links[0].closed).toBe(true);
    const on = await p.update({ enabled: true, listen: p.listen, upstream });
    expect(on.enabled).toBe(true);
    expect(links).toHaveLength(2);
    expect(links[1].upstream.map((s) => s.name)).toEqual(['latency_upstream']);
    const patched = await raw('PATCH', '/proxies/e', { upstream: '127.0.0.1:10' });
    expect(patched.status).toBe(200);
    expect(JSON.parse(patched.text)).toMatchObject({ upstream: '127.0.0.1:10', enabled: true });
    expect(links).toHaveLength(3);
    expect(links[1].closed).toBe(true);
  });

  it('populates: creates, keeps unchanged proxies with their toxics, replaces changed ones', async () => {
    const first = await client.populate([
      { name: 'p1', listen: '127.0.0.1:0', upstream },
      { name: 'p2', listen: '127.0.0.1:0', upstream, enabled: false },
    ]);
    expect(Object.keys(first)).toEqual(['p1', 'p2']);
    expect(first.p2.enabled).toBe(false);
    await first.p1.addToxic({ type: 'limit_data', attributes: { bytes: 5 } } as never);
    const again = await raw('POST', '/populate', [{ name: 'p1', listen: first.p1.listen, upstream }]);
    expect(again.status).toBe(201);
    expect(JSON.parse(again.text).proxies[0].toxics).toHaveLength(1);
    const changed = await raw('POST', '/populate', [
      { name: 'p1', listen: '127.0.0.1:0', upstream: '127.0.0.1:11' },
    ]);
    expect(JSON.parse(changed.text).proxies[0]).toMatchObject({ upstream: '127.0.0.1:11', toxics: [] });
    const bad = await raw('POST', '/populate', [
      { name: 'ok', upstream },
      { listen: '127.0.0.1:0', upstream },
    ]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toEqual({
      error: 'missing required field: name at proxy 2',
      status: 400,
      proxies: [],
    });
    expect(Object.keys(await client.getAll())).toEqual(['p1', 'p2']);
  });

  it('resets: every proxy enabled, every toxic gone', async () => {
    const p = await client.createProxy({ name: 'r', listen: '127.0.0.1:0', upstream });
    await p.addToxic({ type: 'latency', attributes: { latency: 1 } } as never);
    await client.createProxy({ name: 's', listen: '127.0.0.1:0', upstream, enabled: false });
    expect((await raw('POST', '/reset')).status).toBe(204);
    const all = await client.getAll();
    expect(all.r.enabled && all.s.enabled).toBe(true);
    expect(JSON.parse((await raw('GET', '/proxies/r')).text).toxics).toEqual([]);
    expect(links[0].downstream).toEqual([]);
  });
});

describe('status codes and error bodies (raw HTTP)', () => {
  const err = (status: number, error: string) => ({
    status,
    type: 'text/plain; charset=utf-8',
    text: `${JSON.stringify({ error, status })}\n`,
  });

  it('answers Toxiproxy errors with its shape', async () => {
    expect(await raw('GET', '/proxies/nope')).toEqual(err(404, 'proxy not found'));
    expect(await raw('DELETE', '/proxies/nope')).toEqual(err(404, 'proxy not found'));
    expect(await raw('POST', '/proxies', { listen: ':0', upstream })).toEqual(
      err(400, 'missing required field: name'),
    );
    expect(await raw('POST', '/proxies', { name: 'n' })).toEqual(
      err(400, 'missing required field: upstream'),
    );
    expect((await raw('POST', '/proxies', '{"name":')).status).toBe(400);
    expect(JSON.parse((await raw('POST', '/proxies', '')).text).error).toBe('bad request body: EOF');
    const typed = await raw('POST', '/proxies', { name: 5, upstream });
    expect(JSON.parse(typed.text).error).toMatch(/^bad request body: json: cannot unmarshal number/);
    await raw('POST', '/proxies', { name: 'q', listen: '127.0.0.1:0', upstream });
    expect(await raw('POST', '/proxies/q/toxics', { type: 'latency', stream: 'sideways' })).toEqual(
      err(400, 'stream was invalid, can be either upstream or downstream'),
    );
    expect(await raw('POST', '/proxies/q/toxics', { type: 'warp' })).toEqual(err(400, 'invalid toxic type'));
    expect((await raw('POST', '/proxies/q/toxics', { type: 'latency' })).status).toBe(200);
    expect(await raw('POST', '/proxies/q/toxics', { type: 'latency' })).toEqual(
      err(409, 'toxic already exists'),
    );
    expect(await raw('GET', '/proxies/q/toxics/zzz')).toEqual(err(404, 'toxic not found'));
    expect(await raw('POST', '/proxies/q/toxics/zzz', {})).toEqual(err(404, 'toxic not found'));
    expect(await raw('DELETE', '/proxies/q/toxics/zzz')).toEqual(err(404, 'toxic not found'));
    const attr = await raw('POST', '/proxies/q/toxics', {
      type: 'latency',
      name: 'l2',
      attributes: { latency: '5' },
    });
    expect(attr.status).toBe(400);
    expect(JSON.parse(attr.text).error).toMatch(/cannot unmarshal string .*latency/);
  });

  it('routes like gorilla/mux: 404 page, 405 method, 403 browsers', async () => {
    expect(await raw('GET', '/nothing')).toEqual({
      status: 404,
      type: 'text/plain; charset=utf-8',
      text: '404 page not found\n',
    });
    expect(await raw('PUT', '/proxies')).toMatchObject({ status: 405, text: '' });
    expect((await raw('GET', '/proxies', undefined, { 'user-agent': 'Mozilla/5.0' })).status).toBe(403);
    const ok = await raw('GET', '/proxies');
    expect(ok).toEqual({ status: 200, type: 'application/json', text: '{}' });
  });

  it('refuses what netwright will not do: non-loopback upstream, busy listen port', async () => {
    const far = await raw('POST', '/proxies', {
      name: 'far',
      listen: '127.0.0.1:0',
      upstream: '192.0.2.1:80',
    });
    expect(far.status).toBe(400);
    expect(JSON.parse(far.text).error).toMatch(/loopback/);
    const p = await client.createProxy({ name: 'one', listen: '127.0.0.1:0', upstream });
    const busy = await raw('POST', '/proxies', { name: 'two', listen: p.listen, upstream });
    expect(busy.status).toBe(500);
    expect(JSON.parse(busy.text).error).toMatch(/address already in use/);
    expect(Object.keys(await client.getAll())).toEqual(['one']);
  });

  it('serves the extensions: UDP proxies and packet-level toxics', async () => {
    const r = await raw('POST', '/proxies', {
      name: 'game',
      listen: '127.0.0.1:0',
      upstream,
      protocol: 'udp',
    });
    expect(r.status).toBe(201);
    expect(JSON.parse(r.text)).toMatchObject({ name: 'game', protocol: 'udp', enabled: true });
    expect(links[0].spec.protocol).toBe('udp');
    const loss = await raw('POST', '/proxies/game/toxics', {
      type: 'loss',
      stream: 'upstream',
      attributes: { probability: 0.1 },
    });
    expect(JSON.parse(loss.text)).toMatchObject({ name: 'loss_upstream', attributes: { probability: 0.1 } });
    expect(links[0].upstream[0]).toMatchObject({ type: 'loss', config: { model: 'random', rate: 0.1 } });
    const sliced = await raw('POST', '/proxies/game/toxics', { type: 'slicer' });
    expect(sliced.status).toBe(400);
    expect(JSON.parse(sliced.text).error).toMatch(/^invalid toxic type: slicer applies to tcp/);
    const tooMuch = await raw('POST', '/proxies/game/toxics', {
      type: 'duplicate',
      attributes: { probability: 2 },
    });
    expect(tooMuch.status).toBe(400);
    expect(JSON.parse(tooMuch.text).error).toMatch(/^bad request body: .*rate/);
    expect(JSON.parse((await raw('GET', '/proxies/game/toxics')).text)).toHaveLength(1);
    const stats = await raw('GET', '/proxies/game/stats');
    expect(JSON.parse(stats.text)).toEqual({ id: 'game', recorded: true });
    expect((await raw('POST', '/proxies', { name: 'bad', upstream, protocol: 'sctp' })).status).toBe(400);
  });
});
