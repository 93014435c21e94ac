import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Opt } from '../../../src/mud/telnet/constants.ts';
import { MccpDeflater, MccpInflater } from '../../../src/mud/telnet/mccp.ts';
import type { ReaderEvent } from '../../../src/mud/telnet/reader.ts';
import { TelnetReader } from '../../../src/mud/telnet/reader.ts';
import { TelnetWriter } from '../../../src/mud/telnet/writer.ts';
import { b, splitEverywhere } from '../split.ts';

const text = (s: string) => new TextEncoder().encode(s);

function readAll(chunks: Uint8Array[], opts = {}): { text: string; events: string[] } {
  const r = new TelnetReader({ compressedOption: Opt.MCCP2, ...opts });
  const dataParts: number[] = [];
  const events: string[] = [];
  const sink = (e: ReaderEvent) => {
    if (e.type === 'data') dataParts.push(...e.data);
    else if (e.type === 'compression') events.push(e.active ? 'zon' : 'zoff');
    else if (e.type === 'subnegotiation') events.push(`sb${e.option}`);
    else if (e.type === 'error') events.push(e.error.code);
    else if (e.type === 'negotiation') events.push(`${e.verb}${e.option}`);
  };
  for (const c of chunks) r.push(c, sink);
  r.end(sink);
  return { text: new TextDecoder().decode(new Uint8Array(dataParts)), events };
}

describe('MCCP', () => {
  it('deflater output inflates back, chunk by chunk', () => {
    const d = new MccpDeflater();
    const inf = new MccpInflater();
    let got = '';
    for (const line of ['hello\n\r', 'world '.repeat(100), '\n\r<20hp 100m 100mv> ']) {
      const r = inf.push(d.compress(text(line)));
      got += new TextDecoder().decode(r.output);
      expect(r.error).toBeUndefined();
    }
    expect(got).toBe(`hello\n\r${'world '.repeat(100)}\n\r<20hp 100m 100mv> `);
  });

  it('starts mid-chunk and ends mid-chunk, at every split', () => {
    // Plain text, IAC SB MCCP2 IAC SE, a compressed stream that ends, then plain again - one buffer.
    const w = new TelnetWriter();
    const parts = [
      w.text('before '),
      w.startCompression(Opt.MCCP2),
      w.text('inside '.repeat(5)),
      w.raw(new Uint8Array([255, 251, 69])),
      w.text('tail'),
      w.stopCompression(),
      w.text(' after'),
    ];
    const all = b(...parts);
    let splits = 0;
    for (const chunks of splitEverywhere(all, 0)) {
      const r = readAll(chunks);
      expect(r.text).toBe(`before ${'inside '.repeat(5)}tail after`);
      expect(r.events).toEqual(['sb86', 'zon', 'WILL69', 'zoff']);
      splits++;
    }
    expect(splits).toBe(all.length);
  });

  it('does not start inflating when the caller says compression was not negotiated', () => {
    const all = b('x', [255, 250, 86, 255, 240], 'plain');
    expect(readAll([all], { shouldStartCompression: () => false })).toEqual({
      text: 'xplain',
      events: ['sb86'],
    });
  });

  it('reports ERR_MCCP_CORRUPT and drops later input (policy close)', () => {
    const all = b('ok', [255, 250, 86, 255, 240], [0x78, 0x9c, 0xff, 0xff, 0xff, 1, 2, 3], 'more');
    for (const chunks of splitEverywhere(all, 0)) {
      const r = readAll([...chunks, text('later')]);
      expect(r.text).toBe('ok');
      expect(r.events.slice(0, 3)).toEqual(['sb86', 'zon', 'ERR_MCCP_CORRUPT']);
    }
  });

  it('decodes plain after corruption with policy plain', () => {
    const all = b([255, 250, 86, 255, 240], [0x78, 0x9c, 0xff, 0xff, 0xff]);
    const r = readAll([all, text('plain again')], { onCorrupt: 'plain' });
    expect(r.text).toBe('plain again');
    expect(r.events).toContain('ERR_MCCP_CORRUPT');
  });

  it('small-memory deflate settings interoperate with the default inflater', () => {
    const w = new TelnetWriter();
    const all = b(
      w.startCompression(Opt.MCCP2, { level: 9, windowBits: 12, memLevel: 5 }),
      w.text('abc '.repeat(500)),
    );
    expect(readAll([all]).text).toBe('abc '.repeat(500));
  });

  it('stops a zip bomb at the output limit', () => {
    const bomb = zlib.deflateSync(new Uint8Array(4 * 1024 * 1024));
    const inf = new MccpInflater({ maxOutputBytesPerPush: 1024 * 1024 });
    const r = inf.push(bomb);
    expect(r.error?.code).toBe('ERR_MCCP_OUTPUT_LIMIT');
    expect(r.output.length).toBeLessThanOrEqual(1024 * 1024);
    expect(inf.ended).toBe(true);
  });

  it('hands back bytes after a stream that ends exactly at a chunk end', () => {
    const z = zlib.deflateSync(text('abc'));
    const inf = new MccpInflater();
    expect(new TextDecoder().decode(inf.push(z).output)).toBe('abc');
    const r = inf.push(text('plain'));
    expect(r.output.length).toBe(0);
    expect(new TextDecoder().decode(r.rest)).toBe('plain');
  });
});
