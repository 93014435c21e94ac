// Backend selection: names, NETWRIGHT_BACKEND, and the availability report on this machine.

import { expect, it } from 'vitest';
import { hasErrorCode } from '../../../src/errors.ts';
import { startEmbeddedApi } from '../../../src/impair/api/embedded.ts';
import { availableBackends, backendFromEnv, parseBackendName } from '../../../src/impair/backends/index.ts';

it('parses backend names and suggests the closest on a typo', () => {
  expect(parseBackendName(undefined)).toBe('embedded');
  expect(backendFromEnv({ NETWRIGHT_BACKEND: 'kernel' })).toBe('kernel');
  let caught: unknown;
  try {
    parseBackendName('toxyproxy');
  } catch (err) {
    caught = err;
  }
  expect(hasErrorCode(caught, 'ERR_BACKEND_UNKNOWN')).toBe(true);
  expect(String(caught)).toMatch(/did you mean 'toxiproxy'/);
});

it('reports which backends work here; toxiproxy is found at TOXIPROXY_URL when a server answers there', async () => {
  const none = await availableBackends({ TOXIPROXY_URL: 'http://127.0.0.1:9' });
  expect(none.map((b) => b.name)).toEqual(['embedded', 'toxiproxy', 'kernel']);
  expect(none[0]?.available).toBe(true);
  expect(none[1]).toMatchObject({ available: false });
  expect(none[1]?.detail).toMatch(/toxiproxy GET \/version failed/);
  expect(typeof none[2]?.available).toBe('boolean');
  const api = await startEmbeddedApi({ port: 0 });
  try {
    const some = await availableBackends({ TOXIPROXY_URL: api.server.url });
    expect(some[1]).toMatchObject({ available: true });
    expect(some[1]?.detail).toMatch(/2\.12\.0-netwright/);
  } finally {
    await api.close();
  }
});
