// Kernel rules without a kernel: short-form stages -> tc argv and nft script; probe results -> the
// exact list of what is missing (ERR_BACKEND_UNSUPPORTED).

import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../../src/errors.ts';
import { KernelBackend } from '../../../src/impair/backends/kernel.ts';
import {
  FEATURES,
  type KernelSupport,
  missingFeatures,
  probeKernel,
} from '../../../src/impair/backends/kernel-probe.ts';
import { rulesFor } from '../../../src/impair/backends/kernel-rules.ts';
import { applyPatch, EMPTY_STATE, orderedSpecs } from '../../../src/impair/config.ts';
import type { LinkConfigPatch } from '../../../src/impair/types.ts';

const egress = { dev: 'nwc', peer: '169.254.100.2' };
const specs = (patch: LinkConfigPatch) => orderedSpecs(applyPatch(EMPTY_STATE, patch, undefined).upstream);

describe('kernel rules', () => {
  it('maps bandwidth to tbf with a tail-drop byte limit', () => {
    const r = rulesFor(specs({ bandwidth: { rateKbps: 800, queueBytes: 32_000 } }), egress);
    expect(r.qdisc).toEqual(['tbf', 'rate', '800kbit', 'burst', '1600', 'limit', '32000']);
  });

  it('maps loss and outage to the netdev egress chain, duplication to a dup rule', () => {
    const r = rulesFor(specs({ loss: 0.25, duplicate: 0.1, outage: true }), egress);
    expect(r.qdisc).toBeUndefined();
    expect(r.nft).toContain(
      'type filter hook egress device "nwc" priority 0; policy accept;\n    drop\n    numgen random mod 1000000 lt 250000 drop\n',
    );
    expect(r.nft).toContain(
      'ip daddr 169.254.100.2 numgen random mod 1000000 lt 100000 dup to 169.254.100.2 device "nwc"',
    );
    expect(r.nft.startsWith('flush ruleset\n')).toBe(true);
  });

  it('maps delay, jitter, bursty loss, reordering and corruption to netem (rate folded in)', () => {
    const r = rulesFor(
      specs({
        latency: { latencyMs: 50, jitterMs: 10, distribution: 'normal' },
        loss: { model: 'gilbert-elliott', p: 0.01, r: 0.5 },
        corrupt: 0.001,
        bandwidth: 1000,
      }),
      egress,
    );
    expect(r.qdisc).toEqual([
      'netem',
      'delay',
      '50ms',
      '10ms',
      'distribution',
      'normal',
      'loss',
      'gemodel',
      '1%',
      '50%',
      '100%',
      '0%',
      'corrupt',
      '0.1%',
      'rate',
      '1000kbit',
      'limit',
      '44',
    ]);
    expect(r.nft).not.toContain('numgen');
  });

  it('refuses TCP stream impairments with ERR_BACKEND_UNSUPPORTED', () => {
    let caught: unknown;
    try {
      rulesFor(specs({ slicer: { averageSize: 10 }, timeout: 100 }), egress);
    } catch (err) {
      caught = err;
    }
    expect(hasErrorCode(caught, 'ERR_BACKEND_UNSUPPORTED')).toBe(true);
    expect((caught as Error).message).toMatch(/timeout, slicer|slicer, timeout/);
  });

  it('lists exactly the missing features a configuration needs', () => {
    const support = Object.fromEntries(
      FEATURES.map((f) => [
        f,
        { ok: f !== 'tc-netem' && f !== 'nft-dup', detail: f === 'tc-netem' ? 'unknown qdisc kind' : 'ok' },
      ]),
    ) as KernelSupport;
    expect(missingFeatures(specs({ bandwidth: 100, loss: 0.1 }), support)).toEqual([]);
    expect(missingFeatures(specs({ latency: 20, duplicate: 0.1 }), support)).toEqual(['tc-netem', 'nft-dup']);
    expect(missingFeatures(specs({ loss: { model: 'gilbert-elliott', p: 0.1, r: 0.5 } }), support)).toEqual([
      'tc-netem',
    ]);
  });

  it('without root, creating the backend fails with ERR_BACKEND_UNSUPPORTED naming root', async () => {
    const support = await probeKernel(async () => {
      throw new Error('must not run anything');
    }, false);
    const created = KernelBackend.create({ support });
    await expect(created).rejects.toSatisfy((e: unknown) => hasErrorCode(e, 'ERR_BACKEND_UNSUPPORTED'));
    await expect(created).rejects.toThrow(/root \(needs root/);
  });
});
