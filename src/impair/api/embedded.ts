// The API served over the embedded backend: every enabled proxy is a link on one Network (seeded, so
// toxicity decisions and impairments replay).

import type { Clock } from '../../util/clock.ts';
import { Network } from '../network.ts';
import type { OpenLink } from './proxy-state.ts';
import { ApiServer } from './server.ts';

/** Open API proxies as links of `network`. */
export function networkOpener(network: Network): OpenLink {
  return (spec) =>
    network.openLink({ id: spec.id, protocol: spec.protocol, upstream: spec.upstream, listen: spec.listen });
}

/** An API server and the network behind it; close() closes both. */
export interface EmbeddedApi {
  server: ApiServer;
  network: Network;
  close(): Promise<void>;
}

/** Start `netwright proxy --api` in-process: a Network (seed) plus the Toxiproxy-compatible API on it. */
export async function startEmbeddedApi(opts: {
  host?: string;
  port?: number;
  seed?: number;
  clock?: Clock;
  /** Network's busyPollMs (default 0.05). */
  busyPollMs?: number;
  log?: (line: string) => void;
  /** Accept proxies to upstreams beyond loopback (default false). */
  allowRemoteUpstream?: boolean;
}): Promise<EmbeddedApi> {
  const network = new Network({
    seed: opts.seed,
    clock: opts.clock,
    busyPollMs: opts.busyPollMs,
    allowRemoteUpstream: opts.allowRemoteUpstream,
  });
  let server: ApiServer;
  try {
    server = await ApiServer.start({
      host: opts.host,
      port: opts.port,
      openLink: networkOpener(network),
      log: opts.log,
      allowRemoteUpstream: opts.allowRemoteUpstream,
    });
  } catch (err) {
    await network.close();
    throw err;
  }
  return {
    server,
    network,
    close: async () => {
      await server.close();
      await network.close();
    },
  };
}
