import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/process/line-splitter.ts';

function split(chunks: (Buffer | string)[], max?: number): { lines: string[]; truncated: number } {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l), max);
  for (const c of chunks) s.push(c);
  s.flush();
  return { lines, truncated: s.truncated };
}

describe('LineSplitter', () => {
  const input = Buffer.from('héllo wörld\r\n[LOG_JSON]{"event":"ü"}\n\nlast without newline 🎮', 'utf8');
  const expected = ['héllo wörld', '[LOG_JSON]{"event":"ü"}', '', 'last without newline 🎮'];

  it('gives the same lines whatever the chunk boundaries (every split point, incl. inside UTF-8)', () => {
    for (let i = 0; i <= input.length; i++) {
      for (let j = i; j <= input.length; j += 7) {
        expect(split([input.subarray(0, i), input.subarray(i, j), input.subarray(j)]).lines).toEqual(
          expected,
        );
      }
    }
  });

  it('byte-at-a-time input works too', () => {
    const bytes = [...input].map((b) => Buffer.from([b]));
    expect(split(bytes).lines).toEqual(expected);
  });

  it('cuts over-long lines at maxLineChars, counts them, and resumes at the next newline', () => {
    const { lines, truncated } = split(['ab', 'cdefgh', 'ij\nok\n', 'x'.repeat(20)], 5);
    expect(lines).toEqual(['abcde', 'ok', 'xxxxx']);
    expect(truncated).toBe(2);
  });

  it('emits nothing for empty input', () => {
    expect(split([]).lines).toEqual([]);
    expect(split(['']).lines).toEqual([]);
  });
});
