// One malformed request can never take the Toxiproxy-compatible API down (issue #11 item 1): request
// targets that are not URLs, ports out of range and bad %-escapes are a 400 like Go's server answers,
// and the server and its proxies keep serving afterwards.
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EmbeddedApi, startEmbeddedApi } from '../../../src/impair/api/embedded.ts';
import { startEcho } from '../../helpers/net.ts';

let api: EmbeddedApi;
let echo: Awaited<ReturnType<typeof startEcho>>;
beforeAll(async () => {
  api = await startEmbeddedApi({ port: 0, seed: 1 });
  echo = await startEcho({ allowHalfOpen: true });
});
afterAll(async () => {
  await api?.close();
  await echo?.close();
});

/** Send raw bytes, return the status line (the server closes or answers within 5 s). */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(api.server.port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no answer to ${JSON.stringify(request)}`));
    }, 5000);
    s.on('data', (d) => {
      got += d.toString();
      if (got.includes('\r\n')) {
        clearTimeout(timer);
        s.destroy();
        resolve(got.split('\r\n')[0] ?? '');
      }
    });
    s.on('error', reject);
    s.write(request);
  });
}

async function echoThrough(port: number): Promise<string> {
  const s = net.connect(port, '127.0.0.1');
  s.write('still here');
  s.end();
  let got = '';
  for await (const d of s) got += String(d);
  return got;
}

it.each([
  ['an absolute URL that does not parse', 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['a port out of range', 'GET http://a:99999999/ HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['a bad %-escape', 'GET /proxies/% HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['a bad %-escape in a toxic name', 'DELETE /proxies/p/toxics/%zz HTTP/1.1\r\nHost: x\r\n\r\n'],
])('%s is a 400 and the API and its proxies live on', async (_, request) => {
  const created = await fetch(`${api.server.url}/proxies`, {
    method: 'POST',
    body: JSON.stringify({ name: 'p', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` }),
  });
  const listen = ((await created.json()) as { listen: string }).listen;
  try {
    expect(await raw(request)).toBe('HTTP/1.1 400 Bad Request');
    expect((await fetch(`${api.server.url}/version`)).status).toBe(200);
    expect(await echoThrough(Number(listen.split(':').at(-1)))).toBe('still here');
  } finally {
    await fetch(`${api.server.url}/proxies/p`, { method: 'DELETE' });
  }
});
