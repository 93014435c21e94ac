import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnsiStripper, stripAnsi } from '../../../src/mud/text/ansi.ts';
import { Utf8StreamDecoder } from '../../../src/mud/text/utf8.ts';
import { b, splitEverywhere } from '../split.ts';

function decodeSplit(chunks: Uint8Array[]): { text: string; invalid: number } {
  const d = new Utf8StreamDecoder();
  let text = '';
  for (const c of chunks) text += d.push(c);
  text += d.end();
  return { text, invalid: d.invalid };
}

function stripSplit(text: string, cuts: number[]): string {
  const s = new AnsiStripper();
  let out = '';
  let prev = 0;
  for (const c of [...cuts, text.length]) {
    out += s.push(text.slice(prev, c));
    prev = c;
  }
  return out;
}

describe('Utf8StreamDecoder', () => {
  it('decodes multi-byte characters split anywhere', () => {
    const bytes = b('a\u00e9\u20ac\u{1f409}z');
    for (const chunks of splitEverywhere(bytes))
      expect(decodeSplit(chunks)).toEqual({ text: 'a\u00e9\u20ac\u{1f409}z', invalid: 0 });
  });

  it('counts invalid sequences (ERR_UTF8_INVALID material)', () => {
    const bytes = b('a', [0xff], 'b', [0xe2, 0x82], 'c', [0xed, 0xa0, 0x80], [0xc3]);
    for (const chunks of splitEverywhere(bytes)) {
      const r = decodeSplit(chunks);
      expect(r.text).toBe(new TextDecoder().decode(bytes));
      expect(r.invalid).toBe([...r.text].filter((ch) => ch === '\ufffd').length);
    }
  });

  it('counts like the WHATWG decoder on random bytes, any split (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 60 }),
        fc.array(fc.nat(60), { maxLength: 4 }),
        (bytes, cutsRaw) => {
          const ref = new TextDecoder().decode(bytes);
          const literal = (() => {
            let n = 0;
            for (let i = 0; i + 2 < bytes.length; i++)
              if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) n++;
            return n;
          })();
          const cuts = [...new Set(cutsRaw.map((c) => Math.min(c, bytes.length)))].sort((x, y) => x - y);
          const chunks: Uint8Array[] = [];
          let prev = 0;
          for (const c of [...cuts, bytes.length]) {
            chunks.push(bytes.subarray(prev, c));
            prev = c;
          }
          const r = decodeSplit(chunks);
          expect(r.text).toBe(ref);
          expect(r.invalid).toBe([...ref].filter((ch) => ch === '\ufffd').length - literal);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('AnsiStripper', () => {
  const vectors: [string, string][] = [
    ['\x1b[36mCyan Room\x1b[0m\x1b[37m\x1b[40m\n\r', 'Cyan Room\n\r'],
    ['\x1b[38;5;016m*\x1b[38;5;239m%', '*%'],
    ['\x1b[38;2;255;128;0mtrue\x1b[48;2;1;2;3mcolour', 'truecolour'],
    ['\x1b[37m\x1b[40m\x1b[8]Is that right (Y/N)? ', 'Is that right (Y/N)? '],
    ['\x1b[2J\x1b[H\x1b[10;20Hcursor\x1b[K\x1b[?25l', 'cursor'],
    ['\x1b]0;window title\x07after\x1b]8;;http://x\x1b\\link', 'afterlink'],
    ['a\x1b(Bb\x1b7c\x1b8d\x1bMe', 'abcde'],
    ['bell\x07', 'bell'],
  ];

  it('strips every vector at every split', () => {
    for (const [input, expected] of vectors) {
      expect(stripAnsi(input)).toBe(expected);
      for (let i = 0; i <= input.length; i++)
        for (let j = i; j <= input.length; j++)
          expect(stripSplit(input, [i, j]), JSON.stringify(input)).toBe(expected);
    }
  });

  it('counts SGR sequences', () => {
    const s = new AnsiStripper();
    s.push('\x1b[1;31mred\x1b[0m \x1b[2J');
    expect(s.stats).toEqual({ sequences: 3, sgr: 2, overlong: 0 });
  });

  it('abandons an overlong or broken sequence without losing later text', () => {
    const s = new AnsiStripper({ maxSequenceLength: 16 });
    const out = s.push(`\x1b[${'1;'.repeat(50)}mvisible`);
    expect(out.endsWith('visible')).toBe(true);
    expect(s.stats.overlong).toBe(1);
    expect(stripAnsi('\x1b[12\nnext line')).toBe('\nnext line');
  });

  it('ends an unterminated OSC at the line end: a stray ESC ] does not eat the next line', () => {
    // Found by bench/fuzz-long.ts (MudSession target, seed 531851800): "ESC ]" with no BEL/ST
    // swallowed the following 256 characters, a whole line of game text among them.
    const s = new AnsiStripper();
    expect(s.push('\x1b]\r\nhello\r\n')).toBe('\r\nhello\r\n');
    expect(s.stats.overlong).toBe(1);
    expect(stripSplit('\x1b]0;title\x1b\nnext', [3])).toBe('\nnext');
  });

  it('keeps text intact with random SGR inserted, any split (property)', () => {
    const sgr = fc.oneof(
      fc.integer({ min: 0, max: 107 }).map((n) => `\x1b[${n}m`),
      fc.integer({ min: 0, max: 255 }).map((n) => `\x1b[38;5;${n}m`),
      fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([r, g, bl]) => `\x1b[48;2;${r};${g};${bl}m`),
      fc.constantFrom('\x1b[H', '\x1b[2J', '\x1b[K', '\x1b[8]', '\x1b[?25h'),
    );
    const plain = fc.string({ maxLength: 10 }).map((s) => s.replace(/[\x1b\x07]/g, ''));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(plain, sgr), { maxLength: 8 }),
        fc.array(fc.nat(200), { maxLength: 5 }),
        (parts, cutsRaw) => {
          const input = parts.map(([p, s]) => p + s).join('');
          const expected = parts.map(([p]) => p).join('');
          const cuts = [...new Set(cutsRaw.map((c) => Math.min(c, input.length)))].sort((x, y) => x - y);
          expect(stripSplit(input, cuts)).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
