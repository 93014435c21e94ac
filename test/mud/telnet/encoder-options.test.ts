import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TelnetDecoder } from '../../../src/mud/telnet/decoder.ts';
import {
  encodeCommand,
  encodeNegotiation,
  encodePromptMark,
  encodeSubnegotiation,
  encodeText,
  escapeIac,
} from '../../../src/mud/telnet/encoder.ts';
import {
  answerCharsetRequest,
  decodeCharset,
  decodeNaws,
  decodeTtype,
  encodeCharsetRequest,
  encodeNaws,
  encodeTtypeSend,
  MttsResponder,
  parseMtts,
} from '../../../src/mud/telnet/options.ts';
import { b } from '../split.ts';

const sbData = (bytes: Uint8Array) => {
  const e = new TelnetDecoder().push(bytes)[0];
  if (e?.type !== 'subnegotiation') throw new Error(`not an SB: ${JSON.stringify(e)}`);
  return e.data;
};

describe('telnet encoder', () => {
  it('frames commands, negotiation and subnegotiation', () => {
    expect([...encodeNegotiation('WILL', 86)]).toEqual([255, 251, 86]);
    expect([...encodeNegotiation('DONT', 24)]).toEqual([255, 254, 24]);
    expect([...encodeCommand(241)]).toEqual([255, 241]);
    expect([...encodePromptMark('GA')]).toEqual([255, 249]);
    expect([...encodePromptMark('EOR')]).toEqual([255, 239]);
    expect([...encodeSubnegotiation(201, b('A.B', [255]))]).toEqual([
      255, 250, 201, 65, 46, 66, 255, 255, 255, 240,
    ]);
    expect([...encodeSubnegotiation(86)]).toEqual([255, 250, 86, 255, 240]);
  });

  it('encodes text with each line ending, CR NUL and IAC doubling', () => {
    expect([...encodeText('a\nb', { newline: 'crlf' })]).toEqual([...b('a\r\nb')]);
    expect([...encodeText('a\nb', { newline: 'lfcr' })]).toEqual([...b('a\n\rb')]);
    expect([...encodeText('a\nb', { newline: 'lf' })]).toEqual([...b('a\nb')]);
    expect([...encodeText('x\ry')]).toEqual([...b('x', [13, 0], 'y')]);
    expect([...encodeText('\u00ff')]).toEqual([0xc3, 0xbf]); // UTF-8 never contains 0xFF
    expect(escapeIac(b('plain'))).toEqual(b('plain'));
  });

  it('text round-trips through the decoder (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => {
        const d = new TelnetDecoder();
        const out: number[] = [];
        for (const e of d.push(encodeText(text, { newline: 'lf' })))
          if (e.type === 'data') out.push(...e.data);
        expect(new TextDecoder().decode(new Uint8Array(out))).toBe(
          new TextDecoder().decode(new TextEncoder().encode(text)),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('option payloads', () => {
  it('NAWS encodes big-endian with IAC escaping and decodes back', () => {
    const frame = encodeNaws(255, 65535);
    expect(decodeNaws(sbData(frame))).toEqual({ width: 255, height: 65535 });
    expect(decodeNaws(b(1, 2, 3))).toBeUndefined();
  });

  it('MTTS cycle: name, terminal, MTTS bits, then repeats the last', () => {
    const m = new MttsResponder({ clientName: 'probe', terminalType: 'ansi', mtts: 137 });
    const names = Array.from({ length: 4 }, () => decodeTtype(sbData(m.next())));
    expect(names).toEqual([
      { kind: 'is', name: 'PROBE' },
      { kind: 'is', name: 'ANSI' },
      { kind: 'is', name: 'MTTS 137' },
      { kind: 'is', name: 'MTTS 137' },
    ]);
    m.reset();
    expect(decodeTtype(sbData(m.next()))).toEqual({ kind: 'is', name: 'PROBE' });
    expect(decodeTtype(sbData(encodeTtypeSend()))).toEqual({ kind: 'send' });
    expect(parseMtts('MTTS 137')).toBe(137);
    expect(parseMtts('XTERM')).toBeUndefined();
    expect(decodeTtype(b(9))).toBeUndefined();
  });

  it('CHARSET request, accept and reject', () => {
    expect(decodeCharset(sbData(encodeCharsetRequest(['UTF-8', 'ISO-8859-1'], ';')))).toEqual({
      kind: 'request',
      charsets: ['UTF-8', 'ISO-8859-1'],
    });
    expect(decodeCharset(sbData(answerCharsetRequest(['utf-8'])))).toEqual({
      kind: 'accepted',
      charset: 'UTF-8',
    });
    expect(decodeCharset(sbData(answerCharsetRequest(['KOI8-R'])))).toEqual({ kind: 'rejected' });
    expect(decodeCharset(b())).toBeUndefined();
    expect(decodeCharset(b(7))).toBeUndefined();
  });
});
