// The TCP proxy's two read paths, zero copy (a reused read buffer per socket, lent to the write while
// it is in progress) and stream reads (a fresh buffer per read), must deliver the same bytes: a
// 24 MB pseudo-random upload into a stop-and-go reader (so writes cannot finish at once and the
// lent buffer must hold reads back), with stages switched on and off mid-stream (so the path
// changes between zero copy and copies), checked by SHA-256 at the far end.
import { createHash } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openTcpProxy } from '../../src/impair/backends/embedded-tcp.ts';
import { LinkModel } from '../../src/impair/link.ts';
import { ProfileBook } from '../../src/impair/profiles.ts';
import { PreciseScheduler } from '../../src/impair/scheduler.ts';
import { systemClock } from '../../src/util/clock.ts';
import { Random } from '../../src/util/random.ts';
import { pollUntil } from '../helpers/poll.ts';

/** The shared bounded poll, every 5 ms as before. */
const until = (cond: () => boolean, timeoutMs = 10_000, what = 'condition') =>
  pollUntil(cond, { timeoutMs, everyMs: 5, what });

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A sink that hashes what it reads and stops reading for 3 ms after every ~512 KiB. */
async function stopAndGoSink() {
  const sink = { bytes: 0, hash: createHash('sha256'), ended: false, digest: '' };
  const server = net.createServer((s) => {
    let sincePause = 0;
    s.on('data', (d: Buffer) => {
      sink.bytes += d.length;
      sink.hash.update(d);
      sincePause += d.length;
      if (sincePause >= 512 * 1024) {
        sincePause = 0;
        s.pause();
        setTimeout(() => s.resume(), 3);
      }
    });
    s.on('end', () => {
      sink.digest = sink.hash.digest('hex');
      sink.ended = true;
      s.end();
    });
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return { sink, port: (server.address() as net.AddressInfo).port };
}

function payload(bytes: number, seed: number): Buffer {
  const rnd = new Random(seed);
  const b = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i += 4) b.writeUInt32LE(rnd.nextUint32(), i);
  return b;
}

describe('TCP proxy read paths', () => {
  for (const readBufferBytes of [128 * 1024, 0]) {
    const label = readBufferBytes ? 'zero-copy reads (128 KiB buffer)' : 'stream reads';
    it(`${label}: 24 MB through a stop-and-go reader, stages on and off mid-stream, same SHA-256`, async () => {
      const { sink, port } = await stopAndGoSink();
      const model = new LinkModel({
        id: 'c1',
        protocol: 'tcp',
        clock: systemClock,
        scheduler: new PreciseScheduler({ clock: systemClock }),
        random: new Random(5),
        profiles: new ProfileBook(),
      });
      const proxy = await openTcpProxy(model, {
        listen: { host: '127.0.0.1', port: 0 },
        upstream: { host: '127.0.0.1', port },
        readBufferBytes,
      });
      cleanups.push(() => proxy.close());
      const data = payload(24 * 1024 * 1024, 9);
      const expected = createHash('sha256').update(data).digest('hex');
      const c = net.connect({ host: '127.0.0.1', port: proxy.listen.port });
      c.on('error', () => {});
      cleanups.push(() => c.destroy());
      await new Promise<void>((r) => c.once('connect', () => r()));
      const chunk = 1024 * 1024;
      for (let off = 0; off < data.length; off += chunk) {
        // Every 6 MB the chain changes: latency (copies), then none (zero copy), then a slicer.
        if (off === 6 * chunk) model.set({ latency: 2 });
        if (off === 12 * chunk) model.set({ latency: null });
        if (off === 18 * chunk) model.set({ slicer: { averageSize: 4096, sizeVariation: 1024, delayUs: 0 } });
        if (!c.write(data.subarray(off, off + chunk))) await new Promise((r) => c.once('drain', r));
      }
      c.end();
      await until(() => sink.ended, 60_000, 'the sink got the end of the stream');
      expect(sink.bytes).toBe(data.length);
      expect(sink.digest).toBe(expected);
      expect(model.directionStats('upstream').bytesOut).toBe(data.length);
    });
  }
});
