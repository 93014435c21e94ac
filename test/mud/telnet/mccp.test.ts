import net from 'node:net';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { connectMud } from '../../../src/mud/client/connection.ts';
import { Opt } from '../../../src/mud/telnet/constants.ts';
import { MCCP_LIMITS, MccpDeflater, MccpInflater } from '../../../src/mud/telnet/mccp.ts';
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

// #11 item 8: the bomb lid was per push (256 MiB of NULs in 1 KiB chunks inflated in full, 8.8 s
// of CPU), and a compressed stream cut mid-way, or a bare zlib header then EOF, ended in silence.
describe('MCCP bounds over the whole stream', () => {
  /**
   * A deflate stream of `mib` MiB of NULs, 1 MiB per flush (about 1 KiB each). Once the window is
   * all zeros every further MiB deflates to the same bytes, so the middle is one block repeated.
   */
  function nulBomb(mib: number): Uint8Array {
    const d = new MccpDeflater({ level: 9 });
    const zeros = new Uint8Array(1024 * 1024);
    const first = d.compress(zeros);
    const middle = d.compress(zeros);
    expect(d.compress(zeros)).toEqual(middle);
    return b(first, ...Array.from({ length: mib - 2 }, () => middle), d.finish());
  }

  it('256 MiB of NULs in 1 KiB chunks stops at the expansion-ratio lid, after about 1 MiB', () => {
    const bomb = nulBomb(256);
    expect(bomb.length).toBeLessThan(512 * 1024);
    const r = new TelnetReader({ compressedOption: Opt.MCCP2 });
    const errors: string[] = [];
    let inflated = 0;
    const sink = (e: ReaderEvent) => {
      if (e.type === 'error') errors.push(e.error.code);
      if (e.type === 'data') inflated += e.data.length;
    };
    r.push(b(255, 250, Opt.MCCP2, 255, 240), sink);
    for (let off = 0; off < bomb.length && !r.failed; off += 1024)
      r.push(bomb.subarray(off, off + 1024), sink);
    expect(errors).toEqual(['ERR_MCCP_OUTPUT_LIMIT', 'ERR_MUD_CLOSED']);
    expect(inflated).toBeLessThanOrEqual(MCCP_LIMITS.ratioGraceBytes + 64 * 1024);
    expect(r.stats.inflatedBytes).toBeLessThan(4 * 1024 * 1024);
  });

  it('the total lid holds for a stream of ordinary ratio too', () => {
    const d = new MccpDeflater();
    const inf = new MccpInflater({ maxTotalOutputBytes: 10_000 });
    let err: string | undefined;
    for (let i = 0; i < 100 && !err; i++) {
      const line = text(`The rat bites you (${i * 7919}).\n\r`.repeat(20));
      err = inf.push(d.compress(line)).error?.code;
    }
    expect(err).toBe('ERR_MCCP_OUTPUT_LIMIT');
    expect(inf.stats.bytesOut).toBeLessThan(10_000 + 64 * 1024);
  });

  it('ordinary MUD text passes far below the ratio lid', () => {
    const d = new MccpDeflater();
    const inf = new MccpInflater();
    for (let i = 0; i < 2000; i++) {
      const r = inf.push(d.compress(text(`\x1b[1;32mA rat scurries by.\x1b[0m\n\r<20hp 100m ${i}mv> `)));
      expect(r.error).toBeUndefined();
    }
  });

  const compressedGreeting = () => {
    const w = new TelnetWriter();
    return b(w.startCompression(Opt.MCCP2), w.text('Welcome to the realm.\n'.repeat(50)));
  };

  it('a stream cut mid-way is ERR_MCCP_CORRUPT at the end, with what was read', () => {
    const all = compressedGreeting();
    const r = readAll([all.subarray(0, Math.floor(all.length / 2))]);
    expect(r.events).toEqual(['sb86', 'zon', 'ERR_MCCP_CORRUPT', 'zoff']);
  });

  it('a bare zlib header then EOF is ERR_MCCP_CORRUPT', () => {
    const r = readAll([b(255, 250, Opt.MCCP2, 255, 240, 0x78, 0x9c)]);
    expect(r.events).toEqual(['sb86', 'zon', 'ERR_MCCP_CORRUPT', 'zoff']);
    expect(r.text).toBe('');
  });

  it('a stream that ended (even exactly at the last byte) is not reported; nor our own hang-up', () => {
    const w = new TelnetWriter();
    const whole = b(w.startCompression(Opt.MCCP2), w.text('bye\n'), w.stopCompression());
    expect(readAll([whole]).events).toEqual(['sb86', 'zon', 'zoff']);
    const r = new TelnetReader({ compressedOption: Opt.MCCP2 });
    const events: string[] = [];
    const sink = (e: ReaderEvent) => events.push(e.type === 'error' ? e.error.code : e.type);
    r.push(compressedGreeting(), sink);
    r.end(sink, { localClose: true });
    expect(events.filter((e) => e.startsWith('ERR_'))).toEqual([]);
  });

  it('a real server that dies mid-stream: the bot connection reports ERR_MCCP_CORRUPT', async () => {
    const w = new TelnetWriter();
    const server = net.createServer((sock) => {
      sock.on('error', () => {});
      sock.write(b(255, 251, Opt.MCCP2));
      sock.once('data', () => {
        // The client said DO MCCP2: start compressing, send half a greeting, die.
        const z = b(w.startCompression(Opt.MCCP2), w.text('A long greeting. '.repeat(200)));
        sock.end(z.subarray(0, z.length - 40));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const conn = await connectMud({ port: (server.address() as net.AddressInfo).port });
      await conn.closed;
      expect(conn.stats().errors).toMatchObject({ ERR_MCCP_CORRUPT: 1 });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
