// A proxy definition from a request body (name, listen, upstream, enabled, protocol), decoded like
// Toxiproxy's Proxy struct, plus Toxiproxy's "differs" test and listen-error wording.

import type { LinkProtocol } from '../types.ts';
import { formatHostPort, resolveListen, resolveUpstream } from './address.ts';
import { ApiError, ErrMissingField } from './api-error.ts';
import { boolField, type JsonObject, stringField } from './decode.ts';
import type { ProxyState } from './proxy-state.ts';

/** Go's name for populate's element type, as its decode errors print it. */
export const POPULATE_ITEM = 'struct { toxiproxy.Proxy; Enabled *bool "json:\\"enabled\\"" }';

/** A proxy as a request defines it. */
export interface ProxyInput {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  protocol: LinkProtocol;
}

/** Toxiproxy's Differs: resolved listen or upstream changed (protocol too, an extension). */
export function differs(p: ProxyState, input: ProxyInput): boolean {
  return (
    formatHostPort(resolveListen(input.listen)) !== p.listen ||
    input.upstream !== p.upstream ||
    input.protocol !== p.protocol
  );
}

/**
 * Decode a proxy body; `current` gives the defaults for updates, `where` the populate position,
 * `allowRemote` accepts upstreams beyond loopback.
 */
export function readProxy(
  body: JsonObject,
  where: string,
  current: ProxyState | undefined,
  allowRemote = false,
): ProxyInput {
  const name = current?.name ?? stringField(body, 'name', 'Proxy.name', '');
  const listen = stringField(body, 'listen', 'Proxy.listen', current?.listen ?? '');
  const upstream = stringField(body, 'upstream', 'Proxy.upstream', current?.upstream ?? '');
  const enabled = boolField(body, 'enabled', 'Proxy.enabled', current?.enabled ?? true);
  const protocol = stringField(body, 'protocol', 'Proxy.protocol', current?.protocol ?? 'tcp');
  if (name.length < 1) throw ApiError.join(ErrMissingField, `name${where}`);
  if (upstream.length < 1) throw ApiError.join(ErrMissingField, `upstream${where}`);
  if (protocol !== 'tcp' && protocol !== 'udp') {
    throw new ApiError(`bad request body: protocol${where} must be "tcp" or "udp" (got "${protocol}")`, 400);
  }
  resolveUpstream(upstream, allowRemote);
  return { name, listen, upstream, enabled, protocol };
}

/** A start failure as Toxiproxy words it (500). */
export function listenError(p: ProxyState, err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const code = (err as { code?: string }).code;
  const why = code === 'EADDRINUSE' ? 'bind: address already in use' : (err as Error).message;
  return new ApiError(`listen ${p.protocol} ${p.listen}: ${why}`, 500);
}
