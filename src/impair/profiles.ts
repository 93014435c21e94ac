// Named network profiles. Numbers are one-way (per direction) unless noted; RTT = 2 x latency.
// Sources: typical published measurements (Ookla/OpenSignal medians, ITU-T G.1010 / 3GPP
// TS 22.105 targets, GEO satellite geometry); rounded so tests read well. Rates in kbit/s.
//
// | name        | latency ms (jitter, dist)  | loss                           | bandwidth down/up kbit/s | extra              |
// |-------------|----------------------------|--------------------------------|--------------------------|--------------------|
// | perfect     | 0                          | 0                              | unlimited                |                    |
// | lan         | 0.5 (0.1 normal)           | 0                              | 1 000 000                |                    |
// | wifi_good   | 3 (1.5 normal)             | 0.1 %                          | 100 000 / 50 000         |                    |
// | wifi_bad    | 25 (15 pareto, corr 0.3)   | GE p=2 % r=25 % lossBad 60 %   | 5 000 / 2 000            | dup 0.5 %, reorder 1 % |
// | lte         | 30 (8 normal)              | 0.2 %                          | 30 000 / 10 000          |                    |
// | 3g          | 100 (30 normal)            | 1 %                            | 2 000 / 750              |                    |
// | edge        | 250 (60 normal)            | 2 %                            | 200 / 100                |                    |
// | satellite   | 300 (10 normal)            | 0.5 %                          | 15 000 / 3 000           | GEO: RTT ~600 ms   |
// | lossy_5     | 0                          | 5 % random                     | unlimited                |                    |
// | bursty_loss | 10 (2 normal)              | GE p=1 % r=10 % (avg ~9 %)     | unlimited                | bursts ~10 packets |
// | congested   | 60 (40 pareto)             | 1 %                            | 1 000 (32 KiB queue)     | tail drops         |
//
// GE = Gilbert-Elliott: p = good->bad per packet, r = bad->good, lossBad = loss in the bad state.
// Users add their own with defineProfile() or `new Network({ profiles })`.
import { NetwrightError } from '../errors.ts';
import { validateConfig } from './config.ts';
import type { LinkConfig, Profile } from './types.ts';
import { closest } from './validate.ts';

/** Names of the built-in profiles, in table order (test/impair checks it against BUILT_IN). */
export const BUILT_IN_PROFILE_NAMES = [
  'perfect',
  'lan',
  'wifi_good',
  'wifi_bad',
  'lte',
  '3g',
  'edge',
  'satellite',
  'lossy_5',
  'bursty_loss',
  'congested',
] as const;
export type BuiltInProfileName = (typeof BUILT_IN_PROFILE_NAMES)[number];
/**
 * A profile name: the built-ins complete in the editor, any other string is accepted by the type (a
 * profile you defined) and checked at run time (ERR_PROFILE_UNKNOWN / ERR_CONFIG_INVALID list the names).
 */
export type ProfileName = BuiltInProfileName | (string & {});

const BUILT_IN: (Profile & { name: BuiltInProfileName })[] = [
  { name: 'perfect', description: 'no impairment at all', config: {} },
  {
    name: 'lan',
    description: 'wired LAN',
    config: { latency: { latencyMs: 0.5, jitterMs: 0.1 }, bandwidth: 1_000_000 },
  },
  {
    name: 'wifi_good',
    description: 'home Wi-Fi, strong signal',
    config: {
      latency: { latencyMs: 3, jitterMs: 1.5, distribution: 'normal' },
      loss: 0.001,
      upstream: { bandwidth: 50_000 },
      downstream: { bandwidth: 100_000 },
    },
  },
  {
    name: 'wifi_bad',
    description: 'congested Wi-Fi, weak signal: bursty loss, heavy-tailed jitter',
    config: {
      latency: { latencyMs: 25, jitterMs: 15, distribution: 'pareto', correlation: 0.3 },
      loss: { model: 'gilbert-elliott', p: 0.02, r: 0.25, lossBad: 0.6, lossGood: 0 },
      duplicate: 0.005,
      reorder: { rate: 0.01, gapMs: 10 },
      upstream: { bandwidth: { rateKbps: 2_000, queueBytes: 64_000 } },
      downstream: { bandwidth: { rateKbps: 5_000, queueBytes: 64_000 } },
    },
  },
  {
    name: 'lte',
    description: '4G LTE, decent signal',
    config: {
      latency: { latencyMs: 30, jitterMs: 8 },
      loss: 0.002,
      upstream: { bandwidth: 10_000 },
      downstream: { bandwidth: 30_000 },
    },
  },
  {
    name: '3g',
    description: '3G HSPA',
    config: {
      latency: { latencyMs: 100, jitterMs: 30 },
      loss: 0.01,
      upstream: { bandwidth: 750 },
      downstream: { bandwidth: 2_000 },
    },
  },
  {
    name: 'edge',
    description: '2.5G EDGE',
    config: {
      latency: { latencyMs: 250, jitterMs: 60 },
      loss: 0.02,
      upstream: { bandwidth: 100 },
      downstream: { bandwidth: 200 },
    },
  },
  {
    name: 'satellite',
    description: 'geostationary satellite',
    config: {
      latency: { latencyMs: 300, jitterMs: 10 },
      loss: 0.005,
      upstream: { bandwidth: 3_000 },
      downstream: { bandwidth: 15_000 },
    },
  },
  { name: 'lossy_5', description: '5 % random loss, nothing else', config: { loss: 0.05 } },
  {
    name: 'bursty_loss',
    description: 'loss in bursts of ~10 packets, ~9 % on average',
    config: { latency: { latencyMs: 10, jitterMs: 2 }, loss: { model: 'gilbert-elliott', p: 0.01, r: 0.1 } },
  },
  {
    name: 'congested',
    description: 'a saturated bottleneck: small queue, tail drops, heavy-tailed delay',
    config: {
      latency: { latencyMs: 60, jitterMs: 40, distribution: 'pareto' },
      loss: 0.01,
      bandwidth: { rateKbps: 1_000, queueBytes: 32_768 },
    },
  },
];

/** Name -> profile; built-ins first, user profiles may add names (not replace built-ins). */
export class ProfileBook {
  private readonly byName = new Map<string, Profile>();

  constructor(extra: Record<string, LinkConfig> | Profile[] = []) {
    for (const p of BUILT_IN) this.byName.set(p.name, p);
    const list = Array.isArray(extra)
      ? extra
      : Object.entries(extra).map(([name, config]) => ({ name, description: 'user profile', config }));
    for (const p of list) this.define(p.name, p.config, p.description);
  }

  /** Add a profile; its config is validated now (NetwrightConfigError) and a built-in name is refused. */
  define(name: string, config: LinkConfig, description = 'user profile'): void {
    if (BUILT_IN.some((p) => p.name === name))
      throw new NetwrightError(
        'ERR_PROFILE_EXISTS',
        `profile '${name}' is built in and cannot be redefined`,
        {
          hint: 'choose another name, e.g. my_' + name,
        },
      );
    validateConfig(config);
    this.byName.set(name, { name, description, config });
  }

  /** The profile, or ERR_PROFILE_UNKNOWN naming the closest one. */
  get(name: string): Profile {
    const p = this.byName.get(name);
    if (p) return p;
    const guess = closest(name, this.names());
    throw new NetwrightError('ERR_PROFILE_UNKNOWN', `unknown network profile '${name}'`, {
      hint: `${guess ? `did you mean '${guess}'? ` : ''}known: ${this.names().join(', ')}`,
      details: { name },
    });
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  list(): Profile[] {
    return [...this.byName.values()];
  }
}

/** The built-in profiles (read-only copies). */
export function builtInProfiles(): Profile[] {
  return BUILT_IN.map((p) => structuredClone(p));
}
