// What this kernel and userland can do for the kernel backend, found by trying it in a throwaway
// network namespace (always deleted): namespaces, veth, tc qdiscs (tbf, htb, netem), nftables with
// numgen (random loss) and dup (duplication), netdev egress hooks.

import { NetwrightError } from '../../errors.ts';
import type { ImpairmentKey, LossConfig, StageSpec } from '../types.ts';
import { type CmdResult, execRunner, inNs, isRoot, type Runner } from './kernel-exec.ts';

/** Features the kernel backend may need. */
export type KernelFeature =
  | 'root'
  | 'netns'
  | 'veth'
  | 'tc-tbf'
  | 'tc-htb'
  | 'tc-netem'
  | 'nftables'
  | 'nft-netdev-egress'
  | 'nft-numgen'
  | 'nft-dup';

/** One probe's outcome: ok, and the command and its error when not. */
export interface FeatureProbe {
  ok: boolean;
  detail: string;
}

/** Everything probed. */
export type KernelSupport = Record<KernelFeature, FeatureProbe>;

/** Which features each short-form impairment needs (kernel backend: packet-level only). */
export const NEEDS: Partial<Record<ImpairmentKey, readonly KernelFeature[]>> = {
  bandwidth: ['tc-tbf'],
  latency: ['tc-netem'],
  reorder: ['tc-netem'],
  corrupt: ['tc-netem'],
  loss: ['nftables', 'nft-netdev-egress', 'nft-numgen'],
  outage: ['nftables', 'nft-netdev-egress'],
  duplicate: ['nftables', 'nft-numgen', 'nft-dup'],
};

const BASE: readonly KernelFeature[] = ['root', 'netns', 'veth'];

/** Every feature, in the order reports list them. */
export const FEATURES: readonly KernelFeature[] = [
  'root',
  'netns',
  'veth',
  'tc-tbf',
  'tc-htb',
  'tc-netem',
  'nftables',
  'nft-netdev-egress',
  'nft-numgen',
  'nft-dup',
];

function note(r: CmdResult): FeatureProbe {
  return { ok: r.ok, detail: r.ok ? r.command : `${r.command}: ${r.stderr || `exit ${r.code}`}` };
}

/** Probe everything (about 15 commands, ~0.2 s). Not root: every feature reported missing, nothing run. */
export async function probeKernel(run: Runner = execRunner, root = isRoot()): Promise<KernelSupport> {
  const features = FEATURES;
  const out = Object.fromEntries(
    features.map((f) => [f, { ok: false, detail: 'not probed' }]),
  ) as KernelSupport;
  if (!root) {
    for (const f of features)
      out[f] = { ok: false, detail: 'needs root (uid 0); netwright runs as a normal user' };
    return out;
  }
  out.root = { ok: true, detail: 'uid 0' };
  const ns = `nwprobe${process.pid}`;
  const x = (argv: string[]) => run(inNs(ns, argv));
  out.netns = note(await run(['ip', 'netns', 'add', ns]));
  if (!out.netns.ok) return out;
  try {
    out.veth = note(await x(['ip', 'link', 'add', 'nwp0', 'type', 'veth', 'peer', 'name', 'nwp1']));
    if (out.veth.ok) {
      await x(['ip', 'addr', 'add', '169.254.254.1/30', 'dev', 'nwp0']);
      await x(['ip', 'link', 'set', 'nwp0', 'up']);
      await x(['ip', 'link', 'set', 'nwp1', 'up']);
    }
    const dev = out.veth.ok ? 'nwp0' : 'lo';
    const qdisc = async (kind: string[]): Promise<FeatureProbe> => {
      const r = note(await x(['tc', 'qdisc', 'add', 'dev', dev, 'root', ...kind]));
      await x(['tc', 'qdisc', 'del', 'dev', dev, 'root']);
      return r;
    };
    out['tc-tbf'] = await qdisc(['tbf', 'rate', '1mbit', 'burst', '4kb', 'latency', '50ms']);
    out['tc-htb'] = await qdisc(['htb', 'default', '1']);
    out['tc-netem'] = await qdisc(['netem', 'delay', '10ms']);
    out.nftables = note(await x(['nft', 'add', 'table', 'netdev', 'nwprobe']));
    if (out.nftables.ok) {
      out['nft-netdev-egress'] = note(
        await x([
          'nft',
          'add',
          'chain',
          'netdev',
          'nwprobe',
          'eg',
          `{ type filter hook egress device ${dev} priority 0; }`,
        ]),
      );
      if (out['nft-netdev-egress'].ok) {
        out['nft-numgen'] = note(
          await x([
            'nft',
            'add',
            'rule',
            'netdev',
            'nwprobe',
            'eg',
            'numgen',
            'random',
            'mod',
            '1000',
            'lt',
            '1',
            'drop',
          ]),
        );
      }
      await x(['nft', 'add', 'table', 'ip', 'nwprobe4']);
      await x(['nft', 'add', 'chain', 'ip', 'nwprobe4', 'out', '{ type filter hook output priority 0; }']);
      out['nft-dup'] = note(
        await x([
          'nft',
          'add',
          'rule',
          'ip',
          'nwprobe4',
          'out',
          'ip',
          'daddr',
          '169.254.254.2',
          'dup',
          'to',
          '169.254.254.2',
          'device',
          dev,
        ]),
      );
    }
  } finally {
    await run(['ip', 'netns', 'del', ns]);
  }
  return out;
}

/** Features normalised stages need that the probe did not find, in a stable order. */
export function missingFeatures(specs: readonly StageSpec[], support: KernelSupport): KernelFeature[] {
  const want = new Set<KernelFeature>(BASE);
  for (const spec of specs) {
    const key = spec.type as ImpairmentKey;
    const ge = key === 'loss' && (spec.config as LossConfig).model === 'gilbert-elliott';
    for (const f of ge ? (['tc-netem'] as const) : (NEEDS[key] ?? [])) want.add(f);
  }
  return FEATURES.filter((f) => want.has(f) && !support[f].ok);
}

/** ERR_BACKEND_UNSUPPORTED listing exactly what is missing and why. */
export function kernelUnsupported(missing: readonly KernelFeature[], support: KernelSupport): NetwrightError {
  const lines = missing.map((f) => `${f} (${support[f].detail})`);
  return new NetwrightError(
    'ERR_BACKEND_UNSUPPORTED',
    `the kernel backend cannot do this here; missing: ${lines.join('; ')}`,
    {
      hint: "use backend 'embedded' (the default; no privileges, every impairment), or a kernel with these features",
      details: {
        backend: 'kernel',
        missing,
        probes: Object.fromEntries(missing.map((f) => [f, support[f].detail])),
      },
    },
  );
}

/** Impairments the kernel backend never does (TCP stream-shaped ones live in the embedded proxy). */
export const KERNEL_NEVER: readonly ImpairmentKey[] = [
  'slicer',
  'timeout',
  'resetPeer',
  'slowClose',
  'limitData',
];
