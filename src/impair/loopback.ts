// The embedded backend only ever binds to loopback, and connects to loopback unless remote upstreams
// were allowed explicitly: by default no traffic leaves the machine.
import { isIP } from 'node:net';
import { NetwrightError } from '../errors.ts';

/** A host:port pair. */
export interface Address {
  host: string;
  port: number;
}

/** Env variable that allows upstreams beyond loopback (CLI: --allow-remote-upstream). */
export const ALLOW_REMOTE_UPSTREAM_ENV = 'NETWRIGHT_ALLOW_REMOTE_UPSTREAM';

/** How to allow a non-loopback upstream, for error messages. */
export const REMOTE_UPSTREAM_HINT = `netwright proxies to 127.0.0.1, ::1 or localhost unless started with --allow-remote-upstream (or ${ALLOW_REMOTE_UPSTREAM_ENV}=1; Network option allowRemoteUpstream)`;

/** True when the environment allows non-loopback upstreams ('1' or 'true'). */
export function remoteUpstreamFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env[ALLOW_REMOTE_UPSTREAM_ENV]?.trim().toLowerCase();
  return v === '1' || v === 'true';
}

/** True for 127.0.0.0/8, ::1 and 'localhost'. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * Check an address (loopback host unless `allowRemote`, port 0..65535), returning it with 'localhost'
 * resolved to 127.0.0.1.
 */
export function loopbackAddress(addr: Address, what: string, allowRemote = false): Address {
  if (!allowRemote && !isLoopback(addr.host))
    throw new NetwrightError(
      'ERR_NETWORK_NOT_LOOPBACK',
      `${what} must be a loopback address, got ${addr.host}`,
      {
        hint: what.endsWith('upstream') ? REMOTE_UPSTREAM_HINT : 'netwright listens on 127.0.0.1 / ::1 only',
        details: { what, host: addr.host },
      },
    );
  if (!Number.isInteger(addr.port) || addr.port < 0 || addr.port > 65_535)
    throw new NetwrightError(
      'ERR_NETWORK_BAD_PORT',
      `${what} port must be an integer 0..65535, got ${addr.port}`,
      {
        details: { what, port: addr.port },
      },
    );
  const host = addr.host === 'localhost' ? '127.0.0.1' : addr.host.replace(/^\[|\]$/g, '');
  return { host, port: addr.port };
}
