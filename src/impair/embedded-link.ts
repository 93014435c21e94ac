// One open link of the embedded backend: the link model plus the proxy listener bound for it.
import type { CloseMode, ProxyListener } from './backends/embedded-udp.ts';
import type { LinkModel } from './link.ts';
import type { Address } from './loopback.ts';
import type {
  DirectionControl,
  LinkConfig,
  LinkConfigPatch,
  LinkHandle,
  LinkProtocol,
  LinkStats,
} from './types.ts';

/** One open link of the embedded backend. */
export class EmbeddedLink implements LinkHandle {
  readonly model: LinkModel;
  readonly listen: Address;
  readonly upstreamAddress: Address;
  private readonly listener: ProxyListener;
  private readonly onClose: (final: LinkStats) => void;
  private closing: Promise<void> | undefined;

  constructor(
    model: LinkModel,
    listener: ProxyListener,
    upstream: Address,
    onClose: (final: LinkStats) => void,
  ) {
    this.model = model;
    this.listener = listener;
    this.listen = listener.listen;
    this.upstreamAddress = { ...upstream };
    this.onClose = onClose;
  }

  get id(): string {
    return this.model.id;
  }

  get protocol(): LinkProtocol {
    return this.model.protocol;
  }

  get upstream(): DirectionControl {
    return this.model.upstream;
  }

  get downstream(): DirectionControl {
    return this.model.downstream;
  }

  set(patch: LinkConfigPatch): void {
    this.model.set(patch);
  }

  profile(name: string): void {
    this.model.profile(name);
  }

  reset(): void {
    this.model.reset();
  }

  config(): LinkConfig {
    return this.model.config();
  }

  stats(): LinkStats {
    return {
      id: this.id,
      protocol: this.protocol,
      listen: { ...this.listen },
      upstreamAddress: { ...this.upstreamAddress },
      sessions: this.listener.sessions(),
      upstream: this.model.directionStats('upstream'),
      downstream: this.model.directionStats('downstream'),
    };
  }

  close(how: CloseMode = 'reset'): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.listener.close(how);
      } catch {
        // teardown never throws
      }
      this.model.closeAll();
      this.onClose({ ...this.stats(), closed: true });
    })();
    return this.closing;
  }
}
