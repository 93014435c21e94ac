// Fuzz target over the Toxiproxy-compatible API server: raw request lines, paths, headers and bodies
// written to a real socket on loopback (no HTTP client smoothing anything over).
import assert from 'node:assert/strict';
import net from 'node:net';
import fc from 'fast-check';
import { type EmbeddedApi, startEmbeddedApi } from '../../../src/impair/api/embedded.ts';
import { atMost, type FuzzTarget } from '../harness.ts';
import { deepJson } from './codecs.ts';

/** How long the server may take to answer (or close) one request, ms. */
const ANSWER_MS = 3000;
/** Most proxies the fuzz leaves at once (each is a listener); more are deleted between runs. */
const MAX_PROXIES = 16;

const segment = fc.oneof(
  fc.constantFrom(
    'proxies',
    'toxics',
    'p',
    'q',
    'stats',
    'reset',
    'populate',
    'version',
    'metrics',
    '',
    '..',
    '.',
  ),
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
  fc.constantFrom('%', '%zz', '%2', '%00', '%ff', '%2F', '%C0%AF', '\u00e9', '%E2%82', '?a=%', '#x'),
);
const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('p', 'q') }, { weight: 1, arbitrary: segment });
/** The API's own routes with names filled in (so toxic routes meet a real proxy), or any path. */
const path = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          '/proxies',
          '/proxies/P',
          '/proxies/P/toxics',
          '/proxies/P/toxics/T',
          '/proxies/P/stats',
          '/populate',
          '/reset',
          '/version',
        ),
        name,
        fc.oneof(fc.constantFrom('t', 'latency_downstream'), segment),
      )
      .map(([route, p, t]) => route.replace('P', p).replace('T', t)),
  },
  { weight: 1, arbitrary: fc.array(segment, { maxLength: 5 }).map((segs) => `/${segs.join('/')}`) },
);
const target = fc.oneof(
  { weight: 6, arbitrary: path },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('http://', 'https://', 'http://[', '//'),
        fc.constantFrom('a', '[::1]', '127.0.0.1', 'x y', ''),
        fc.constantFrom('', ':0', ':80', ':99999999', ':-1', ':abc'),
        path,
      )
      .map((p) => p.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom('*', '', ' ', 'proxies', '/%', 'http://[') },
);
const attr = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e300, -5, 2 ** 31, Number.MAX_SAFE_INTEGER, null, 'x', true),
);
const toxic = fc.record(
  {
    name: fc.oneof(fc.constantFrom('t', 'lat'), fc.string({ maxLength: 8 })),
    type: fc.constantFrom(
      'latency',
      'bandwidth',
      'slow_close',
      'timeout',
      'reset_peer',
      'slicer',
      'limit_data',
      'loss',
      'outage',
      'nope',
    ),
    stream: fc.constantFrom('upstream', 'downstream', 'UPSTREAM', 'sideways'),
    toxicity: attr,
    attributes: fc.dictionary(
      fc.constantFrom(
        'latency',
        'jitter',
        'rate',
        'delay',
        'timeout',
        'bytes',
        'average_size',
        'size_variation',
        'probability',
        'duration',
      ),
      attr,
    ),
  },
  { requiredKeys: [] },
);
const proxy = fc.record(
  {
    name: fc.oneof(fc.constantFrom('p', 'q'), fc.string({ maxLength: 10 })),
    listen: fc.constantFrom(
      '127.0.0.1:0',
      'localhost:0',
      '[::1]:0',
      ':0',
      '0.0.0.0:0',
      '127.0.0.1:99999',
      'nope',
      '',
    ),
    upstream: fc.constantFrom('127.0.0.1:9', 'localhost:1', '10.0.0.1:80', 'x', '', '127.0.0.1:99999'),
    enabled: fc.oneof(fc.boolean(), fc.constant('yes')),
    protocol: fc.constantFrom('tcp', 'udp', 'sctp'),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  { weight: 3, arbitrary: proxy.map((p) => JSON.stringify(p)) },
  { weight: 3, arbitrary: toxic.map((t) => JSON.stringify(t)) },
  { weight: 1, arbitrary: fc.array(proxy, { maxLength: 4 }).map((a) => JSON.stringify(a)) },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant('') },
);

/** A raw HTTP/1.1 request: method, target, headers (Content-Length right, wrong or absent), body. */
export const rawRequest = fc
  .record({
    method: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE') },
      { weight: 1, arbitrary: fc.constantFrom('PUT', 'HEAD', 'OPTIONS', 'BREW', 'get', 'POST ') },
    ),
    target,
    body,
    length: fc.constantFrom('right', 'absent', 'short', 'long', 'junk', 'chunked-bad'),
    agent: fc.constantFrom(undefined, 'curl/8', 'Mozilla/5.0'),
    extra: fc.array(
      fc.tuple(
        fc.constantFrom('X-A', 'Host', 'Content-Type', 'Expect', 'Transfer-Encoding'),
        fc.string({ maxLength: 20 }),
      ),
      { maxLength: 3 },
    ),
  })
  .map((r) => {
    const bytes = Buffer.from(r.body);
    const lines = [`${r.method} ${r.target} HTTP/1.1`, 'Host: 127.0.0.1'];
    if (r.agent) lines.push(`User-Agent: ${r.agent}`);
    if (r.length === 'right') lines.push(`Content-Length: ${bytes.length}`);
    if (r.length === 'short') lines.push(`Content-Length: ${Math.max(0, bytes.length - 3)}`);
    if (r.length === 'long') lines.push(`Content-Length: ${bytes.length + 5}`);
    if (r.length === 'junk') lines.push('Content-Length: 1e3');
    if (r.length === 'chunked-bad') lines.push('Transfer-Encoding: chunked');
    for (const [k, v] of r.extra) lines.push(`${k}: ${v.replace(/[\r\n]/g, '')}`);
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), bytes]);
  });

/** Write `request`, half-close, and read until the server closes or `ANSWER_MS` passes. */
function exchange(port: number, request: Buffer): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let text = '';
    const done = (closed: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve({ text, closed });
    };
    const timer = setTimeout(() => done(false), ANSWER_MS);
    s.on('data', (d: Buffer) => {
      text += d.toString('latin1');
    });
    s.on('error', () => done(true));
    s.on('close', () => done(true));
    s.end(request);
  });
}

export const apiServerTarget: FuzzTarget<Buffer[]> = {
  name: 'API server (Toxiproxy-compatible): raw request lines, paths, headers, bodies',
  bound: `every request is answered (or closed) within ${ANSWER_MS} ms; status < 500 except listen failures (Toxiproxy's 500); the server answers GET /version after every request; proxies left <= ${MAX_PROXIES}`,
  arbitrary: fc.array(rawRequest, { minLength: 1, maxLength: 3 }),
  ciRuns: 150,
  open: async () => {
    const api: EmbeddedApi = await startEmbeddedApi({ port: 0, seed: 11 });
    const port = api.server.port;
    // A proxy named 'p' to aim toxic requests at (recreated after the cleanup below).
    const ensureP = () =>
      fetch(`${api.server.url}/proxies`, {
        method: 'POST',
        body: JSON.stringify({ name: 'p', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' }),
      });
    await ensureP();
    return {
      check: async (requests) => {
        for (const request of requests) {
          const { text, closed } = await exchange(port, request);
          assert.ok(
            closed || text.length > 0,
            `no answer within ${ANSWER_MS} ms to ${JSON.stringify(request.toString('latin1').slice(0, 200))}`,
          );
          const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
          if (status && Number(status) >= 500)
            assert.match(
              text,
              /listen|address/i,
              `HTTP ${status} to ${JSON.stringify(request.toString('latin1').slice(0, 200))}: ${text.slice(0, 300)}`,
            );
        }
        const health = await fetch(`${api.server.url}/version`);
        assert.equal(health.status, 200);
        const names = Object.keys((await (await fetch(`${api.server.url}/proxies`)).json()) as object);
        atMost(names.length, MAX_PROXIES, 'proxies');
        if (names.length > MAX_PROXIES / 2) {
          for (const n of names)
            await fetch(`${api.server.url}/proxies/${encodeURIComponent(n)}`, { method: 'DELETE' });
          await ensureP();
        }
      },
      close: () => api.close(),
    };
  },
};
