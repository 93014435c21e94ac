// Non-intrusive port checks for readiness, read from /proc/net/{tcp,udp}{,6} on Linux:
// - TCP: a socket LISTENs on the port (the kernel then completes connects into the backlog, so this is
//   "accepting" without a probe connection the server would see); fallback: a connect succeeds.
// - UDP: some socket has the port bound (never steals the port from a child about to bind it);
//   fallback: a bind probe (EADDRINUSE = bound).

import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** Resolves true when a TCP connect to host:port succeeds within `timeoutMs`. */
export function tcpAccepting(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const TCP_LISTEN = '0A';

/**
 * Local ports in /proc/net/<proto>{,6} (TCP: LISTEN sockets only); undefined when /proc is not readable.
 */
export function procPorts(proto: 'tcp' | 'udp'): Set<number> | undefined {
  const ports = new Set<number>();
  let readAny = false;
  for (const file of [`/proc/net/${proto}`, `/proc/net/${proto}6`]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    readAny = true;
    const lines = text.split('\n');
    for (let i = 1; i < lines.length; i++) {
      const fields = lines[i].trim().split(/\s+/);
      const local = fields[1];
      const colon = local?.lastIndexOf(':') ?? -1;
      if (colon <= 0 || (proto === 'tcp' && fields[3] !== TCP_LISTEN)) continue;
      ports.add(Number.parseInt(local.slice(colon + 1), 16));
    }
  }
  return readAny ? ports : undefined;
}

/** Local ports of all UDP sockets (see procPorts). */
export function boundUdpPorts(): Set<number> | undefined {
  return procPorts('udp');
}

/** True when something LISTENs on TCP `port`; `probe: 'connect'` (or no /proc) tries a connect. */
export async function tcpReady(
  host: string,
  port: number,
  probe: 'listen' | 'connect' = 'listen',
): Promise<boolean> {
  const ports = probe === 'listen' ? procPorts('tcp') : undefined;
  if (ports) return ports.has(port);
  return tcpAccepting(host, port);
}

/** Resolves true when something has UDP `port` bound (see module comment for how). */
export async function udpBound(host: string, port: number): Promise<boolean> {
  const ports = boundUdpPorts();
  if (ports) return ports.has(port);
  return new Promise((resolve) => {
    const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.close();
      resolve(err.code === 'EADDRINUSE');
    });
    socket.bind(port, host, () => {
      socket.close();
      resolve(false);
    });
  });
}
