// Direct vs through the embedded proxy (no impairment): added RTT (UDP, TCP), UDP packets/s, TCP MB/s.
// The generator and servers run in a worker thread; the proxy runs here on its own event loop.
// Targets (issue 4): added RTT < 0.15 ms; TCP throughput >= Toxiproxy (~690 MB/s measured upload).
// 'direct' has client and server in the same worker thread (no wakeups at all, the strictest
// baseline); 'proxied' adds four cross-thread hops, so on an idle machine the added RTT is mostly
// thread wakeup latency, which busy polling (default 50 µs after each packet) avoids.
// Run: node bench/impair-proxy.ts
import net from 'node:net';
import os from 'node:os';
import { Network } from '../src/impair/network.ts';
import { f, pct, startTraffic } from './impair-bench-util.ts';

const RTT_N = 2000;
const FLOOD_MS = 2000;
const TCP_MS = 3000;
const GAME_MS = 4000;

export async function benchProxy(): Promise<void> {
  const traffic = await startTraffic();
  const network = new Network({ seed: 1 });
  const up = (port: number) => ({ host: '127.0.0.1', port });
  try {
    const udpSinkLink = await network.openLink({
      id: 'udp-sink',
      protocol: 'udp',
      upstream: up(traffic.ports.udpSink),
    });
    const tcpSinkLink = await network.openLink({
      id: 'tcp-sink',
      protocol: 'tcp',
      upstream: up(traffic.ports.tcpSink),
    });

    console.log(
      `proxy bench (loadavg ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}, ${os.cpus().length} cpus)`,
    );
    console.log('                         direct     proxied     added / ratio');
    // Round trips through links with busy polling off, at the default (50 µs) and long (2 ms);
    // "loop busy" is the proxy thread's event-loop utilisation while the round trips ran.
    for (const busyPollMs of [0, 0.05, 2]) {
      const rttNet = new Network({ seed: 1, busyPollMs });
      try {
        for (const [proto, op, direct] of [
          ['UDP', 'udp-rtt', traffic.ports.udpEcho],
          ['TCP', 'tcp-rtt', traffic.ports.tcpEcho],
        ] as const) {
          const protocol = proto === 'UDP' ? 'udp' : 'tcp';
          const link = await rttNet.openLink({ id: op, protocol, upstream: up(direct) });
          await traffic.ask({ op, port: direct, n: 200 }); // warm-up
          await traffic.ask({ op, port: link.listen.port, n: 200 });
          const d = await traffic.ask<number[]>({ op, port: direct, n: RTT_N });
          const elu0 = performance.eventLoopUtilization();
          const p = await traffic.ask<number[]>({ op, port: link.listen.port, n: RTT_N });
          const busy = performance.eventLoopUtilization(elu0).utilization;
          const label = busyPollMs === 0.05 ? 'default 0.05' : String(busyPollMs);
          const target = busyPollMs === 0.05 ? ' (target < 0.150)' : '';
          console.log(
            `  ${proto} RTT ms p50 busy-poll ${label.padEnd(12)} ${f(pct(d, 50))}   ${f(pct(p, 50))}   +${f(pct(p, 50) - pct(d, 50)).trim()} ms${target}; p99 +${f(pct(p, 99) - pct(d, 99)).trim()}; loop busy ${(busy * 100).toFixed(0)} %`,
          );
        }
      } finally {
        await rttNet.close();
      }
    }
    // What the default window costs under a game-shaped load: 16 clients through 16 links, 30 Hz
    // inputs up and 30 Hz snapshots down, proxy-thread loop utilisation with busy polling off and on.
    const loadRow: string[] = [];
    for (const busyPollMs of [0, 0.05]) {
      const gameNet = new Network({ seed: 1, busyPollMs });
      try {
        const ports: number[] = [];
        for (let i = 0; i < 16; i++) {
          const link = await gameNet.openLink({
            id: `c${i}`,
            protocol: 'udp',
            upstream: up(traffic.ports.udpGame),
          });
          ports.push(link.listen.port);
        }
        const elu0 = performance.eventLoopUtilization();
        const r = await traffic.ask<{ received: number }>({ op: 'game-load', ports, durationMs: GAME_MS });
        const busy = performance.eventLoopUtilization(elu0).utilization;
        loadRow.push(`${busyPollMs}: ${(busy * 100).toFixed(1)} % (${r.received} snapshots)`);
      } finally {
        await gameNet.close();
      }
    }
    console.log(`  16-client game load, proxy loop busy with busy-poll ${loadRow.join(' vs ')}`);
    type Flood = { sentPps: number; receivedPps: number };
    const fd = await traffic.ask<Flood>({
      op: 'udp-flood',
      port: traffic.ports.udpSink,
      durationMs: FLOOD_MS,
      size: 64,
    });
    const fp = await traffic.ask<Flood>({
      op: 'udp-flood',
      port: udpSinkLink.listen.port,
      durationMs: FLOOD_MS,
      size: 64,
    });
    console.log(
      `  UDP pkt/s (64 B)    ${f(fd.receivedPps, 0, 10)}  ${f(fp.receivedPps, 0, 10)}   x${(fp.receivedPps / fd.receivedPps).toFixed(2)} (offered ${fp.sentPps.toFixed(0)}/s)`,
    );
    type Tp = { mbPerS: number };
    const td = await traffic.ask<Tp>({
      op: 'tcp-throughput',
      port: traffic.ports.tcpSink,
      durationMs: TCP_MS,
    });
    const tp = await traffic.ask<Tp>({
      op: 'tcp-throughput',
      port: tcpSinkLink.listen.port,
      durationMs: TCP_MS,
    });
    console.log(
      `  TCP MB/s            ${f(td.mbPerS, 0, 10)}  ${f(tp.mbPerS, 0, 10)}   x${(tp.mbPerS / td.mbPerS).toFixed(2)} (issue's Toxiproxy 2.8 figure ~690; same-run: bench/toxiproxy-compare.ts)`,
    );
    // For scale: a bare socket.pipe() relay (stream reads, a fresh buffer per read), same threads, same sink.
    const relay = net.createServer((c) => {
      const u = net.connect(traffic.ports.tcpSink, '127.0.0.1');
      c.pipe(u);
      u.pipe(c);
      c.on('error', () => u.destroy());
      u.on('error', () => c.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
    const tr = await traffic.ask<Tp>({
      op: 'tcp-throughput',
      port: (relay.address() as net.AddressInfo).port,
      durationMs: TCP_MS,
    });
    await new Promise<void>((r) => relay.close(() => r()));
    console.log(`  TCP MB/s bare Node pipe() relay, for scale: ${f(tr.mbPerS, 0, 6).trim()}`);
  } finally {
    await network.close();
    await traffic.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchProxy();
