// One open link of a Network: the link model (configuration, stats, history) plus the backend link
// that carries its traffic (embedded proxy, Toxiproxy proxy or kernel namespaces).
import type { CloseMode } from './backends/embedded-udp.ts';
import type { LinkModel } from './link.ts';
import type { BackendLink, LinkSide } from './link-backend.ts';
import type { Address } from './loopback.ts';
import type {
  DirectionControl,
  LinkConfig,
  LinkConfigPatch,
  LinkHandle,
  LinkProtocol,
  LinkStats,
} from './types.ts';

/** One open link, on whichever backend the Network uses. */
export class NetworkLink implements LinkHandle {
  readonly model: LinkModel;
  readonly listen: Address;
  readonly upstreamAddress: Address;
  private readonly backend: BackendLink;
  private readonly onClose: (final: LinkStats) => void;
  private closing: Promise<void> | undefined;

  constructor(model: LinkModel, backend: BackendLink, onClose: (final: LinkStats) => void) {
    this.model = model;
    this.backend = backend;
    this.listen = backend.listen;
    this.upstreamAddress = { ...backend.upstream };
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

  /** argv that runs `argv` on one side of this link (the kernel backend: inside its namespace). */
  command(side: LinkSide, argv: readonly string[]): string[] {
    return this.backend.command(side, argv);
  }

  /** Resolves once the backend applied every change so far (embedded: at once). */
  settled(): Promise<void> {
    return this.backend.settled();
  }

  stats(): LinkStats {
    return {
      id: this.id,
      protocol: this.protocol,
      listen: { ...this.listen },
      upstreamAddress: { ...this.upstreamAddress },
      sessions: this.backend.sessions(),
      upstream: this.model.directionStats('upstream'),
      downstream: this.model.directionStats('downstream'),
    };
  }

  close(how: CloseMode = 'reset'): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.backend.close(how);
      } catch {
        // teardown never throws
      }
      this.model.closeAll();
      this.onClose({ ...this.stats(), closed: true });
    })();
    return this.closing;
  }
}
