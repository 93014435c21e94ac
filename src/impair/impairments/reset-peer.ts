// Stream: reset the connection (RST both ways) timeoutMs after the stage starts; data passes until
// then (Toxiproxy `reset_peer`).
import type { ImpairmentDefinition, Packet, ResetPeerConfig } from '../types.ts';
import { DURATION, oneNumber } from './normalize.ts';
import { OneShotStage } from './one-shot.ts';

class ResetPeer extends OneShotStage<ResetPeerConfig> {
  readonly type = 'resetPeer';

  push(packet: Packet): void {
    this.ctx.emit(packet);
  }

  update(cfg: ResetPeerConfig): void {
    this.schedule(cfg.timeoutMs, () => this.ctx.reset('resetPeer'));
  }
}

export const resetPeer: ImpairmentDefinition<ResetPeerConfig> = {
  type: 'resetPeer',
  summary: 'stream: reset the connection (RST) timeoutMs after the stage starts',
  modes: ['stream'],
  normalize: oneNumber('timeoutMs', DURATION),
  create: (cfg, ctx) => new ResetPeer(cfg, ctx),
};
