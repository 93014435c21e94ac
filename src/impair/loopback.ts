// The embedded backend only ever binds and connects to loopback: no traffic leaves the machine.
import { isIP } from 'node:net';
import { NetwrightError } from '../errors.ts';

/** A host:port pair. */
export interface Address {
  host: string;
  port: number;
}

/** True for 127.0.0.0/8, ::1 and 'localhost'. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Check an address (loopback host, port 0..65535), returning it with 'localhost' resolved to 127.0.0.1. */
export function loopbackAddress(addr: Address, what: string): Address {
  if (!isLoopback(addr.host))
    throw new NetwrightError(
      'ERR_NETWORK_NOT_LOOPBACK',
      `${what} must be a loopback address, got ${addr.host}`,
      {
        hint: 'the embedded proxy only binds and connects to 127.0.0.1 / ::1',
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
