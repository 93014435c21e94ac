import { describe, expect, it } from 'vitest';
import { TelnetDecoder } from '../../../src/mud/telnet/decoder.ts';
import type { TelnetEvent } from '../../../src/mud/telnet/events.ts';
import { b, bytewise, splitEverywhere } from '../split.ts';

// Normalise events: merge adjacent data events so any split gives the same list.
function normalise(events: TelnetEvent[]): unknown[] {
  const out: unknown[] = [];
  for (const e of events) {
    if (e.type === 'data') {
      const last = out[out.length - 1] as { type: string; data: number[] } | undefined;
      if (last?.type === 'data') last.data.push(...e.data);
      else out.push({ type: 'data', data: [...e.data] });
    } else if (e.type === 'subnegotiation') out.push({ ...e, data: [...e.data] });
    else if (e.type === 'error') out.push({ type: 'error', code: e.error.code });
    else out.push(e);
  }
  return out;
}

function decodeChunks(chunks: Uint8Array[], opts = {}): unknown[] {
  const d = new TelnetDecoder(opts);
  const events: TelnetEvent[] = [];
  for (const c of chunks) events.push(...d.push(c));
  events.push(...d.end());
  return normalise(events);
}

function expectAllSplits(bytes: Uint8Array, expected: unknown[], opts = {}): void {
  let n = 0;
  for (const chunks of splitEverywhere(bytes)) {
    expect(decodeChunks(chunks, opts), `split ${chunks.map((c) => c.length).join('+')}`).toEqual(expected);
    n++;
  }
  expect(decodeChunks(bytewise(bytes), opts)).toEqual(expected);
  expect(n).toBeGreaterThan(0);
}

const data = (s: string | number[]) => ({ type: 'data', data: typeof s === 'string' ? [...b(s)] : s });

describe('TelnetDecoder', () => {
  it('decodes the Mud98 opening offers in order', () => {
    const bytes = b([255, 253, 24, 255, 253, 31, 255, 253, 39, 255, 251, 42, 255, 251, 69], '\n\rHi');
    expectAllSplits(bytes, [
      { type: 'negotiation', verb: 'DO', option: 24 },
      { type: 'negotiation', verb: 'DO', option: 31 },
      { type: 'negotiation', verb: 'DO', option: 39 },
      { type: 'negotiation', verb: 'WILL', option: 42 },
      { type: 'negotiation', verb: 'WILL', option: 69 },
      data('\n\rHi'),
    ]);
  });

  it('unescapes IAC IAC in data and in subnegotiations', () => {
    const bytes = b('a', [255, 255], 'b', [255, 250, 69, 1, 255, 255, 2, 255, 240], 'c');
    expectAllSplits(bytes, [
      data([97, 255, 98]),
      { type: 'subnegotiation', option: 69, data: [1, 255, 2] },
      data('c'),
    ]);
  });

  it('reduces CR NUL to CR and keeps CR LF / LF CR', () => {
    expectAllSplits(b('a', [13, 0], 'b\r\nc\n\rd', [0]), [data('a\rb\r\nc\n\rd\u0000')]);
  });

  it('keeps NUL when CR NUL stripping is off', () => {
    expect(decodeChunks([b('a', [13, 0])], { stripCrNul: false })).toEqual([data([97, 13, 0])]);
  });

  it('reports GA and EOR as prompt marks and other commands as commands', () => {
    expectAllSplits(b('<20hp> ', [255, 249], 'x', [255, 239, 255, 241, 255, 246]), [
      data('<20hp> '),
      { type: 'prompt-mark', mark: 'GA' },
      data('x'),
      { type: 'prompt-mark', mark: 'EOR' },
      { type: 'command', command: 241 },
      { type: 'command', command: 246 },
    ]);
  });

  it('decodes an empty MSDP frame and the MCCP2 start marker', () => {
    expectAllSplits(b([255, 250, 69, 255, 240, 255, 250, 86, 255, 240]), [
      { type: 'subnegotiation', option: 69, data: [] },
      { type: 'subnegotiation', option: 86, data: [] },
    ]);
  });

  it('discards an oversized subnegotiation with ERR_TELNET_SB_OVERFLOW and recovers', () => {
    const big = new Array(40).fill(65);
    const bytes = b([255, 250, 201], big, [255, 240], 'ok', [255, 250, 69, 1, 255, 240]);
    expectAllSplits(
      bytes,
      [
        { type: 'error', code: 'ERR_TELNET_SB_OVERFLOW' },
        data('ok'),
        { type: 'subnegotiation', option: 69, data: [1] },
      ],
      { maxSubnegotiationBytes: 16 },
    );
  });

  it('gives up on a runaway subnegotiation after the discard limit', () => {
    const d = new TelnetDecoder({ maxSubnegotiationBytes: 4, maxSubnegotiationDiscardBytes: 10 });
    const events = normalise(d.push(b([255, 250, 69], 'abcdefghijklmnopqrstuvwxyz')));
    expect(events[0]).toEqual({ type: 'error', code: 'ERR_TELNET_SB_OVERFLOW' });
    // Giving up is reported too; the rest is data again.
    expect(events[1]).toEqual({ type: 'error', code: 'ERR_TELNET_SB_UNTERMINATED' });
    expect(events[2]).toMatchObject({ type: 'data' });
    expect(d.idle).toBe(true);
  });

  it('ends an SB interrupted by another IAC command with ERR_TELNET_SB_UNTERMINATED', () => {
    expectAllSplits(b([255, 250, 24, 1, 255, 253, 31], 'x'), [
      { type: 'error', code: 'ERR_TELNET_SB_UNTERMINATED' },
      { type: 'subnegotiation', option: 24, data: [1] },
      { type: 'negotiation', verb: 'DO', option: 31 },
      data('x'),
    ]);
  });

  it('reports ERR_TELNET_TRUNCATED on end() inside IAC or SB', () => {
    for (const tail of [[255], [255, 253], [255, 250], [255, 250, 69, 1], [255, 250, 69, 255]]) {
      expect(decodeChunks([b('x', tail)])).toEqual([
        data('x'),
        { type: 'error', code: 'ERR_TELNET_TRUNCATED' },
      ]);
    }
  });

  it('reports unknown commands as coded errors and ignores a stray SE', () => {
    expectAllSplits(b([255, 7, 255, 240], 'z'), [
      { type: 'error', code: 'ERR_TELNET_UNKNOWN_COMMAND' },
      data('z'),
    ]);
  });

  it('stops after a chosen subnegotiation and returns the offset of the next byte', () => {
    const d = new TelnetDecoder();
    const out: TelnetEvent[] = [];
    const bytes = b('a', [255, 250, 86, 255, 240], [1, 2, 3]);
    const off = d.decodeInto(bytes, 0, out, (o) => o === 86);
    expect(off).toBe(6);
    expect(normalise(out)).toEqual([data('a'), { type: 'subnegotiation', option: 86, data: [] }]);
  });
});

// #11 item 9: an unterminated subnegotiation silently ate up to 64 KiB of game text (2,000 lines)
// before erroring. Each option is now capped by its own limit, reported at once, and the text after
// a small option's runaway SB is read as text again.
describe('per-option subnegotiation limits', () => {
  const lines = Array.from({ length: 2000 }, (_, i) => `The rat bites you (${i}).\r\n`).join('');

  it('IAC SB TTYPE SEND without IAC SE: reported within 64 bytes, the game text survives', () => {
    const d = new TelnetDecoder();
    const events = [...d.push(b([255, 250, 24, 1], lines)), ...d.end()];
    const errors = events.filter((e) => e.type === 'error').map((e) => e.type === 'error' && e.error.code);
    expect(errors).toEqual(['ERR_TELNET_SB_OVERFLOW', 'ERR_TELNET_SB_UNTERMINATED']);
    const text = new TextDecoder().decode(
      new Uint8Array(events.flatMap((e) => (e.type === 'data' ? [...e.data] : []))),
    );
    // At most the TTYPE limit is lost (63 bytes after SEND): the first few lines, no more.
    expect(lines.length - text.length).toBeLessThanOrEqual(64);
    expect(text.endsWith('The rat bites you (1999).\r\n')).toBe(true);
    expect(events.findIndex((e) => e.type === 'error')).toBe(0);
  });

  it('NAWS is 4 bytes: a fifth is an overflow, named with its limit', () => {
    expectAllSplits(b([255, 250, 31, 0, 80, 0, 24, 0], 'hello world'), [
      { type: 'error', code: 'ERR_TELNET_SB_OVERFLOW' },
      { type: 'error', code: 'ERR_TELNET_SB_UNTERMINATED' },
      data([0, ...b('hello world')]), // the fifth byte is data again
    ]);
    const [e] = new TelnetDecoder().push(b([255, 250, 31, 0, 80, 0, 24, 0]));
    expect(e.type === 'error' && e.error.details).toMatchObject({ option: 31, limitBytes: 4 });
    // A well-formed NAWS still decodes.
    expectAllSplits(b([255, 250, 31, 0, 80, 0, 24, 255, 240]), [
      { type: 'subnegotiation', option: 31, data: [0, 80, 0, 24] },
    ]);
  });

  it('MSDP and GMCP keep the large limit; limits can be set per option', () => {
    const frame = b([255, 250, 201], `Room.Info ${JSON.stringify({ desc: 'x'.repeat(20_000) })}`, [255, 240]);
    expect(new TelnetDecoder().push(frame).map((e) => e.type)).toEqual(['subnegotiation']);
    const strict = new TelnetDecoder({ subnegotiationLimits: { 201: 1024 } });
    expect(strict.push(frame).map((e) => (e.type === 'error' ? e.error.code : e.type))).toEqual([
      'ERR_TELNET_SB_OVERFLOW',
    ]);
    expect(strict.idle).toBe(true);
  });
});
