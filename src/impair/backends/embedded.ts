// The embedded backend behind the link-backend contract: a UDP or TCP proxy in this process whose
// data path is the link model's own chains, so every impairment exists and apply() has nothing to do.
import type { BusyPoll } from '../busy-poll.ts';
import type { LinkModel } from '../link.ts';
import type { BackendLink, BackendLinkSpec, LinkBackend } from '../link-backend.ts';
import { openTcpProxy } from './embedded-tcp.ts';
import { openUdpProxy } from './embedded-udp.ts';

export interface EmbeddedBackendOptions {
  busyPoll?: BusyPoll;
  allowRemoteUpstream?: boolean;
}

export class EmbeddedBackend implements LinkBackend {
  readonly name = 'embedded' as const;
  private readonly opts: EmbeddedBackendOptions;

  constructor(opts: EmbeddedBackendOptions = {}) {
    this.opts = opts;
  }

  async open(spec: BackendLinkSpec, model: LinkModel): Promise<BackendLink> {
    const common = {
      listen: spec.listen,
      upstream: spec.upstream,
      busyPoll: this.opts.busyPoll,
      allowRemoteUpstream: this.opts.allowRemoteUpstream,
    };
    const listener =
      spec.protocol === 'udp'
        ? await openUdpProxy(model, { ...common, idleTimeoutMs: spec.idleTimeoutMs })
        : await openTcpProxy(model, common);
    return {
      listen: listener.listen,
      upstream: { ...spec.upstream },
      check: () => undefined,
      apply: () => undefined,
      settled: async () => undefined,
      sessions: () => listener.sessions(),
      command: (_side, argv) => [...argv],
      close: (how) => listener.close(how),
    };
  }

  async close(): Promise<void> {}
}
