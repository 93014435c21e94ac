// Embedded UDP proxy for one link. Each client source address gets its own session: two chains and
// one upstream socket connected to the server, so the server sees distinct peers. Sessions idle for
// idleTimeoutMs are closed; at most maxSessions live (overflow policy: evict the least recently active).
//
//   client ──▶ listen socket ──▶ upstream chain ──▶ session socket ──▶ server
//   client ◀── listen socket ◀── downstream chain ◀── session socket ◀── server
import dgram from 'node:dgram';
import { NetwrightError } from '../../errors.ts';
import type { BusyPoll } from '../busy-poll.ts';
import type { LinkModel, Session } from '../link.ts';
import { type Address, loopbackAddress } from '../loopback.ts';
import type { TimerHandle } from '../types.ts';

export interface UdpProxyOptions {
  listen: Address;
  upstream: Address;
  /** Allow a non-loopback upstream (default false: loopback only). */
  allowRemoteUpstream?: boolean;
  /** Close a session after this long without traffic either way, ms. Default 60 000. */
  idleTimeoutMs?: number;
  /** Live sessions at most; beyond it the least recently active is evicted. Default 1024. */
  maxSessions?: number;
  /** Told about every datagram (optional busy polling, see busy-poll.ts). */
  busyPoll?: BusyPoll;
}

/** Sessions figures for LinkStats. */
export interface SessionCounts {
  active: number;
  total: number;
  evicted: number;
  refused: number;
}

/**
 * How a link ends its TCP connections: 'reset' (RST, the default: a test's teardown) or 'graceful'
 * (FIN, what Toxiproxy does when a proxy is disabled or deleted). UDP has nothing to tell apart.
 */
export type CloseMode = 'reset' | 'graceful';

/** A bound proxy listener (UDP or TCP). */
export interface ProxyListener {
  readonly listen: Address;
  sessions(): SessionCounts;
  /** Close the listener and every session. Never throws. */
  close(how?: CloseMode): Promise<void>;
}

interface UdpSession {
  key: string;
  port: number;
  address: string;
  socket: dgram.Socket;
  chains: Session;
  lastActiveMs: number;
  connected: boolean;
  /** Datagrams waiting for connect(); at most MAX_PENDING (tail drop). */
  pending: Buffer[];
}

const MAX_PENDING = 256;

/** Bind a UDP proxy for `model` (resolves once the listen socket is bound). */
export async function openUdpProxy(model: LinkModel, options: UdpProxyOptions): Promise<ProxyListener> {
  const listenAddr = loopbackAddress(options.listen, `link ${model.id} listen`);
  const upstream = loopbackAddress(
    options.upstream,
    `link ${model.id} upstream`,
    options.allowRemoteUpstream,
  );
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const maxSessions = options.maxSessions ?? 1024;
  const type = listenAddr.host.includes(':') ? 'udp6' : 'udp4';
  const upType = upstream.host.includes(':') ? 'udp6' : 'udp4';
  const listener = dgram.createSocket({ type, recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
  const sessions = new Map<string, UdpSession>();
  const counts = { total: 0, evicted: 0, refused: 0, sendErrors: 0 };
  let closed = false;
  let sweep: TimerHandle | undefined;

  await new Promise<void>((resolve, reject) => {
    listener.once('error', (err) =>
      reject(
        new NetwrightError(
          'ERR_NETWORK_BIND',
          `link ${model.id}: cannot bind UDP ${listenAddr.host}:${listenAddr.port}`,
          {
            hint: 'use port 0 for a free port, or stop whatever holds that one',
            cause: err,
          },
        ),
      ),
    );
    listener.bind(listenAddr.port, listenAddr.host, () => resolve());
  });
  listener.on('error', () => {
    counts.sendErrors++;
  });
  const bound = listener.address();
  const listen: Address = { host: listenAddr.host, port: bound.port };

  const endSession = (s: UdpSession) => {
    sessions.delete(s.key);
    s.chains.close();
    try {
      s.socket.close();
    } catch {
      // already closed
    }
  };

  const createSession = (key: string, rinfo: dgram.RemoteInfo): UdpSession => {
    if (sessions.size >= maxSessions) {
      let oldest: UdpSession | undefined;
      for (const s of sessions.values()) if (!oldest || s.lastActiveMs < oldest.lastActiveMs) oldest = s;
      if (oldest) {
        counts.evicted++;
        endSession(oldest);
      }
    }
    const socket = dgram.createSocket({ type: upType, recvBufferSize: 1 << 20, sendBufferSize: 1 << 20 });
    const s = {
      key,
      port: rinfo.port,
      address: rinfo.address,
      socket,
      lastActiveMs: model.clock.now(),
      connected: false,
      pending: [],
    } as unknown as UdpSession;
    s.chains = model.openSession({
      upstream: (p) => {
        if (p.kind !== 'data' || closed) return;
        if (s.connected) socket.send(p.data);
        else if (s.pending.length < MAX_PENDING) s.pending.push(p.data);
        else model.recorders.upstream.recordDrop(p.data.length, 'queue', model.clock.now());
      },
      downstream: (p) => {
        if (p.kind === 'data' && !closed) listener.send(p.data, s.port, s.address);
      },
    });
    socket.on('message', (msg) => {
      options.busyPoll?.touch();
      s.lastActiveMs = model.clock.now();
      s.chains.downstream.push(msg);
    });
    // ICMP port unreachable (server not up yet) and similar: counted, the session lives on.
    socket.on('error', () => {
      counts.sendErrors++;
    });
    // Datagrams forwarded before connect() completes wait here (bounded, tail drop counted).
    socket.connect(upstream.port, upstream.host, () => {
      s.connected = true;
      for (const d of s.pending.splice(0)) socket.send(d);
    });
    sessions.set(key, s);
    counts.total++;
    armSweep();
    return s;
  };

  listener.on('message', (msg, rinfo) => {
    if (closed) return;
    options.busyPoll?.touch();
    const key = `${rinfo.address}|${rinfo.port}`;
    const s = sessions.get(key) ?? createSession(key, rinfo);
    s.lastActiveMs = model.clock.now();
    s.chains.upstream.push(msg);
  });

  const armSweep = () => {
    if (sweep || closed || sessions.size === 0) return;
    sweep = model.scheduler.at(model.clock.now() + Math.max(10, idleTimeoutMs / 2), () => {
      sweep = undefined;
      const now = model.clock.now();
      for (const s of [...sessions.values()]) if (now - s.lastActiveMs >= idleTimeoutMs) endSession(s);
      armSweep();
    });
  };

  return {
    listen,
    sessions: () => ({
      active: sessions.size,
      total: counts.total,
      evicted: counts.evicted,
      refused: counts.refused,
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      sweep?.cancel();
      for (const s of [...sessions.values()]) endSession(s);
      await new Promise<void>((resolve) => {
        try {
          listener.close(() => resolve());
        } catch {
          resolve();
        }
      });
    },
  };
}
