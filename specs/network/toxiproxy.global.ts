// globalSetup of the network-toxiproxy project: the toxiproxy backend needs a server. With
// TOXIPROXY_URL set (a real Toxiproxy 2.x) it is used as is; otherwise netwright's own
// Toxiproxy-compatible API is started on a free loopback port (same wire protocol) for the run.
import { startEmbeddedApi } from '../../src/impair/api/embedded.ts';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TOXIPROXY_URL) return undefined;
  const api = await startEmbeddedApi({ port: 0, seed: 1 });
  process.env.TOXIPROXY_URL = api.server.url;
  return async () => {
    delete process.env.TOXIPROXY_URL;
    await api.close();
  };
}
