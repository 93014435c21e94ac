// host:port parsing for the API, loopback only. Toxiproxy listens wherever it is told; netwright never
// listens or connects beyond this machine, so wildcard listens map to 127.0.0.1 and anything else that
// is not loopback is refused with the reason.

import { isIP } from 'node:net';
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

/** Upstream address: must be loopback with a real port (checked when the proxy is defined). */
export function resolveUpstream(addr: string): HostPort {
  const hp = splitHostPort(addr, 'dial');
  if (!isLoopbackHost(hp.host) || hp.port === 0) {
    throw new ApiError(
      `bad request body: upstream ${addr}: netwright proxies only to loopback host:port (127.0.0.1, ::1, localhost)`,
      400,
    );
  }
  return { host: hp.host === 'localhost' ? '127.0.0.1' : hp.host, port: hp.port };
}

/** "host:port" with IPv6 brackets, as Go prints a net.Addr. */
export function formatHostPort(hp: HostPort): string {
  return hp.host.includes(':') ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}
