// Property: in stream mode, whatever stages come and go while data flows, the bytes that leave are
// exactly the bytes that entered, in order, with the FIN last (the stream-safe stages never drop).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harness } from './harness.ts';

const stageArb = fc.oneof(
  fc.record({
    type: fc.constant('latency'),
    config: fc.record({
      latencyMs: fc.integer({ min: 0, max: 50 }),
      jitterMs: fc.integer({ min: 0, max: 20 }),
    }),
  }),
  fc.record({
    type: fc.constant('loss'),
    config: fc.record({
      rate: fc.double({ min: 0, max: 1, noNaN: true }),
      retransmitMs: fc.integer({ min: 0, max: 30 }),
    }),
  }),
  fc.record({
    type: fc.constant('bandwidth'),
    config: fc.record({
      rateKbps: fc.integer({ min: 8, max: 10_000 }),
      queueBytes: fc.integer({ min: 0, max: 5000 }),
    }),
  }),
  fc.record({ type: fc.constant('duplicate'), config: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ type: fc.constant('reorder'), config: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    type: fc.constant('corrupt'),
    config: fc.record({
      rate: fc.double({ min: 0, max: 1, noNaN: true }),
      retransmitMs: fc.integer({ min: 0, max: 30 }),
    }),
  }),
  fc.record({
    type: fc.constant('outage'),
    config: fc.oneof(fc.constant(true), fc.integer({ min: 0, max: 100 })),
  }),
  fc.record({
    type: fc.constant('slicer'),
    config: fc.record({
      averageSize: fc.integer({ min: 1, max: 8 }),
      delayUs: fc.integer({ min: 0, max: 3000 }),
    }),
  }),
  fc.record({ type: fc.constant('slowClose'), config: fc.integer({ min: 0, max: 100 }) }),
);

const opArb = fc.oneof(
  fc.record({ op: fc.constant('push' as const), text: fc.string({ minLength: 1, maxLength: 12 }) }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40 }) }),
  fc.record({
    op: fc.constant('add' as const),
    slot: fc.integer({ min: 0, max: 3 }),
    stage: stageArb,
    at: fc.nat(5),
  }),
  fc.record({ op: fc.constant('remove' as const), slot: fc.integer({ min: 0, max: 3 }) }),
);

describe('stream chains under arbitrary mutation', () => {
  it('deliver every byte once, in order, FIN last', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer(), (ops, seed) => {
        const h = harness([], 'stream', seed >>> 0);
        let sent = '';
        for (const o of ops) {
          if (o.op === 'push') {
            h.send(o.text);
            sent += o.text;
          } else if (o.op === 'advance') h.scheduler.advance(o.ms);
          else if (o.op === 'add') {
            const name = `s${o.slot}`;
            h.chain.remove(name);
            h.chain.add(h.spec(o.stage.type, o.stage.config, name), o.at);
          } else h.chain.remove(`s${o.slot}`);
        }
        h.chain.end();
        for (let i = 0; i < 4; i++) h.chain.remove(`s${i}`);
        h.scheduler.advance(1e6);
        const data = h.out.filter((d) => d.kind === 'data');
        expect(Buffer.concat(data.map((d) => d.data)).toString()).toBe(sent);
        expect(h.out.at(-1)?.kind).toBe('fin');
        expect(h.recorder.droppedTotal).toBe(0);
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});

const datagramStageArb = fc.oneof(
  stageArb.filter((s) => s.type !== 'slicer' && s.type !== 'slowClose'),
  fc.record({
    type: fc.constant('loss'),
    config: fc.record({
      model: fc.constant('gilbert-elliott'),
      p: fc.double({ min: 0, max: 1, noNaN: true }),
      r: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  }),
);

describe('datagram chains under arbitrary mutation', () => {
  it('conserve packets: entered + duplicated = delivered + dropped, nothing left held', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('push' as const), n: fc.integer({ min: 1, max: 20 }) }),
            fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40 }) }),
            fc.record({
              op: fc.constant('add' as const),
              slot: fc.integer({ min: 0, max: 3 }),
              stage: datagramStageArb,
            }),
            fc.record({ op: fc.constant('remove' as const), slot: fc.integer({ min: 0, max: 3 }) }),
          ),
          { maxLength: 60 },
        ),
        fc.integer(),
        (ops, seed) => {
          const h = harness([], 'datagram', seed >>> 0);
          for (const o of ops) {
            if (o.op === 'push') for (let i = 0; i < o.n; i++) h.send(Buffer.alloc(100));
            else if (o.op === 'advance') h.scheduler.advance(o.ms);
            else if (o.op === 'add') {
              h.chain.remove(`s${o.slot}`);
              h.chain.add(h.spec(o.stage.type, o.stage.config, `s${o.slot}`));
            } else h.chain.remove(`s${o.slot}`);
          }
          for (let i = 0; i < 4; i++) h.chain.remove(`s${i}`);
          h.scheduler.advance(1e6);
          const r = h.recorder;
          expect(h.chain.held()).toBe(0);
          expect(r.packetsIn + r.counters.duplicated).toBe(r.packetsOut + r.droppedTotal);
          expect(h.chain.inFlightBytes).toBe(0);
        },
      ),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
