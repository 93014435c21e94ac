// The one contract every network backend implements behind `Network` (embedded proxies, a Toxiproxy
// server, the kernel). The Network owns each link's model (configuration, history, timelines, outage
// ends, stats); a backend only carries the traffic and makes its impairments match the model's.
//
//   Network.set/profile/timeline ──▶ LinkModel (state) ──check──▶ BackendLink.check(specs)  (sync, throws)
//                                                    └─apply──▶ BackendLink.apply(specs)  (embedded: no-op,
//                                                                the model's chains ARE the data path;
//                                                                toxiproxy: toxics; kernel: tc/nft)
//
// What a backend cannot do is an ERR_BACKEND_UNSUPPORTED naming the feature and the backend to use.

import { NetwrightError } from '../errors.ts';
import type { CloseMode, SessionCounts } from './backends/embedded-udp.ts';
import type { LinkModel } from './link.ts';
import type { Address } from './loopback.ts';
import type { Direction, LinkProtocol, StageSpec } from './types.ts';

/** The backends netwright has. */
export const BACKENDS = ['embedded', 'toxiproxy', 'kernel'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Which side of a link a program runs on (kernel: its namespace; elsewhere: this machine as is). */
export type LinkSide = 'client' | 'server';

/** What a backend is asked to open. */
export interface BackendLinkSpec {
  id: string;
  protocol: LinkProtocol;
  upstream: Address;
  listen: Address;
  /** UDP: idle mapping timeout, ms (embedded only). */
  idleTimeoutMs?: number;
  /**
   * Where the link's ends live: 'loopback' (default: sockets of this process or local processes on
   * 127.0.0.1) or 'commands' (programs started with link.command(), which the kernel backend needs).
   */
  endpoints?: 'loopback' | 'commands';
}

/** One open link on a backend. */
export interface BackendLink {
  /** Where clients connect. */
  readonly listen: Address;
  /** Where traffic goes. */
  readonly upstream: Address;
  /** Throw ERR_BACKEND_UNSUPPORTED if this backend cannot carry these stages (nothing changes then). */
  check(specs: Readonly<Record<Direction, readonly StageSpec[]>>): void;
  /** Make the backend match the model's stages (checked before). Asynchronous work is queued. */
  apply(specs: Readonly<Record<Direction, readonly StageSpec[]>>): void;
  /** Resolves once every queued change reached the backend; rejects with the first failure. */
  settled(): Promise<void>;
  sessions(): SessionCounts;
  /** argv that runs `argv` on one side of the link (kernel: inside its namespace; else unchanged). */
  command(side: LinkSide, argv: readonly string[]): string[];
  /** Close (TCP connections reset or closed gracefully). Never throws. */
  close(how?: CloseMode): Promise<void>;
}

/** A network backend: opens links whose traffic it carries. */
export interface LinkBackend {
  readonly name: BackendName;
  open(spec: BackendLinkSpec, model: LinkModel): Promise<BackendLink>;
  /** Close everything it opened. Never throws. */
  close(): Promise<void>;
}

/** ERR_BACKEND_UNSUPPORTED: `backend` cannot do `feature`; `use` names one that can. */
export function backendUnsupported(backend: BackendName, feature: string, use = 'embedded'): NetwrightError {
  return new NetwrightError('ERR_BACKEND_UNSUPPORTED', `the ${backend} backend cannot do ${feature}`, {
    hint: `use backend '${use}'${use === 'embedded' ? ' (the default: UDP and TCP, every impairment, no privileges)' : ''}`,
    details: { backend, unsupported: feature, use },
  });
}
