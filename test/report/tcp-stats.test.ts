// TCP link stats that do not mislead (issue #13): a TCP link with `loss: 0.02` drops nothing (TCP
// resends), so its loss reads 0.0 %; the evidence line says how many retransmission stalls the loss
// turned into instead.
import { describe, expect, it } from 'vitest';
import { gatherEvidence } from '../../src/report/evidence.ts';
import { normalizeMeta } from '../../src/report/normalize-meta.ts';

describe('TCP link stats in the evidence', () => {
  it('show the retransmission stalls beside a 0.0% loss', async () => {
    const dir = (retransmitted: number) => ({
      packetsIn: 1000,
      packetsOut: 1000,
      droppedTotal: 0,
      lossRate: 0,
      retransmitted,
      latencyMs: { count: 1000, p50: 1, p99: 210 },
      configured: [{ type: 'loss', name: 'loss', config: { rate: 0.02 } }],
    });
    const { meta } = normalizeMeta({
      t0: 1000,
      network: {
        t0: 1000,
        config: { loss: 0.02 },
        history: [],
        stats: { links: { 'client-1': { protocol: 'tcp', up: dir(21), down: dir(0) } } },
      },
    });
    const ev = await gatherEvidence(meta);
    const up = ev.network?.stats.find((l) => l.startsWith('client-1 up:')) ?? '';
    expect(up).toContain('loss=0.0%');
    expect(up).toContain('retransmission stalls=21 (2.1% of segments; TCP turns loss into delay)');
    expect(ev.network?.stats.find((l) => l.startsWith('client-1 down:'))).not.toContain('retransmission');
  });
});
