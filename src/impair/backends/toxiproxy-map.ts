// Short-form link configuration -> Toxiproxy toxics (the reverse of the API's catalogue). Pure: no
// HTTP. What Toxiproxy cannot do (packet loss, duplication, reordering, corruption, correlated jitter)
// is an ERR_BACKEND_UNSUPPORTED that names the embedded backend.

import { NetwrightError } from '../../errors.ts';
import type {
  BandwidthConfig,
  Direction,
  ImpairmentKey,
  LatencyConfig,
  LimitDataConfig,
  OutageConfig,
  ResetPeerConfig,
  SlicerConfig,
  SlowCloseConfig,
  StageSpec,
  TimeoutConfig,
} from '../types.ts';
import { MAX_DURATION_MS } from '../validate.ts';

/** A toxic as Toxiproxy's API takes it. */
export interface ToxicBody {
  name: string;
  type: string;
  stream: Direction;
  toxicity: number;
  attributes: Record<string, number>;
}

const PACKET_LEVEL: readonly ImpairmentKey[] = ['loss', 'duplicate', 'reorder', 'corrupt'];

/** The error for anything a real Toxiproxy cannot model. */
export function unsupported(what: string): NetwrightError {
  return new NetwrightError('ERR_BACKEND_UNSUPPORTED', `the toxiproxy backend cannot do ${what}`, {
    hint: "use backend 'embedded' (the default): it proxies UDP and TCP and models loss, duplication, reordering and corruption",
    details: { backend: 'toxiproxy', unsupported: what, use: 'embedded' },
  });
}

/**
 * Toxics for one direction's normalised stages (from config.ts applyPatch). `outage` becomes a
 * `latency` toxic as long as the outage (data held, flushed when the toxic is removed at its end).
 */
export function toxicsFor(direction: Direction, specs: readonly StageSpec[]): ToxicBody[] {
  return specs.map((spec) => {
    const key = spec.type as ImpairmentKey;
    if (PACKET_LEVEL.includes(key)) throw unsupported(`${key} (packet-level impairment, ${direction})`);
    const toxic = map(key, spec.config);
    const prefix = key === 'outage' ? 'outage' : toxic.type;
    // Short-form stages are named after their key; stages added by name (the API) keep their name.
    const name = spec.name === spec.type ? `${prefix}_${direction}` : spec.name;
    return { name, stream: direction, toxicity: spec.toxicity ?? 1, ...toxic };
  });
}

function map(key: ImpairmentKey, config: unknown): { type: string; attributes: Record<string, number> } {
  switch (key) {
    case 'latency': {
      const c = config as LatencyConfig;
      if ((c.correlation ?? 0) > 0) throw unsupported('correlated jitter');
      if (c.reorder) throw unsupported('reordering by jitter');
      if ((c.jitterMs ?? 0) > 0 && c.distribution === 'pareto') throw unsupported('pareto jitter');
      // Toxiproxy's jitter is uniform +-jitter; a normal sd maps to the uniform half-width of the same
      // variance (sd * sqrt 3).
      const j = c.jitterMs ?? 0;
      const jitter = c.distribution === 'uniform' ? j : j * Math.sqrt(3);
      return {
        type: 'latency',
        attributes: { latency: Math.round(c.latencyMs), jitter: Math.round(jitter) },
      };
    }
    case 'bandwidth':
      // kbit/s -> KB/s (1 KB = 1000 bytes), at least 1.
      return {
        type: 'bandwidth',
        attributes: { rate: Math.max(1, Math.round((config as BandwidthConfig).rateKbps / 8)) },
      };
    case 'slicer': {
      const c = config as SlicerConfig;
      return {
        type: 'slicer',
        attributes: {
          average_size: c.averageSize,
          size_variation: c.sizeVariation ?? 0,
          delay: c.delayUs ?? 0,
        },
      };
    }
    case 'timeout':
      return { type: 'timeout', attributes: { timeout: (config as TimeoutConfig).timeoutMs } };
    case 'outage':
      // A TCP outage holds data until it ends; Toxiproxy's timeout toxic would discard it. A latency
      // toxic as long as the outage holds it, and removing the toxic (at the outage end) flushes it.
      return {
        type: 'latency',
        attributes: { latency: (config as OutageConfig).durationMs ?? MAX_DURATION_MS, jitter: 0 },
      };
    case 'resetPeer':
      return { type: 'reset_peer', attributes: { timeout: (config as ResetPeerConfig).timeoutMs } };
    case 'slowClose':
      return { type: 'slow_close', attributes: { delay: (config as SlowCloseConfig).delayMs } };
    case 'limitData':
      return { type: 'limit_data', attributes: { bytes: (config as LimitDataConfig).bytes } };
    default:
      throw unsupported(key);
  }
}
