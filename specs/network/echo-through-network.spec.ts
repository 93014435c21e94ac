// The `network` fixture in front of plain echo servers: what a game spec does, minus the game.
import dgram from 'node:dgram';
import net from 'node:net';
import { describe, expect, test } from '../../fixtures/index.ts';
import { BACKEND } from './backend.ts';

async function udpEchoServer() {
  const sock = dgram.createSocket('udp4');
  sock.on('message', (m, r) => sock.send(m, r.port, r.address));
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  return { port: sock.address().port, close: () => new Promise<void>((r) => sock.close(() => r())) };
}

async function waitFor(cond: () => boolean, timeoutMs: number, what: string) {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('network fixture', () => {
  test.skipIf(BACKEND !== 'embedded')(
    'a UDP game-like stream under wifi_bad, a 300 ms outage, then 3g (embedded: UDP, packet loss)',
    async ({ network }) => {
      const echo = await udpEchoServer();
      try {
        const link = await network.openLink({
          id: 'client-1',
          protocol: 'udp',
          upstream: { host: '127.0.0.1', port: echo.port },
        });
        const client = dgram.createSocket('udp4');
        const rtts: number[] = [];
        client.on('message', (m) => rtts.push(performance.now() - m.readDoubleLE(0)));
        await new Promise<void>((r) => client.bind(0, '127.0.0.1', () => r()));
        network.timeline([
          { at: 0, profile: 'wifi_bad' },
          { at: 400, outage: 300 },
          { at: 800, profile: '3g' },
        ]);
        // 60 packets/s for ~1.2 s, like a game client's input stream.
        let sent = 0;
        const start = performance.now();
        while (performance.now() - start < 1200 && sent < 200) {
          const b = Buffer.alloc(64);
          b.writeDoubleLE(performance.now(), 0);
          client.send(b, link.listen.port, '127.0.0.1');
          sent++;
          await new Promise((r) => setTimeout(r, 16));
        }
        await waitFor(
          () => link.stats().upstream.held === 0 && link.stats().downstream.held === 0,
          10_000,
          'queues drained',
        );
        client.close();
        const stats = link.stats();
        expect(stats.upstream.packetsIn).toBe(sent);
        expect(stats.upstream.dropped.outage ?? 0).toBeGreaterThan(0);
        // 3g adds 100 ms each way: late round trips are at least ~200 ms minus jitter.
        expect(Math.max(...rtts)).toBeGreaterThan(150);
        expect(network.history().map((h) => h.label)).toEqual(['wifi_bad', 'outage=300', 'outage end', '3g']);
        // plot-ready series for the report: latency per direction, drops where the outage hit
        const names = network.timeseries().map((t) => t.name);
        expect(names).toContain('net client-1 up latency');
        expect(names).toContain('net client-1 up dropped');
      } finally {
        await echo.close();
      }
    },
  );

  test.skipIf(BACKEND !== 'embedded')(
    'a TCP line protocol through a lossy link arrives intact, later (embedded: TCP loss as stalls)',
    async ({ network }) => {
      const server = net.createServer((s) => s.pipe(s));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      try {
        const port = (server.address() as net.AddressInfo).port;
        const link = await network.openLink({
          id: 'mud-1',
          protocol: 'tcp',
          upstream: { host: '127.0.0.1', port },
        });
        network.set({ latency: { latencyMs: 20, jitterMs: 5 }, loss: { rate: 0.05, retransmitMs: 50 } });
        const sock = net.connect(link.listen.port, '127.0.0.1');
        let got = '';
        sock.on('data', (d) => {
          got += d.toString();
        });
        const lines = Array.from({ length: 50 }, (_, i) => `say hello ${i}\r\n`).join('');
        for (const ch of lines.match(/.{1,16}/gs) ?? []) {
          sock.write(ch);
          await new Promise((r) => setTimeout(r, 1));
        }
        await waitFor(() => got.length === lines.length, 30_000, 'all lines echoed');
        sock.destroy();
        expect(got).toBe(lines);
        const s = network.stats().links[0];
        expect(s.upstream.droppedTotal).toBe(0);
        expect(s.upstream.latencyMs.p50).toBeGreaterThanOrEqual(14);
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    },
  );
});
