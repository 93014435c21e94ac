// The `network` surface on a TCP link, the same on the embedded and toxiproxy backends: set, profile,
// timeline with a timed outage, per-direction control, stats and history; and what a backend cannot
// do is ERR_BACKEND_UNSUPPORTED naming the feature. (The kernel backend carries programs started in
// its namespaces: see process-link.spec.ts.)
import net from 'node:net';
import { describe, expect, test } from '../../fixtures/index.ts';
import { hasErrorCode } from '../../src/errors.ts';
import { startEcho } from '../../test/helpers/net.ts';
import { BACKEND } from './backend.ts';

/** Round trip of one small message on an open socket, ms. */
async function rtt(sock: net.Socket): Promise<number> {
  const t0 = performance.now();
  const got = new Promise((r) => sock.once('data', r));
  sock.write('ping');
  await got;
  return performance.now() - t0;
}

describe.skipIf(BACKEND === 'kernel')(`TCP link on the ${BACKEND} backend`, () => {
  test('latency by set() and per direction, a timed outage by timeline(), then a clean link', async ({
    network,
  }) => {
    const echo = await startEcho();
    try {
      const link = await network.openLink({
        id: 'tcp-1',
        protocol: 'tcp',
        upstream: { host: '127.0.0.1', port: echo.port },
      });
      const sock = net.connect(link.listen.port, '127.0.0.1');
      sock.on('error', () => undefined);
      await new Promise((r) => sock.once('connect', r));
      const base = await rtt(sock);

      network.set({ latency: 40 });
      await link.settled();
      const both = await rtt(sock);
      expect(both).toBeGreaterThanOrEqual(78);

      network.upstream.set({ latency: null });
      await link.settled();
      const downOnly = await rtt(sock);
      expect(downOnly).toBeGreaterThanOrEqual(38);
      expect(downOnly).toBeLessThan(both);

      // An outage holds TCP data (nothing is lost), then ends by itself.
      network.reset();
      network.timeline([{ at: 0, outage: 300 }]);
      await new Promise((r) => setTimeout(r, 20));
      await link.settled();
      const held = await rtt(sock);
      expect(held).toBeGreaterThanOrEqual(200);
      await new Promise((r) => setTimeout(r, 100));
      await link.settled();
      expect(await rtt(sock)).toBeLessThan(base + 50);

      const labels = network.history().map((h) => h.label);
      expect(labels).toEqual(['latency=40', 'latency=null', 'reset', 'outage=300', 'outage end']);
      expect(link.stats().upstream.configured).toEqual([]);
      sock.destroy();
    } finally {
      await echo.close();
    }
  });

  test.skipIf(BACKEND === 'embedded')(
    'what the backend cannot do is ERR_BACKEND_UNSUPPORTED naming the feature, and nothing changes',
    async ({ network }) => {
      const echo = await startEcho();
      try {
        const link = await network.openLink({
          id: 'tcp-2',
          protocol: 'tcp',
          upstream: { host: '127.0.0.1', port: echo.port },
        });
        network.set({ latency: 10 });
        let caught: unknown;
        try {
          network.set({ loss: 0.1 });
        } catch (err) {
          caught = err;
        }
        expect(hasErrorCode(caught, 'ERR_BACKEND_UNSUPPORTED')).toBe(true);
        expect((caught as Error).message).toMatch(/loss/);
        expect(network.config()).toEqual({ latency: { latencyMs: 10 } });
        expect(link.config()).toEqual({ latency: { latencyMs: 10 } });
        const udp = network.openLink({
          id: 'udp-1',
          protocol: 'udp',
          upstream: { host: '127.0.0.1', port: 9 },
        });
        await expect(udp).rejects.toSatisfy((e: unknown) => hasErrorCode(e, 'ERR_BACKEND_UNSUPPORTED'));
      } finally {
        await echo.close();
      }
    },
  );
});
