// Stream: stop all data (dropped, cause 'timeout') and close the connection timeoutMs after the stage
// starts; timeoutMs 0 never closes, data is dropped until the stage is removed (Toxiproxy `timeout`).
import type { ImpairmentDefinition, Packet, TimeoutConfig } from '../types.ts';
import { DURATION, oneNumber } from './normalize.ts';
import { OneShotStage } from './one-shot.ts';

class Timeout extends OneShotStage<TimeoutConfig> {
  readonly type = 'timeout';

  push(packet: Packet): void {
    this.ctx.drop(packet, 'timeout');
  }

  update(cfg: TimeoutConfig): void {
    // timeoutMs 0: never close.
    this.schedule(cfg.timeoutMs > 0 ? cfg.timeoutMs : undefined, () => this.ctx.close('timeout'));
  }
}

export const timeout: ImpairmentDefinition<TimeoutConfig> = {
  type: 'timeout',
  summary: 'stream: drop all data and close the connection after timeoutMs (0: never close)',
  modes: ['stream'],
  normalize: oneNumber('timeoutMs', DURATION),
  create: (cfg, ctx) => new Timeout(cfg, ctx),
};
