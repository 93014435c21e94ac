// Stream: reset the connection (RST both ways) timeoutMs after the first data (or half-close) in this
// direction; from that first packet on, nothing passes (dropped, cause 'closed'). A direction that
// stays silent is never reset. This is Toxiproxy's `reset_peer` exactly: its toxic waits for input,
// drops it, sleeps the timeout, then closes with SO_LINGER 0.
import type { ImpairmentDefinition, Packet, ResetPeerConfig, StageContext } from '../types.ts';
import { DURATION, oneNumber } from './normalize.ts';
import { OneShotStage } from './one-shot.ts';

class ResetPeer extends OneShotStage<ResetPeerConfig> {
  readonly type = 'resetPeer';
  private cfg: ResetPeerConfig;
  /** The first packet arrived: the reset is scheduled and everything is dropped. */
  private triggered = false;

  constructor(cfg: ResetPeerConfig, ctx: StageContext) {
    super(cfg, ctx);
    this.cfg = cfg;
  }

  push(packet: Packet): void {
    this.ctx.drop(packet, 'closed');
    if (this.triggered) return;
    this.triggered = true;
    this.arm();
  }

  /** A new timeout counts from now when the reset is already pending, else from the first data. */
  update(cfg: ResetPeerConfig): void {
    this.cfg = cfg;
    if (this.triggered) this.arm();
  }

  private arm(): void {
    this.schedule(this.cfg.timeoutMs, () => this.ctx.reset('resetPeer'));
  }
}

export const resetPeer: ImpairmentDefinition<ResetPeerConfig> = {
  type: 'resetPeer',
  summary: 'stream: reset the connection (RST) timeoutMs after the first data in this direction, dropping it',
  modes: ['stream'],
  normalize: oneNumber('timeoutMs', DURATION),
  create: (cfg, ctx) => new ResetPeer(cfg, ctx),
};
