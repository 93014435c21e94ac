// Embedded TCP proxy for one link: each accepted connection gets an upstream connection and a
// session (two chains in stream mode). Half-close travels through the chain in order (a `fin`
// packet); a reset on either side resets the other at once. Queues are bounded by backpressure:
// a side stops reading while its chain holds more than highWaterBytes or its target's write buffer
// does, and resumes when both drain.
//
//   client ──data/FIN──▶ upstream chain ──write/end──▶ server
//   client ◀──write/end── downstream chain ◀──data/FIN── server
//   RST either side ──▶ resetAndDestroy() on the other
import net from 'node:net';
import { NetwrightError } from '../../errors.ts';
import type { BusyPoll } from '../busy-poll.ts';
import type { ChainControl } from '../chain.ts';
import type { LinkModel, Session } from '../link.ts';
import { type Address, loopbackAddress } from '../loopback.ts';
import type { Packet } from '../types.ts';
import type { ProxyListener } from './embedded-udp.ts';

export interface TcpProxyOptions {
  listen: Address;
  upstream: Address;
  /** Live connections at most; beyond it new ones are reset and counted as refused. Default 1024. */
  maxConnections?: number;
  /** Bytes a direction may hold (chain + socket buffer) before its source is paused. Default 1 MiB. */
  highWaterBytes?: number;
  /** Told about every chunk (optional busy polling, see busy-poll.ts). */
  busyPoll?: BusyPoll;
}

interface Conn {
  client: net.Socket;
  server: net.Socket;
  session: Session;
}

/** Listen with a TCP proxy for `model` (resolves once listening). */
export async function openTcpProxy(model: LinkModel, options: TcpProxyOptions): Promise<ProxyListener> {
  const listenAddr = loopbackAddress(options.listen, `link ${model.id} listen`);
  const upstream = loopbackAddress(options.upstream, `link ${model.id} upstream`);
  const maxConnections = options.maxConnections ?? 1024;
  const hwm = options.highWaterBytes ?? 1 << 20;
  const conns = new Set<Conn>();
  const counts = { total: 0, refused: 0 };
  let closed = false;

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    if (closed || conns.size >= maxConnections) {
      counts.refused++;
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    counts.total++;
    accept(client);
  });

  const accept = (client: net.Socket) => {
    const serverSock = net.connect({
      host: upstream.host,
      port: upstream.port,
      allowHalfOpen: true,
      noDelay: true,
    });
    let ended = false;
    const resetBoth = () => {
      if (!client.destroyed) client.resetAndDestroy();
      if (!serverSock.destroyed) serverSock.resetAndDestroy();
    };
    const control: ChainControl = {
      reset: resetBoth,
      close: () => {
        client.destroy();
        serverSock.destroy();
      },
      backpressure: () => flow(),
    };
    const write = (sock: net.Socket) => (p: Packet) => {
      if (sock.destroyed) return;
      if (p.kind === 'fin') sock.end();
      else sock.write(p.data);
      flow();
    };
    const session = model.openSession({ upstream: write(serverSock), downstream: write(client) }, control);
    const conn: Conn = { client, server: serverSock, session };
    conns.add(conn);

    const gate = (source: net.Socket, target: net.Socket, chain: Session['upstream']) => {
      const blocked = chain.inFlightBytes > hwm || target.writableLength > hwm || chain.pressure > 0;
      if (blocked && !source.isPaused()) source.pause();
      else if (!blocked && source.isPaused()) source.resume();
    };
    const flow = () => {
      gate(client, serverSock, session.upstream);
      gate(serverSock, client, session.downstream);
    };

    client.on('data', (d) => {
      options.busyPoll?.touch();
      session.upstream.push(d);
      flow();
    });
    serverSock.on('data', (d) => {
      options.busyPoll?.touch();
      session.downstream.push(d);
      flow();
    });
    client.on('end', () => session.upstream.end());
    serverSock.on('end', () => session.downstream.end());
    client.on('drain', flow);
    serverSock.on('drain', flow);
    // An error on one side (reset by peer, refused upstream) resets the other side.
    client.on('error', resetBoth);
    serverSock.on('error', resetBoth);
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
    close: async () => {
      if (closed) return;
      closed = true;
      for (const c of [...conns]) {
        if (!c.client.destroyed) c.client.resetAndDestroy();
        if (!c.server.destroyed) c.server.resetAndDestroy();
        c.session.close();
      }
      conns.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
