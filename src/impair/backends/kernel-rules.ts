// Normalised stages of one direction -> kernel configuration for the egress device of that direction.
// Pure (no commands run): a tc qdisc argv (or none) and an nftables script for the namespace.
//
//   rate            tc tbf  (rate kbit, burst bytes, limit = queue bytes: tail drop)
//   delay/jitter,   tc netem (only where the kernel has it)
//   reorder/corrupt
//   loss, outage    nft netdev egress chain: numgen random ... drop / drop (bursty loss: netem gemodel)
//   duplicate       nft ip output chain: numgen random ... dup to <peer> device <dev>

import type {
  BandwidthConfig,
  CorruptConfig,
  DuplicateConfig,
  ImpairmentKey,
  LatencyConfig,
  LossConfig,
  ReorderConfig,
  StageSpec,
} from '../types.ts';
import { unsupportedKeys } from './kernel-unsupported.ts';

/** Where a direction's rules go. */
export interface EgressDevice {
  /** Device name inside its namespace. */
  dev: string;
  /** Address of the far end (for dup). */
  peer: string;
}

/** What to apply for one direction. */
export interface KernelRules {
  /** argv after `tc qdisc replace dev <dev> root`, or undefined for no qdisc. */
  qdisc: string[] | undefined;
  /** Full nft script (atomic with `nft -f`); flushes what netwright put there before. */
  nft: string;
}

const SCALE = 1_000_000;

function threshold(rate: number): number {
  return Math.round(rate * SCALE);
}

/** Rules for a direction's stages (already validated). Throws ERR_BACKEND_UNSUPPORTED for stream-only keys. */
export function rulesFor(specs: readonly StageSpec[], egress: EgressDevice): KernelRules {
  unsupportedKeys(specs.map((s) => s.type as ImpairmentKey));
  const by = new Map(specs.map((s) => [s.type as ImpairmentKey, s.config]));
  const netem: string[] = [];
  const lat = by.get('latency') as LatencyConfig | undefined;
  if (lat) {
    netem.push('delay', `${lat.latencyMs}ms`);
    if (lat.jitterMs) {
      netem.push(`${lat.jitterMs}ms`);
      if (lat.correlation) netem.push(`${lat.correlation * 100}%`);
      if ((lat.distribution ?? 'normal') !== 'uniform')
        netem.push('distribution', lat.distribution ?? 'normal');
    }
  }
  const reorder = by.get('reorder') as ReorderConfig | undefined;
  if (reorder) {
    if (!lat) netem.push('delay', `${reorder.gapMs ?? 10}ms`);
    netem.push('reorder', `${100 - reorder.rate * 100}%`);
  }
  const loss = by.get('loss') as LossConfig | undefined;
  if (loss?.model === 'gilbert-elliott') {
    const pc = (x: number | undefined) => `${(x ?? 0) * 100}%`;
    netem.push('loss', 'gemodel', pc(loss.p), pc(loss.r), pc(loss.lossBad ?? 1), pc(loss.lossGood));
  }
  const corrupt = by.get('corrupt') as CorruptConfig | undefined;
  if (corrupt) netem.push('corrupt', `${corrupt.rate * 100}%`);
  const bw = by.get('bandwidth') as BandwidthConfig | undefined;
  let qdisc: string[] | undefined;
  if (netem.length > 0) {
    qdisc = ['netem', ...netem];
    if (bw)
      qdisc.push(
        'rate',
        `${bw.rateKbps}kbit`,
        'limit',
        String(Math.max(1, Math.ceil((bw.queueBytes ?? 65536) / 1500))),
      );
  } else if (bw) {
    const burst = Math.max(bw.burstBytes ?? 1500, 1600);
    qdisc = [
      'tbf',
      'rate',
      `${bw.rateKbps}kbit`,
      'burst',
      String(burst),
      'limit',
      String(Math.max(bw.queueBytes ?? 65536, burst)),
    ];
  }
  const drop: string[] = [];
  if (by.has('outage')) drop.push('drop');
  if (loss && loss.model !== 'gilbert-elliott' && loss.rate > 0) {
    drop.push(`numgen random mod ${SCALE} lt ${threshold(loss.rate)} drop`);
  }
  const dupRules: string[] = [];
  const dup = by.get('duplicate') as DuplicateConfig | undefined;
  if (dup && dup.rate > 0) {
    dupRules.push(
      `ip daddr ${egress.peer} numgen random mod ${SCALE} lt ${threshold(dup.rate)} dup to ${egress.peer} device "${egress.dev}"`,
    );
  }
  const chain = (family: string, table: string, name: string, hook: string, rules: string[]): string[] => [
    `table ${family} ${table} {`,
    `  chain ${name} {`,
    `    type filter hook ${hook} priority 0; policy accept;`,
    ...rules.map((r) => `    ${r}`),
    '  }',
    '}',
  ];
  const nft = [
    'flush ruleset',
    ...chain('netdev', 'netwright', 'egress', `egress device "${egress.dev}"`, drop),
    ...chain('ip', 'netwright_dup', 'out', 'output', dupRules),
    '',
  ].join('\n');
  return { qdisc, nft };
}
