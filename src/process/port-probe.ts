// Non-intrusive port checks for readiness. TCP: a connect succeeds. UDP: some socket has the port
// bound, read from /proc/net/udp and /proc/net/udp6 (Linux) so the probe never steals the port from a
// child that is about to bind it; elsewhere a bind probe (EADDRINUSE = bound) is the fallback.

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

/** Local ports of all UDP sockets in /proc/net/udp{,6}; undefined when /proc is not readable. */
export function boundUdpPorts(): Set<number> | undefined {
  const ports = new Set<number>();
  let readAny = false;
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    readAny = true;
    const lines = text.split('\n');
    for (let i = 1; i < lines.length; i++) {
      const local = lines[i].trim().split(/\s+/)[1];
      const colon = local?.lastIndexOf(':') ?? -1;
      if (colon > 0) ports.add(Number.parseInt(local.slice(colon + 1), 16));
    }
  }
  return readAny ? ports : undefined;
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
