// Embedded TCP proxy for one link: each accepted connection gets an upstream connection and a
// session (two chains in stream mode). Half-close travels through the chain in order (a `fin`
// packet); a reset on either side resets the other at once. Queues are bounded by backpressure:
// a side stops reading while its chain holds more than highWaterBytes or its target's write buffer
// does, and resumes when both drain.
//
//   client ──data/FIN──▶ upstream chain ──write/end──▶ server
//   client ◀──write/end── downstream chain ◀──data/FIN── server
//   RST either side ──▶ abortSocket() on the other
//   upstream refuses ──▶ the client is closed cleanly (FIN), as Toxiproxy does
//
// Reads (zero copy): each socket reads into one reused buffer of its own (Node's `onread`) instead
// of a fresh 64 KiB allocation per read, which is most of a Node relay's GC time. A chain with no
// stages writes the read bytes on synchronously; if that write cannot finish at once, the source
// stops reading until it has (the buffer is still referenced by the write). A chain with stages gets
// a copy, since stages hold packets. Accepted sockets are re-wrapped around their handle to get a
// read buffer (net.Server has no `onread`); where that is unavailable, they read as streams.
import net from 'node:net';
import { NetwrightError } from '../../errors.ts';
import type { BusyPoll } from '../busy-poll.ts';
import type { Chain, ChainControl } from '../chain.ts';
import type { LinkModel, Session } from '../link.ts';
import { type Address, loopbackAddress } from '../loopback.ts';
import type { Packet } from '../types.ts';
import type { ProxyListener } from './embedded-udp.ts';

export interface TcpProxyOptions {
  listen: Address;
  upstream: Address;
  /** Allow a non-loopback upstream (default false: loopback only). */
  allowRemoteUpstream?: boolean;
  /** Live connections at most; beyond it new ones are reset and counted as refused. Default 1024. */
  maxConnections?: number;
  /** Bytes a direction may hold (chain + socket buffer) before its source is paused. Default 1 MiB. */
  highWaterBytes?: number;
  /** Told about every chunk (optional busy polling, see busy-poll.ts). */
  busyPoll?: BusyPoll;
  /**
   * Bytes of each socket's reused read buffer (zero-copy reads); 0 = stream reads (a fresh buffer per
   * read). Default 128 KiB. Pages are only touched as far as reads fill them.
   */
  readBufferBytes?: number;
}

const DEFAULT_READ_BUFFER = 128 * 1024;

interface Conn {
  client: net.Socket;
  server: net.Socket;
  session: Session;
}

/** One direction: where bytes come from, the chain they go through, where they are written. */
interface Direction {
  source: net.Socket;
  target: net.Socket;
  chain: Chain;
  /** The source's read buffer is referenced by a write still in progress: do not read. */
  lent: boolean;
}

type OnRead = { buffer: Buffer; callback: (n: number, buf: Buffer) => boolean };

/**
 * Reset a socket (RST), or close it where a reset is impossible. While a half-close is still flushing
 * (end() called, the shutdown not finished), libuv refuses the reset (EINVAL) and Node then leaves the
 * handle open for good: the socket never closes, and at exit Node spins in its handle cleanup forever
 * (issue #10: `netwright proxy` not exiting on SIGTERM). Such a socket is closed (FIN) instead.
 */
export function abortSocket(sock: net.Socket): void {
  if (sock.destroyed) return;
  if (sock.writableEnded && !sock.writableFinished) sock.destroy();
  else sock.resetAndDestroy();
}

/** A socket around an accepted socket's handle with a read buffer, or undefined (stream reads). */
function withReadBuffer(raw: net.Socket, onread: OnRead): net.Socket | undefined {
  const handle = (raw as unknown as { _handle?: { useUserBuffer?: unknown } | null })._handle;
  if (!handle || typeof handle.useUserBuffer !== 'function') return undefined;
  let sock: net.Socket;
  try {
    sock = new net.Socket({ handle, allowHalfOpen: true, readable: true, writable: true, onread } as never);
  } catch {
    return undefined;
  }
  // The old wrapper lets go of the handle; destroying it settles the server's connection count.
  (raw as unknown as { _handle: unknown })._handle = null;
  raw.destroy();
  return sock;
}

/** Listen with a TCP proxy for `model` (resolves once listening). */
export async function openTcpProxy(model: LinkModel, options: TcpProxyOptions): Promise<ProxyListener> {
  const listenAddr = loopbackAddress(options.listen, `link ${model.id} listen`);
  const upstream = loopbackAddress(
    options.upstream,
    `link ${model.id} upstream`,
    options.allowRemoteUpstream,
  );
  const maxConnections = options.maxConnections ?? 1024;
  const hwm = options.highWaterBytes ?? 1 << 20;
  const readBufferBytes = options.readBufferBytes ?? DEFAULT_READ_BUFFER;
  const conns = new Set<Conn>();
  const counts = { total: 0, refused: 0 };
  let closed = false;

  const server = net.createServer({ allowHalfOpen: true, noDelay: true, pauseOnConnect: true }, (client) => {
    if (closed || conns.size >= maxConnections) {
      counts.refused++;
      client.on('error', () => {});
      abortSocket(client);
      return;
    }
    counts.total++;
    accept(client);
  });

  const accept = (raw: net.Socket) => {
    // Filled in below; callbacks only run once the sockets exist.
    let up!: Direction;
    let down!: Direction;
    // Bytes read from d.source into the chain, then gate. `reused`: they sit in the source's read
    // buffer, so they pass zero-copy only when the chain has no stages (and the buffer stays lent
    // while the write is in progress); a fresh buffer from a stream read is pushed as it is.
    const receive = (d: Direction, data: Buffer, reused: boolean) => {
      options.busyPoll?.touch();
      if (!reused) d.chain.push(data);
      else if (d.chain.stageCount === 0) {
        d.chain.push(data);
        if (d.target.writableLength > 0 && !d.target.destroyed) d.lent = true;
      } else d.chain.push(Buffer.from(data));
      flow();
    };
    const onRead = (dir: () => Direction) => (n: number, buf: Buffer) => {
      receive(dir(), buf.subarray(0, n), true);
      return true;
    };
    const readBuffer = (dir: () => Direction): OnRead | undefined =>
      readBufferBytes > 0
        ? { buffer: Buffer.allocUnsafe(readBufferBytes), callback: onRead(dir) }
        : undefined;
    const upRead = readBuffer(() => up);
    const client = (upRead && withReadBuffer(raw, upRead)) ?? raw;
    const downRead = readBuffer(() => down);
    const serverSock = net.connect({
      host: upstream.host,
      port: upstream.port,
      allowHalfOpen: true,
      noDelay: true,
      ...(downRead ? { onread: downRead } : {}),
    });
    let ended = false;
    // The upstream never answered (refused, unreachable): the client gets a clean close, not a reset.
    let upstreamFailed = false;
    let upstreamUp = false;
    serverSock.once('connect', () => {
      upstreamUp = true;
    });
    const resetBoth = () => {
      if (upstreamFailed) {
        client.destroy();
        serverSock.destroy();
        return;
      }
      abortSocket(client);
      abortSocket(serverSock);
    };
    const control: ChainControl = {
      reset: resetBoth,
      close: () => {
        client.destroy();
        serverSock.destroy();
      },
      backpressure: () => flow(),
    };
    // A finished write may release a lent read buffer.
    const written = (dir: () => Direction) => () => {
      const d = dir();
      if (d.lent && d.target.writableLength === 0) {
        d.lent = false;
        flow();
      }
    };
    const upWritten = written(() => up);
    const downWritten = written(() => down);
    const write = (sock: net.Socket, done: () => void) => (p: Packet) => {
      if (sock.destroyed) return;
      if (p.kind === 'fin') sock.end();
      else sock.write(p.data, done);
      flow();
    };
    const session = model.openSession(
      { upstream: write(serverSock, upWritten), downstream: write(client, downWritten) },
      control,
    );
    up = { source: client, target: serverSock, chain: session.upstream, lent: false };
    down = { source: serverSock, target: client, chain: session.downstream, lent: false };
    const conn: Conn = { client, server: serverSock, session };
    conns.add(conn);

    const gate = (d: Direction) => {
      const blocked =
        d.lent || d.chain.inFlightBytes > hwm || d.target.writableLength > hwm || d.chain.pressure > 0;
      if (blocked && !d.source.isPaused()) d.source.pause();
      else if (!blocked && d.source.isPaused()) d.source.resume();
    };
    const flow = () => {
      if (!up) return;
      gate(up);
      gate(down);
    };

    // Sockets without a read buffer (stream reads) deliver 'data' events instead.
    if (client === raw) client.on('data', (b: Buffer) => receive(up, b, false));
    if (!downRead) serverSock.on('data', (b: Buffer) => receive(down, b, false));
    client.on('end', () => session.upstream.end());
    serverSock.on('end', () => session.downstream.end());
    client.on('drain', flow);
    serverSock.on('drain', flow);
    // An error on one side (reset by peer, refused upstream) resets the other side.
    client.on('error', resetBoth);
    serverSock.on('error', () => {
      if (!upstreamUp) upstreamFailed = true;
      resetBoth();
    });
    const finish = () => {
      if (ended || !client.destroyed || !serverSock.destroyed) return;
      ended = true;
      session.close();
      conns.delete(conn);
    };
    client.on('close', (hadError) => {
      if (hadError) resetBoth();
      finish();
    });
    serverSock.on('close', (hadError) => {
      if (hadError) resetBoth();
      finish();
    });
    // Accepted paused (pauseOnConnect); a re-wrapped socket is already reading.
    if (client === raw) client.resume();
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(
        new NetwrightError(
          'ERR_NETWORK_BIND',
          `link ${model.id}: cannot listen on TCP ${listenAddr.host}:${listenAddr.port}`,
          {
            hint: 'use port 0 for a free port, or stop whatever holds that one',
            cause: err,
          },
        ),
      ),
    );
    server.listen(listenAddr.port, listenAddr.host, () => resolve());
  });
  server.on('error', () => {});
  const addr = server.address() as net.AddressInfo;

  return {
    listen: { host: listenAddr.host, port: addr.port },
    sessions: () => ({ active: conns.size, total: counts.total, evicted: 0, refused: counts.refused }),
    close: async (how = 'reset') => {
      if (closed) return;
      closed = true;
      for (const c of [...conns]) {
        if (how === 'reset') {
          abortSocket(c.client);
          abortSocket(c.server);
        } else {
          c.client.destroy();
          c.server.destroy();
        }
        c.session.close();
      }
      conns.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
