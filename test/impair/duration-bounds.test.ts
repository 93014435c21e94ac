// Every duration has an upper bound (issue #11 item 3): past it a config is refused with the bound in
// the message; the scheduler never arms a timer past Node's 2^31-1 ms limit (Node would clamp it to
// 1 ms and wake every millisecond); a closed link leaves nothing in the scheduler.
import dgram from 'node:dgram';
import { afterEach, expect, it } from 'vitest';
import { hasErrorCode } from '../../src/errors.ts';
import { startEmbeddedApi } from '../../src/impair/api/embedded.ts';
import { Network } from '../../src/impair/network.ts';
import { PreciseScheduler } from '../../src/impair/scheduler.ts';
import { tcpEcho, udpEcho } from './echo.ts';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    expect(hasErrorCode(err, 'ERR_CONFIG_INVALID')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

it('refuses durations past 24 h in set(), timelines and profiles, naming the bound', () => {
  const network = new Network();
  cleanups.push(() => network.close());
  const day = 86_400_000;
  expect(refusal(() => network.set({ latency: 1e300 }))).toMatch(/latency.latencyMs: must be <= 86400000/);
  expect(refusal(() => network.set({ latency: { latencyMs: 5, jitterMs: day + 1 } }))).toMatch(/jitterMs/);
  expect(refusal(() => network.set({ outage: 2 ** 31 }))).toMatch(/outage.durationMs: must be <= 86400000/);
  expect(refusal(() => network.set({ loss: { rate: 0.1, retransmitMs: 1e12 } }))).toMatch(/retransmitMs/);
  expect(refusal(() => network.set({ reorder: { rate: 0.1, gapMs: 1e12 } }))).toMatch(/gapMs/);
  expect(refusal(() => network.timeline([{ at: 1e300, latency: 5 }]))).toMatch(/at must be/);
  expect(refusal(() => network.defineProfile('slow', { latency: 1e300 }))).toMatch(/latencyMs/);
  network.set({ latency: day });
  expect(network.config()).toEqual({ latency: { latencyMs: day } });
});

it('a far due time does not make the scheduler wake every millisecond', async () => {
  const s = new PreciseScheduler();
  cleanups.push(() => s.close());
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  cleanups.push(() => process.off('warning', onWarning));
  let fired = false;
  s.at(performance.now() + 1e12, () => {
    fired = true;
  });
  await new Promise((r) => setTimeout(r, 150));
  expect(fired).toBe(false);
  expect(s.counters.timeouts).toBeLessThanOrEqual(1);
  expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
});

it('a closed link drops its scheduled entries (held packets, outage end, idle sweep)', async () => {
  const echo = await udpEcho();
  const tcp = await tcpEcho();
  cleanups.push(
    () => echo.close(),
    () => tcp.close(),
  );
  const network = new Network();
  cleanups.push(() => network.close());
  const scheduler = network.scheduler as PreciseScheduler;
  const udp = await network.openLink({
    id: 'u',
    protocol: 'udp',
    upstream: { host: '127.0.0.1', port: echo.port },
  });
  const t = await network.openLink({
    id: 't',
    protocol: 'tcp',
    upstream: { host: '127.0.0.1', port: tcp.port },
  });
  udp.set({ latency: 60_000 });
  t.set({ outage: 60_000 });
  const c = dgram.createSocket('udp4');
  cleanups.push(() => c.close());
  for (let i = 0; i < 20; i++) c.send(Buffer.from(`p${i}`), udp.listen.port, '127.0.0.1');
  const deadline = Date.now() + 5000;
  while (udp.stats().upstream.held < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  expect(udp.stats().upstream.held).toBe(20);
  expect(scheduler.pending).toBeGreaterThan(0);
  await udp.close();
  await t.close();
  expect(scheduler.pending).toBe(0);
});

it('the API refuses out-of-range and negative durations with a 400 (timeout -5 would hang like 0)', async () => {
  const api = await startEmbeddedApi({ port: 0 });
  cleanups.push(() => api.close());
  const url = api.server.url;
  await fetch(`${url}/proxies`, {
    method: 'POST',
    body: JSON.stringify({ name: 'p', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' }),
  });
  const add = async (body: unknown) => {
    const r = await fetch(`${url}/proxies/p/toxics`, { method: 'POST', body: JSON.stringify(body) });
    return { status: r.status, text: await r.text() };
  };
  const huge = await add({ type: 'latency', attributes: { latency: 1e300 } });
  expect(huge.status).toBe(400);
  expect(huge.text).toMatch(
    /cannot unmarshal number 1e\+?300 into Go struct field LatencyToxic.attributes.latency of type int64/,
  );
  const long = await add({ type: 'latency', attributes: { latency: 2 ** 40 } });
  expect(long.status).toBe(400);
  expect(long.text).toMatch(/86400000/);
  const negative = await add({ type: 'timeout', attributes: { timeout: -5 } });
  expect(negative.status).toBe(400);
  expect(negative.text).toMatch(/timeout.*>= 0/);
  expect((await add({ type: 'timeout', attributes: { timeout: 5 } })).status).toBe(200);
});
