// Property tests over random bytes and random splits: nothing throws an uncoded error, nothing grows
// without bound, and splitting never changes what comes out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MudEvent } from '../../../src/mud/client/events.ts';
import { MudSession } from '../../../src/mud/client/session.ts';
import { decodeGmcp } from '../../../src/mud/protocols/gmcp.ts';
import { decodeMssp } from '../../../src/mud/protocols/mssp.ts';
import { TelnetDecoder } from '../../../src/mud/telnet/decoder.ts';
import { escapeIac } from '../../../src/mud/telnet/encoder.ts';
import type { TelnetEvent } from '../../../src/mud/telnet/events.ts';
import { TelnetReader } from '../../../src/mud/telnet/reader.ts';
import { TelnetWriter } from '../../../src/mud/telnet/writer.ts';
import { parseBotLine } from '../../../src/mud/text/bot-lines.ts';

const CODED = /^ERR_[A-Z0-9_]+$/;

function cutsOf(len: number, raw: number[]): number[] {
  return [...new Set(raw.map((c) => Math.min(c, len)))].sort((a, b) => a - b);
}
function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}
function flatten(events: TelnetEvent[]): string {
  const parts: string[] = [];
  let data: number[] = [];
  const flush = () => {
    if (data.length) parts.push(`D${data.join(',')}`);
    data = [];
  };
  for (const e of events) {
    if (e.type === 'data') data.push(...e.data);
    else {
      flush();
      if (e.type === 'error') parts.push(`E${e.error.code}`);
      else if (e.type === 'subnegotiation') parts.push(`S${e.option}:${[...e.data].join(',')}`);
      else parts.push(JSON.stringify(e));
    }
  }
  flush();
  return parts.join('|');
}

// Bytes biased towards telnet structure so the state machine is exercised, not just data.
const telnetish = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 255 }) },
      { weight: 2, arbitrary: fc.constant(255) },
      { weight: 1, arbitrary: fc.constantFrom(250, 240, 251, 253, 249, 239, 13, 10, 0, 86, 69, 201) },
    ),
    { maxLength: 300 },
  )
  .map((a) => new Uint8Array(a));

describe('fuzz: telnet decoder', () => {
  it('any split gives the same events, errors are coded, memory bounded', () => {
    fc.assert(
      fc.property(telnetish, fc.array(fc.nat(300), { maxLength: 6 }), (bytes, raw) => {
        const whole = new TelnetDecoder({ maxSubnegotiationBytes: 32 });
        const a = [...whole.push(bytes), ...whole.end()];
        const split = new TelnetDecoder({ maxSubnegotiationBytes: 32 });
        const b: TelnetEvent[] = [];
        for (const c of chunk(bytes, cutsOf(bytes.length, raw))) b.push(...split.push(c));
        b.push(...split.end());
        expect(flatten(b)).toBe(flatten(a));
        for (const e of a) {
          if (e.type === 'error') expect(e.error.code).toMatch(CODED);
          if (e.type === 'subnegotiation') expect(e.data.length).toBeLessThanOrEqual(32);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('escaped data round-trips through the decoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(400), { maxLength: 4 }), (data, raw) => {
        const wire = escapeIac(data);
        const d = new TelnetDecoder({ stripCrNul: false });
        const out: number[] = [];
        for (const c of chunk(wire, cutsOf(wire.length, raw)))
          for (const e of d.push(c)) if (e.type === 'data') out.push(...e.data);
        expect(d.end()).toEqual([]);
        expect(out).toEqual([...data]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fuzz: MCCP reader', () => {
  it('random text through a compressed stream survives random splits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(2000), { maxLength: 6 }),
        (pieces, raw) => {
          const w = new TelnetWriter();
          const wire = [w.text('pre'), w.startCompression()];
          for (const p of pieces) wire.push(w.text(p));
          wire.push(w.stopCompression(), w.text('post'));
          const all = new Uint8Array(wire.reduce((n, x) => n + x.length, 0));
          let off = 0;
          for (const x of wire) {
            all.set(x, off);
            off += x.length;
          }
          const r = new TelnetReader({ compressedOption: 86 });
          const got: number[] = [];
          const sink = (e: { type: string; data?: Uint8Array }) => {
            if (e.type === 'data' && e.data) got.push(...e.data);
            expect(e.type).not.toBe('error');
          };
          for (const c of chunk(all, cutsOf(all.length, raw))) r.push(c, sink);
          r.end(sink);
          const expected = new TextDecoder().decode(
            new TextEncoder().encode(
              `pre${pieces.join('')}post`.replace(/\r/g, '\r\u0000').replace(/\n/g, '\r\n'),
            ),
          );
          // CR NUL is reduced back to CR by the decoder.
          expect(new TextDecoder().decode(new Uint8Array(got))).toBe(expected.replace(/\r\u0000/g, '\r'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random bytes after an MCCP2 start never throw and never exceed the output lid', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (junk) => {
        const r = new TelnetReader({ compressedOption: 86, maxOutputBytesPerPush: 4096 });
        let total = 0;
        const sink = (e: { type: string; data?: Uint8Array; error?: { code: string } }) => {
          if (e.type === 'data' && e.data) total += e.data.length;
          if (e.type === 'error') expect(e.error?.code).toMatch(CODED);
        };
        r.push(new Uint8Array([255, 250, 86, 255, 240, 0x78, 0x9c]), sink);
        r.push(junk, sink);
        r.end(sink);
        expect(total).toBeLessThanOrEqual(4096 + 2 * 300);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fuzz: MudSession and payload codecs', () => {
  it('random bytes never throw; errors are coded; lines bounded', () => {
    fc.assert(
      fc.property(telnetish, fc.array(fc.nat(300), { maxLength: 5 }), (bytes, raw) => {
        const s = new MudSession({ maxLineLength: 64, maxSubnegotiationBytes: 64 });
        const events: MudEvent[] = [];
        s.onEvent((e) => events.push(e));
        for (const c of chunk(bytes, cutsOf(bytes.length, raw))) s.receive(c);
        s.end();
        s.drainOutput();
        for (const e of events) {
          if (e.type === 'error') expect(e.error.code).toMatch(CODED);
          if (e.type === 'line' || e.type === 'prompt') expect(e.text.length).toBeLessThanOrEqual(64);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('payload decoders never throw on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.string({ maxLength: 80 }), (bytes, text) => {
        const m = decodeMssp(bytes);
        if (m.error) expect(m.error.code).toMatch(CODED);
        const g = decodeGmcp(bytes);
        if (g.error) expect(g.error.code).toMatch(CODED);
        const line = `[BOT:${text}`;
        const p = parseBotLine(line);
        if (p && 'error' in p) expect(p.error.code).toBe('ERR_BOT_LINE_MALFORMED');
      }),
      { numRuns: 1000 },
    );
  });
});
