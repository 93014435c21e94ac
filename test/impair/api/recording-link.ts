// A LinkHandle that binds a real loopback listener (so ports and EADDRINUSE are real) and records the
// stages the API puts on each direction, for testing the HTTP adapter apart from the proxy engine.

import { createServer, type Server } from 'node:net';
import type { LinkOpenSpec } from '../../../src/impair/api/proxy-state.ts';
import type { DirectionControl, LinkHandle, StageSpec } from '../../../src/impair/types.ts';

/** Stage lists of one fake link. */
export interface Recorded {
  spec: LinkOpenSpec;
  upstream: StageSpec[];
  downstream: StageSpec[];
  closed: boolean;
}

function control(direction: 'upstream' | 'downstream', stages: StageSpec[]): DirectionControl {
  const find = (name: string): number => {
    const i = stages.findIndex((s) => s.name === name);
    if (i < 0) throw Object.assign(new Error(`no stage ${name}`), { code: 'ERR_STAGE_NOT_FOUND' });
    return i;
  };
  return {
    direction,
    set: () => undefined,
    stages: () => [...stages],
    addStage: (spec) => {
      const c = spec.config as { rate?: number };
      if (c.rate !== undefined && (c.rate < 0 || c.rate > 1)) {
        throw Object.assign(new Error(`${spec.name}: rate must be 0..1 (got ${c.rate})`), {
          code: 'ERR_CONFIG_INVALID',
        });
      }
      stages.push({ ...spec });
    },
    updateStage: (name, config, toxicity) => {
      const i = find(name);
      stages[i] = { ...stages[i], config, toxicity };
    },
    removeStage: (name) => {
      stages.splice(find(name), 1);
    },
    clear: () => {
      stages.length = 0;
    },
  };
}

/** An OpenLink that records; `links` holds every link ever opened, newest last. */
export function recordingOpener(): { open: (spec: LinkOpenSpec) => Promise<LinkHandle>; links: Recorded[] } {
  const links: Recorded[] = [];
  const open = async (spec: LinkOpenSpec): Promise<LinkHandle> => {
    const server: Server = createServer((s) => s.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(spec.listen.port, spec.listen.host, () => resolve());
    });
    const addr = server.address() as { address: string; port: number };
    const rec: Recorded = { spec, upstream: [], downstream: [], closed: false };
    links.push(rec);
    const handle = {
      id: spec.id,
      protocol: spec.protocol,
      listen: { host: addr.address, port: addr.port },
      upstreamAddress: spec.upstream,
      upstream: control('upstream', rec.upstream),
      downstream: control('downstream', rec.downstream),
      stats: () => ({ id: spec.id, recorded: true }),
      close: async () => {
        rec.closed = true;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    return handle as unknown as LinkHandle;
  };
  return { open, links };
}
