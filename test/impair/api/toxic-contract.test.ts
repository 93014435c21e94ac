// Toxiproxy-exact toxic behaviour through netwright's API (issue #10), each checked against what a
// real Toxiproxy 2.8 does (measured by hand beside it; the numbers are in the comments). Data flows
// through real loopback sockets; times are measured from the client.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type EmbeddedApi, startEmbeddedApi } from '../../../src/impair/api/embedded.ts';
import { startEcho } from './sigterm-cycles.ts';

let api: EmbeddedApi;
let echo: Awaited<ReturnType<typeof startEcho>>;
beforeAll(async () => {
  api = await startEmbeddedApi({ port: 0, seed: 5 });
  echo = await startEcho();
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
