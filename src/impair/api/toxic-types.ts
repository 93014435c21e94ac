// The toxic catalogue: Toxiproxy 2.x toxic types with their exact attribute names, units and defaults,
// plus netwright's packet-level extensions under NEW names. Each entry says how its attributes become a
// stage of the link model (registry type + normalised config); the model never sees toxic attributes.

import type { LinkProtocol } from '../types.ts';

import type { GoNumber } from './decode.ts';

/** One toxic type as the API knows it. */
export interface ToxicType {
  /** API `type` string. */
  readonly type: string;
  /** Go struct name, for decode errors ("LatencyToxic.attributes.latency"). */
  readonly goName: string;
  /** Attribute names in Toxiproxy's JSON order, with their Go kind; every one defaults to 0. */
  readonly attributes: readonly (readonly [name: string, kind: GoNumber])[];
  /** Protocols it applies to (Toxiproxy's own types are all TCP; UDP proxies are an extension). */
  readonly protocols: readonly LinkProtocol[];
  /** False for Toxiproxy 2.x's own types, true for netwright extensions. */
  readonly extension: boolean;
  /** The link-model stage it compiles to; undefined = no stage (noop, bandwidth rate <= 0). */
  toStage(a: Readonly<Record<string, number>>): { type: string; config: unknown } | undefined;
  /** Stage config key -> attribute name, so validation problems name what the API client sent. */
  readonly fields: Readonly<Record<string, string>>;
}

const BOTH: readonly LinkProtocol[] = ['tcp', 'udp'];
const TCP: readonly LinkProtocol[] = ['tcp'];

function t(
  type: string,
  goName: string,
  attributes: ToxicType['attributes'],
  protocols: readonly LinkProtocol[],
  extension: boolean,
  toStage: ToxicType['toStage'],
  fields: ToxicType['fields'] = {},
): ToxicType {
  return { type, goName, attributes, protocols, extension, toStage, fields };
}

/** Every toxic type served, keyed by API type. */
export const TOXIC_TYPES: ReadonlyMap<string, ToxicType> = new Map(
  [
    // --- Toxiproxy 2.x (toxics/*.go): same names, same units. ---
    t('noop', 'NoopToxic', [], BOTH, false, () => undefined),
    // latency ms +- jitter ms, uniform (Toxiproxy: latency + rand(2*jitter) - jitter); no reordering.
    t(
      'latency',
      'LatencyToxic',
      [
        ['latency', 'int64'],
        ['jitter', 'int64'],
      ],
      BOTH,
      false,
      (a) => ({
        type: 'latency',
        config: { latencyMs: a.latency, jitterMs: a.jitter, distribution: 'uniform' },
      }),
      { latencyMs: 'latency', jitterMs: 'jitter' },
    ),
    // rate in KB/s (1 KB = 1000 bytes); <= 0 means unlimited here (Toxiproxy stalls on 0).
    t(
      'bandwidth',
      'BandwidthToxic',
      [['rate', 'int64']],
      BOTH,
      false,
      (a) => (a.rate > 0 ? { type: 'bandwidth', config: { rateKbps: a.rate * 8 } } : undefined),
      { rateKbps: 'rate' },
    ),
    // Durations are checked by the model: a negative one is a 400 (Toxiproxy would treat a negative
    // timeout like 0, holding data forever).
    t(
      'slow_close',
      'SlowCloseToxic',
      [['delay', 'int64']],
      TCP,
      false,
      (a) => ({ type: 'slowClose', config: { delayMs: a.delay } }),
      { delayMs: 'delay' },
    ),
    t(
      'timeout',
      'TimeoutToxic',
      [['timeout', 'int64']],
      TCP,
      false,
      (a) => ({ type: 'timeout', config: { timeoutMs: a.timeout } }),
      { timeoutMs: 'timeout' },
    ),
    t(
      'reset_peer',
      'ResetToxic',
      [['timeout', 'int64']],
      TCP,
      false,
      (a) => ({ type: 'resetPeer', config: { timeoutMs: a.timeout } }),
      { timeoutMs: 'timeout' },
    ),
    // average_size bytes, size_variation bytes, delay MICROseconds between pieces.
    t(
      'slicer',
      'SlicerToxic',
      [
        ['average_size', 'int'],
        ['size_variation', 'int'],
        ['delay', 'int'],
      ],
      TCP,
      false,
      (a) => ({
        type: 'slicer',
        // average_size 0 would make Toxiproxy recurse forever; here it is one-byte pieces.
        config: {
          averageSize: Math.max(1, a.average_size),
          sizeVariation: a.size_variation,
          delayUs: a.delay,
        },
      }),
      { averageSize: 'average_size', sizeVariation: 'size_variation', delayUs: 'delay' },
    ),
    t(
      'limit_data',
      'LimitDataToxic',
      [['bytes', 'int64']],
      TCP,
      false,
      (a) => ({ type: 'limitData', config: { bytes: Math.max(0, a.bytes) } }),
      { bytes: 'bytes' },
    ),
    // --- netwright extensions (new names; probabilities 0..1, times in ms). ---
    t(
      'loss',
      'LossToxic',
      [['probability', 'float64']],
      BOTH,
      true,
      (a) => ({ type: 'loss', config: { model: 'random', rate: a.probability } }),
      { rate: 'probability' },
    ),
    // Gilbert-Elliott: p = P(good->bad), r = P(bad->good), loss_bad/loss_good = loss per state (0 = default).
    t(
      'loss_burst',
      'LossBurstToxic',
      [
        ['p', 'float64'],
        ['r', 'float64'],
        ['loss_bad', 'float64'],
        ['loss_good', 'float64'],
      ],
      BOTH,
      true,
      (a) => ({
        type: 'loss',
        config: {
          model: 'gilbert-elliott',
          p: a.p,
          r: a.r,
          lossBad: a.loss_bad > 0 ? a.loss_bad : 1,
          lossGood: a.loss_good,
        },
      }),
      { lossBad: 'loss_bad', lossGood: 'loss_good' },
    ),
    t(
      'duplicate',
      'DuplicateToxic',
      [['probability', 'float64']],
      BOTH,
      true,
      (a) => ({ type: 'duplicate', config: { rate: a.probability } }),
      { rate: 'probability' },
    ),
    // gap ms: extra delay of a held-back packet (0 = model default, 10 ms).
    t(
      'reorder',
      'ReorderToxic',
      [
        ['probability', 'float64'],
        ['gap', 'int64'],
      ],
      BOTH,
      true,
      (a) => ({
        type: 'reorder',
        config: a.gap !== 0 ? { rate: a.probability, gapMs: a.gap } : { rate: a.probability },
      }),
      { rate: 'probability', gapMs: 'gap' },
    ),
    t(
      'corrupt',
      'CorruptToxic',
      [['probability', 'float64']],
      BOTH,
      true,
      (a) => ({ type: 'corrupt', config: { rate: a.probability } }),
      { rate: 'probability' },
    ),
    // duration ms; 0 = until the toxic is removed (blackhole).
    t(
      'outage',
      'OutageToxic',
      [['duration', 'int64']],
      BOTH,
      true,
      (a) => ({ type: 'outage', config: a.duration !== 0 ? { durationMs: a.duration } : {} }),
      { durationMs: 'duration' },
    ),
  ].map((x) => [x.type, x]),
);

/** Default attributes of a type, all zero, in the type's order. */
export function defaultAttributes(type: ToxicType): Record<string, number> {
  return Object.fromEntries(type.attributes.map(([name]) => [name, 0]));
}
