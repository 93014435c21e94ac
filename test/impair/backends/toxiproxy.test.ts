// The toxiproxy backend drives a Toxiproxy server through toxiproxy-node-client. It runs against a REAL
// toxiproxy-server where one is installed ($TOXIPROXY_SERVER_BIN or PATH: then data really flows and
// latency is checked), and always against netwright's own Toxiproxy-compatible API on the embedded
// proxy, which speaks the same protocol.

import { Socket } from 'node:net';
import { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../../src/errors.ts';
import { startEmbeddedApi } from '../../../src/impair/api/embedded.ts';
import { ToxiproxyBackend } from '../../../src/impair/backends/toxiproxy.ts';
import { type EchoServer, startEcho } from '../../helpers/net.ts';
import { findToxiproxyServer, startToxiproxyServer } from './toxiproxy-server.ts';

const bin = findToxiproxyServer();

interface Target {
  label: string;
  dataFlows: boolean;
  start(): Promise<{ url: string; stop(): Promise<void> }>;
}

const targets: Target[] = [
  {
    label: "netwright's own Toxiproxy-compatible API on the embedded proxy (same protocol)",
    dataFlows: true,
    start: async () => {
      const s = await startEmbeddedApi({ port: 0 });
      return { url: s.server.url, stop: () => s.close() };
    },
  },
];
if (bin)
  targets.push({
    label: `a real toxiproxy-server (${bin})`,
    dataFlows: true,
    start: () => startToxiproxyServer(bin),
  });

let echo: EchoServer;
let echoPort: number;
beforeAll(async () => {
  echo = await startEcho();
  echoPort = echo.port;
});
afterAll(async () => {
  await echo?.close();
});

async function roundTripMs(port: number): Promise<number> {
  const sock = new Socket();
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.connect(port, '127.0.0.1', () => resolve());
  });
  const t0 = performance.now();
  const got = new Promise<void>((resolve) => sock.once('data', () => resolve()));
  sock.write('ping');
  await got;
  const ms = performance.now() - t0;
  sock.destroy();
  return ms;
}

if (!bin) it.skip('against a real toxiproxy-server: no binary here (set TOXIPROXY_SERVER_BIN)', () => {});

describe.each(targets)('toxiproxy backend against $label', (target) => {
  let server: { url: string; stop(): Promise<void> };
  let backend: ToxiproxyBackend;
  let client: Toxiproxy;
  beforeAll(async () => {
    server = await target.start();
    backend = new ToxiproxyBackend({ url: server.url });
    client = new Toxiproxy(server.url);
  });
  afterAll(async () => {
    await backend?.close();
    await server?.stop();
  });

  const toxicsOf = async (name: string) => {
    const res = await fetch(`${server.url}/proxies/${name}/toxics`);
    return (await res.json()) as {
      name: string;
      type: string;
      stream: string;
      attributes: Record<string, number>;
    }[];
  };

  it('turns short-form settings into toxics, updates and removes them', async () => {
    const link = await backend.openLink({
      id: 'game',
      protocol: 'tcp',
      upstream: { host: '127.0.0.1', port: echoPort },
    });
    expect(link.listen.port).toBeGreaterThan(0);
    link.set({
      latency: { latencyMs: 40, jitterMs: 4, distribution: 'uniform' },
      downstream: { bandwidth: 800 },
    });
    await link.settled();
    const names = (await toxicsOf('game')).map((t) => [t.name, t.type, JSON.stringify(t.attributes)]);
    expect(names).toEqual([
      ['latency_upstream', 'latency', '{"latency":40,"jitter":4}'],
      ['bandwidth_downstream', 'bandwidth', '{"rate":100}'],
      ['latency_downstream', 'latency', '{"latency":40,"jitter":4}'],
    ]);
    link.set({
      latency: 60,
      downstream: { bandwidth: null },
      upstream: { slicer: { averageSize: 10 }, outage: true },
    });
    await link.settled();
    const after = await toxicsOf('game');
    expect(after.map((t) => t.name).sort()).toEqual([
      'latency_downstream',
      'latency_upstream',
      'outage_upstream',
      'slicer_upstream',
    ]);
    // An outage holds TCP data: a latency toxic as long as the outage (24 h when open-ended).
    expect(after.find((t) => t.name === 'outage_upstream')).toMatchObject({
      type: 'latency',
      attributes: { latency: 86_400_000 },
    });
    expect(after.find((t) => t.name === 'latency_upstream')?.attributes.latency).toBe(60);
    link.reset();
    await link.settled();
    expect(await toxicsOf('game')).toEqual([]);
    await link.close();
    expect(Object.keys(await client.getAll())).not.toContain('game');
  });

  it('refuses UDP and packet-level impairments with ERR_BACKEND_UNSUPPORTED naming the embedded backend', async () => {
    const udp = backend.openLink({
      id: 'u',
      protocol: 'udp',
      upstream: { host: '127.0.0.1', port: echoPort },
    });
    await expect(udp).rejects.toSatisfy((e: unknown) => hasErrorCode(e, 'ERR_BACKEND_UNSUPPORTED'));
    await expect(udp).rejects.toThrow(/embedded/);
    const link = await backend.openLink({
      id: 'lossy',
      protocol: 'tcp',
      upstream: { host: '127.0.0.1', port: echoPort },
    });
    for (const patch of [
      { loss: 0.05 },
      { duplicate: 0.01 },
      { upstream: { reorder: 0.1 } },
      { corrupt: 0.001 },
    ]) {
      let caught: unknown;
      try {
        link.set(patch);
      } catch (err) {
        caught = err;
      }
      expect(hasErrorCode(caught, 'ERR_BACKEND_UNSUPPORTED')).toBe(true);
      expect(String((caught as Error).message)).toMatch(/use backend 'embedded'/);
    }
    expect(() => link.set({ latency: { latencyMs: 5, jitterMs: 1, correlation: 0.5 } })).toThrow(
      /correlated/,
    );
    expect(() => link.set({ latency: -5 })).toThrow(/latency/);
    await link.settled();
    expect(await toxicsOf('lossy')).toEqual([]);
    await link.close();
  });

  it.runIf(target.dataFlows)(
    'carries data with the configured latency added (lower bound only)',
    async () => {
      const link = await backend.openLink({
        id: 'echo',
        protocol: 'tcp',
        upstream: { host: '127.0.0.1', port: echoPort },
      });
      await roundTripMs(link.listen.port); // warm-up
      link.set({ latency: 30 });
      await link.settled();
      const rtt = await roundTripMs(link.listen.port);
      expect(rtt).toBeGreaterThanOrEqual(55); // 30 ms each way, minus timer slack
      expect(rtt).toBeLessThan(5_000);
      await link.close();
    },
  );
});
