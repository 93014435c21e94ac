// Differential check: the same request script against a REAL toxiproxy-server and against netwright's
// API must give the same status codes, content types and bodies (ports normalised; Toxiproxy's stray
// "Logger":{} field and `"proxies": null` are known, documented differences). Runs only where a
// toxiproxy-server binary exists ($TOXIPROXY_SERVER_BIN or PATH); skipped visibly otherwise.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiServer } from '../../../src/impair/api/server.ts';
import {
  findToxiproxyServer,
  type RunningToxiproxy,
  startToxiproxyServer,
} from '../backends/toxiproxy-server.ts';
import { recordingOpener } from './recording-link.ts';

const bin = findToxiproxyServer();
const U = '127.0.0.1:9';

/** [method, path, body?, user-agent?] */
const SCRIPT: [string, string, string?, string?][] = [
  ['GET', '/proxies'],
  ['POST', '/proxies', JSON.stringify({ name: 'a', listen: '127.0.0.1:0', upstream: U })],
  ['POST', '/proxies', JSON.stringify({ name: 'a', listen: '127.0.0.1:0', upstream: U })],
  ['POST', '/proxies', ''],
  ['POST', '/proxies', '{"name":'],
  ['POST', '/proxies', '{"name":5}'],
  ['POST', '/proxies', '{"name":"n"}'],
  ['POST', '/proxies', '{"upstream":"127.0.0.1:9"}'],
  ['POST', '/proxies', '{"name":"c","listen":"127.0.0.1:0","upstream":"127.0.0.1:9","enabled":"yes"}'],
  ['POST', '/proxies', '{"name":"d","listen":"nonsense","upstream":"127.0.0.1:9"}'],
  ['POST', '/proxies', '{"NAME":"e","Listen":"127.0.0.1:0","UPSTREAM":"127.0.0.1:9","enabled":false}'],
  ['POST', '/proxies/a/toxics', '{"type":"latency","attributes":{"latency":5}}'],
  ['POST', '/proxies/a/toxics', '{"type":"latency","stream":"Upstream"}'],
  ['POST', '/proxies/a/toxics', '{"type":"noop"}'],
  ['POST', '/proxies/a/toxics', '{"type":"latency"}'],
  ['POST', '/proxies/a/toxics', '{"type":"warp"}'],
  ['POST', '/proxies/a/toxics', '{"type":"latency","stream":"sideways"}'],
  ['POST', '/proxies/a/toxics', '{"type":"latency","name":"z","attributes":{"latency":"5"}}'],
  ['POST', '/proxies/a/toxics', '{"type":"latency","name":"z","attributes":{"latency":1.5}}'],
  ['POST', '/proxies/a/toxics', '{"type":"latency","name":"z","attributes":5}'],
  ['POST', '/proxies/a/toxics', '{"type":"latency","name":"z","toxicity":"x"}'],
  ['POST', '/proxies/a/toxics', '{"type":"slicer","name":"z","attributes":{"delay":true}}'],
  ['POST', '/proxies/a/toxics', '{"type":"bandwidth","name":"q","attributes":{"rate":[1]}}'],
  ['POST', '/proxies/a/toxics', '[]'],
  [
    'POST',
    '/proxies/a/toxics',
    '{"type":"slicer","toxicity":0.25,"attributes":{"average_size":64,"size_variation":8,"delay":10}}',
  ],
  [
    'POST',
    '/proxies/a/toxics',
    '{"type":"limit_data","stream":"upstream","attributes":{"bytes":100,"junk":1}}',
  ],
  ['POST', '/proxies/a/toxics', '{"name":"rp","type":"reset_peer","attributes":{"timeout":10}}'],
  ['GET', '/proxies/a/toxics'],
  ['POST', '/proxies/a/toxics/latency_downstream', '{"attributes":{"jitter":3}}'],
  ['PATCH', '/proxies/a/toxics/latency_downstream', '{"toxicity":0.5}'],
  ['GET', '/proxies/a/toxics/latency_downstream'],
  ['GET', '/proxies/a/toxics/none'],
  ['DELETE', '/proxies/a/toxics/none'],
  ['DELETE', '/proxies/a/toxics/noop_downstream'],
  ['POST', '/proxies/a', '{"enabled":false}'],
  ['GET', '/proxies/a'],
  ['PATCH', '/proxies/a', '{"enabled":true,"upstream":"127.0.0.1:10"}'],
  ['GET', '/proxies/nope'],
  ['POST', '/proxies/nope', '{}'],
  ['GET', '/proxies/nope/toxics'],
  ['POST', '/populate', '[]'],
  ['POST', '/populate', '{}'],
  ['POST', '/populate', '[{"name":"b","upstream":"127.0.0.1:9"},{"upstream":"127.0.0.1:9"}]'],
  [
    'POST',
    '/populate',
    '[{"name":"b","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"},{"name":"f","listen":"127.0.0.1:0","upstream":"127.0.0.1:9","enabled":false}]',
  ],
  ['GET', '/proxies'],
  ['PUT', '/proxies'],
  ['DELETE', '/reset'],
  ['GET', '/nothing'],
  ['GET', '/metrics'],
  ['GET', '/proxies/'],
  ['HEAD', '/version'],
  [
    'POST',
    '/proxies',
    '{"name":"with space","listen":"127.0.0.1:0","upstream":"127.0.0.1:9","enabled":false}',
  ],
  ['GET', '/proxies/with%20space'],
  ['DELETE', '/proxies/with%20space'],
  ['GET', '/proxies', undefined, 'Mozilla/5.0 (X11)'],
  ['POST', '/reset'],
  ['GET', '/proxies'],
  ['DELETE', '/proxies/a'],
  ['DELETE', '/proxies/a'],
];

interface Answer {
  status: number;
  type: string | null;
  body: unknown;
}

function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Logger') continue; // Toxiproxy leaks its zerolog.Logger as "Logger": {}
      out[k] = k === 'proxies' && x === null ? [] : normalise(x);
    }
    return out;
  }
  return typeof v === 'string' ? v.replace(/127\.0\.0\.1:\d{4,5}/g, '127.0.0.1:PORT') : v;
}

async function play(url: string): Promise<Answer[]> {
  const out: Answer[] = [];
  for (const [method, path, body, ua] of SCRIPT) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (ua) headers['user-agent'] = ua;
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    out.push({ status: res.status, type: res.headers.get('content-type'), body: normalise(parsed) });
  }
  return out;
}

describe.skipIf(!bin)(
  `differential: netwright API vs real toxiproxy-server (${bin ?? 'no binary: set TOXIPROXY_SERVER_BIN'})`,
  () => {
    let real: RunningToxiproxy;
    let ours: ApiServer;
    beforeAll(async () => {
      real = await startToxiproxyServer(bin as string);
      ours = await ApiServer.start({ port: 0, openLink: recordingOpener().open });
    });
    afterAll(async () => {
      await real?.stop();
      await ours?.close();
    });

    it('answers the whole script the same way', async () => {
      const a = await play(real.url);
      const b = await play(ours.url);
      const differing = SCRIPT.flatMap((step, i) =>
        JSON.stringify(a[i]) === JSON.stringify(b[i]) ? [] : [{ step, toxiproxy: a[i], netwright: b[i] }],
      );
      expect(differing).toEqual([]);
      expect(a.filter((x) => x.status >= 400).length).toBeGreaterThan(20);
    });
  },
);
