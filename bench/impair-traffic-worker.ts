// Traffic generator and servers for the impair benchmarks, run in a worker thread so the proxy
// under test (main thread) has its own event loop. Commands arrive by postMessage; each is bounded
// in count and time; the paced sender ticks every ~1 ms (no spinning, so the proxy keeps its core).
// Timestamps are absolute (timeOrigin + now) so they compare across threads.
import dgram from 'node:dgram';
import net from 'node:net';
import { parentPort } from 'node:worker_threads';

const abs = () => performance.timeOrigin + performance.now();
const port = parentPort!;

// Servers: UDP echo, UDP sink (records one-way latency from a stamped payload), TCP echo, TCP sink.
const udpEcho = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
udpEcho.on('message', (m, r) => udpEcho.send(m, r.port, r.address));
const udpSink = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
let sinkCount = 0;
let sinkLat: number[] = [];
let sinkRecord = false;
udpSink.on('message', (m) => {
  sinkCount++;
  if (sinkRecord && m.length >= 8 && sinkLat.length < 200_000) sinkLat.push(abs() - m.readDoubleLE(0));
});
const tcpEcho = net.createServer({ noDelay: true }, (s) => {
  s.setNoDelay(true);
  s.pipe(s);
  s.on('error', () => {});
});
let tcpSinkBytes = 0;
const tcpSink = net.createServer((s) => {
  s.on('data', (d) => {
    tcpSinkBytes += d.length;
  });
  s.on('error', () => {});
});

// Game-shaped server: every 33 ms a 600-byte snapshot to each peer it has heard from.
const udpGame = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
const gamePeers = new Map<string, dgram.RemoteInfo>();
udpGame.on('message', (_m, r) => gamePeers.set(`${r.address}|${r.port}`, r));

await Promise.all([
  new Promise<void>((r) => udpGame.bind(0, '127.0.0.1', () => r())),
  new Promise<void>((r) => udpEcho.bind(0, '127.0.0.1', () => r())),
  new Promise<void>((r) => udpSink.bind(0, '127.0.0.1', () => r())),
  new Promise<void>((r) => tcpEcho.listen(0, '127.0.0.1', () => r())),
  new Promise<void>((r) => tcpSink.listen(0, '127.0.0.1', () => r())),
]);

type Cmd =
  | { op: 'udp-rtt'; port: number; n: number }
  | { op: 'tcp-rtt'; port: number; n: number }
  | { op: 'udp-flood'; port: number; durationMs: number; size: number }
  | { op: 'tcp-throughput'; port: number; durationMs: number }
  | { op: 'udp-paced'; port: number; pps: number; durationMs: number }
  | { op: 'game-load'; ports: number[]; durationMs: number }
  | { op: 'quit' };

async function udpRtt(target: number, n: number): Promise<number[]> {
  const c = dgram.createSocket('udp4');
  await new Promise<void>((r) => c.bind(0, '127.0.0.1', () => r()));
  const out: number[] = [];
  const buf = Buffer.alloc(32);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const got = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 1000);
      c.once('message', () => {
        clearTimeout(timer);
        resolve(true);
      });
      c.send(buf, target, '127.0.0.1');
    });
    if (got) out.push(performance.now() - t0);
  }
  c.close();
  return out;
}

async function tcpRtt(target: number, n: number): Promise<number[]> {
  const s = net.connect({ port: target, host: '127.0.0.1', noDelay: true });
  await new Promise<void>((r) => s.once('connect', () => r()));
  const out: number[] = [];
  const buf = Buffer.alloc(32);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    let need = buf.length;
    await new Promise<void>((resolve) => {
      const on = (d: Buffer) => {
        need -= d.length;
        if (need <= 0) {
          s.off('data', on);
          resolve();
        }
      };
      s.on('data', on);
      s.write(buf);
    });
    out.push(performance.now() - t0);
  }
  s.destroy();
  return out;
}

async function udpFlood(target: number, durationMs: number, size: number) {
  const c = dgram.createSocket({ type: 'udp4', sendBufferSize: 4 << 20 });
  await new Promise<void>((r) => c.bind(0, '127.0.0.1', () => r()));
  c.connect(target, '127.0.0.1');
  await new Promise<void>((r) => c.once('connect', () => r()));
  const buf = Buffer.alloc(size);
  sinkCount = 0;
  let sent = 0;
  const start = performance.now();
  // Bounded bursts of 64, yielding between them so the socket's send queue drains.
  while (performance.now() - start < durationMs) {
    for (let i = 0; i < 64; i++) c.send(buf);
    sent += 64;
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, 200));
  const elapsed = (performance.now() - start - 200) / 1000;
  c.close();
  return { sent, received: sinkCount, sentPps: sent / elapsed, receivedPps: sinkCount / elapsed };
}

async function tcpThroughput(target: number, durationMs: number) {
  const s = net.connect({ port: target, host: '127.0.0.1' });
  await new Promise<void>((r) => s.once('connect', () => r()));
  const chunk = Buffer.alloc(64 * 1024, 7);
  tcpSinkBytes = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (performance.now() - start < durationMs) {
        if (!s.write(chunk)) {
          s.once('drain', pump);
          return;
        }
      }
      resolve();
    };
    pump();
  });
  const elapsed = (performance.now() - start) / 1000;
  const bytes = tcpSinkBytes;
  s.destroy();
  return { mbPerS: bytes / elapsed / 1e6 };
}

async function udpPaced(target: number, pps: number, durationMs: number) {
  const c = dgram.createSocket({ type: 'udp4', sendBufferSize: 4 << 20 });
  await new Promise<void>((r) => c.bind(0, '127.0.0.1', () => r()));
  c.connect(target, '127.0.0.1');
  await new Promise<void>((r) => c.once('connect', () => r()));
  sinkLat = [];
  sinkCount = 0;
  sinkRecord = true;
  const total = Math.round((pps * durationMs) / 1000);
  let sent = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const should = Math.min(total, Math.floor(((performance.now() - start) * pps) / 1000));
      while (sent < should) {
        const b = Buffer.alloc(64);
        b.writeDoubleLE(abs(), 0);
        c.send(b);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  // Wait for the tail (bounded).
  const waitStart = performance.now();
  while (sinkCount < sent && performance.now() - waitStart < 3000)
    await new Promise((r) => setTimeout(r, 20));
  sinkRecord = false;
  c.close();
  return { sent, received: sinkCount, latencies: sinkLat };
}

/** One client per port sends a 40-byte input every 33 ms (staggered) while the server sends snapshots. */
async function gameLoad(ports: number[], durationMs: number) {
  gamePeers.clear();
  const snapshot = Buffer.alloc(600);
  const input = Buffer.alloc(40);
  let received = 0;
  const clients = await Promise.all(
    ports.map(async (p, i) => {
      const c = dgram.createSocket('udp4');
      c.on('message', () => received++);
      await new Promise<void>((r) => c.bind(0, '127.0.0.1', () => r()));
      const start = setTimeout(() => {
        handle.interval = setInterval(() => c.send(input, p, '127.0.0.1'), 33);
      }, i * 2);
      const handle: { c: dgram.Socket; start: NodeJS.Timeout; interval?: NodeJS.Timeout } = { c, start };
      return handle;
    }),
  );
  const server = setInterval(() => {
    for (const r of gamePeers.values()) udpGame.send(snapshot, r.port, r.address);
  }, 33);
  await new Promise((r) => setTimeout(r, durationMs));
  clearInterval(server);
  for (const h of clients) {
    clearTimeout(h.start);
    clearInterval(h.interval);
    h.c.close();
  }
  return { received };
}

port.on('message', async (cmd: Cmd) => {
  switch (cmd.op) {
    case 'udp-rtt':
      port.postMessage(await udpRtt(cmd.port, cmd.n));
      break;
    case 'tcp-rtt':
      port.postMessage(await tcpRtt(cmd.port, cmd.n));
      break;
    case 'udp-flood':
      port.postMessage(await udpFlood(cmd.port, cmd.durationMs, cmd.size));
      break;
    case 'tcp-throughput':
      port.postMessage(await tcpThroughput(cmd.port, cmd.durationMs));
      break;
    case 'udp-paced':
      port.postMessage(await udpPaced(cmd.port, cmd.pps, cmd.durationMs));
      break;
    case 'game-load':
      port.postMessage(await gameLoad(cmd.ports, cmd.durationMs));
      break;
    case 'quit':
      udpGame.close();
      udpEcho.close();
      udpSink.close();
      tcpEcho.close();
      tcpSink.close();
      port.close();
      break;
  }
});

port.postMessage({
  udpGame: udpGame.address().port,
  udpEcho: udpEcho.address().port,
  udpSink: udpSink.address().port,
  tcpEcho: (tcpEcho.address() as net.AddressInfo).port,
  tcpSink: (tcpSink.address() as net.AddressInfo).port,
});
