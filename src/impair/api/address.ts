// host:port parsing for the API. Toxiproxy listens and dials wherever it is told; netwright listens on
// loopback only (wildcard listens map to 127.0.0.1), and dials loopback only unless remote upstreams
// were allowed explicitly (--allow-remote-upstream / NETWRIGHT_ALLOW_REMOTE_UPSTREAM=1).

import { isIP } from 'node:net';
import { REMOTE_UPSTREAM_HINT } from '../loopback.ts';
import { ApiError } from './api-error.ts';

/** A resolved socket address. */
export interface HostPort {
  host: string;
  /** 0..65535; 0 = any free port (listen only). */
  port: number;
}

/** Split "host:port" / "[v6]:port" / ":port" like Go's net.SplitHostPort. */
export function splitHostPort(addr: string, op: 'listen' | 'dial'): HostPort {
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(addr);
  if (!m) {
    const reason = addr.includes(':') ? 'invalid address' : 'missing port in address';
    throw new ApiError(`${op} tcp: address ${addr}: ${reason}`, 500);
  }
  const port = Number(m[3]);
  if (port > 65535) throw new ApiError(`${op} tcp: address ${addr}: invalid port`, 500);
  return { host: m[1] ?? m[2] ?? '', port };
}

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Listen address: wildcards and localhost become 127.0.0.1; other non-loopback hosts are refused. */
export function resolveListen(addr: string): HostPort {
  const hp = splitHostPort(addr === '' ? ':0' : addr, 'listen');
  if (hp.host === '' || hp.host === '0.0.0.0' || hp.host === '::' || hp.host === 'localhost') {
    return { host: '127.0.0.1', port: hp.port };
  }
  if (!isLoopbackHost(hp.host)) {
    throw new ApiError(
      `listen tcp ${addr}: netwright listens on loopback only (127.0.0.0/8, ::1, localhost)`,
      500,
    );
  }
  return hp;
}

/**
 * Upstream address, checked when the proxy is defined (400 with what is wrong): host:port with a port
 * 1..65535, and a loopback host unless `allowRemote`. Hostnames are resolved when a connection dials.
 */
export function resolveUpstream(addr: string, allowRemote = false): HostPort {
  const bad = (why: string) =>
    new ApiError(`bad request body: upstream ${JSON.stringify(addr)}: ${why}`, 400);
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d+)$/.exec(addr);
  if (!m)
    throw bad(`expected host:port (e.g. 127.0.0.1:6379)${addr.includes(':') ? '' : '; the port is missing'}`);
  const host = m[1] ?? m[2] ?? '';
  const port = Number(m[3]);
  if (host === '') throw bad('host missing (e.g. 127.0.0.1:6379)');
  if (!(port >= 1 && port <= 65_535)) throw bad(`port must be 1..65535, got ${m[3]}`);
  if (!allowRemote && !isLoopbackHost(host)) throw bad(`not a loopback host; ${REMOTE_UPSTREAM_HINT}`);
  return { host: host === 'localhost' ? '127.0.0.1' : host, port };
}

/** "host:port" with IPv6 brackets, as Go prints a net.Addr. */
export function formatHostPort(hp: HostPort): string {
  return hp.host.includes(':') ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}
