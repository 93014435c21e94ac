import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/mud/text/lines.ts';
import { MUD98_PROMPTS, matchPrompt, parseStatusPrompt } from '../../../src/mud/text/prompts.ts';

function split(
  text: string,
  cuts: number[],
  opts = {},
): { lines: string[]; partial: string; errors: string[] } {
  const s = new LineSplitter(opts);
  const lines: string[] = [];
  const errors: string[] = [];
  let prev = 0;
  for (const c of [...cuts, text.length]) {
    for (const l of s.push(text.slice(prev, c), (e) => errors.push(e.code))) lines.push(l.text);
    prev = c;
  }
  return { lines, partial: s.partial, errors };
}

function everySplit(text: string, expected: { lines: string[]; partial: string }, opts = {}): void {
  for (let i = 0; i <= text.length; i++)
    for (let j = i; j <= text.length; j++) {
      const r = split(text, [i, j], opts);
      expect({ lines: r.lines, partial: r.partial }, `${JSON.stringify(text)} @${i},${j}`).toEqual(expected);
    }
}

describe('LineSplitter', () => {
  it('treats \\n\\r (Mud98), \\r\\n, \\n and \\r as one break each', () => {
    everySplit('one\n\rtwo\r\nthree\nfour\rfive', {
      lines: ['one', 'two', 'three', 'four'],
      partial: 'five',
    });
  });

  it('keeps blank lines', () => {
    everySplit('a\n\r\n\rb\r\n\r\nc\n\n', { lines: ['a', '', 'b', '', 'c', ''], partial: '' });
  });

  it('leaves a prompt as the partial line', () => {
    everySplit('\n\r<20hp 100m 100mv> ', { lines: [''], partial: '<20hp 100m 100mv> ' });
  });

  it('splits overlong lines with ERR_LINE_TOO_LONG (policy split)', () => {
    const r = split('abcdefghij\n', [3, 7], { maxLineLength: 4 });
    expect(r.lines).toEqual(['abcd', 'efgh', 'ij']);
    expect(r.errors).toEqual(['ERR_LINE_TOO_LONG', 'ERR_LINE_TOO_LONG']);
  });

  it('truncates overlong lines (policy truncate)', () => {
    const r = split('abcdefghij\nok\n', [5], { maxLineLength: 4, overflow: 'truncate' });
    expect(r.lines).toEqual(['abcd', 'ok']);
    expect(r.errors).toEqual(['ERR_LINE_TOO_LONG']);
  });

  it('never holds more than the bound (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 6 }), (text, cutsRaw) => {
        const cuts = [...new Set(cutsRaw.map((c) => Math.min(c, text.length)))].sort((x, y) => x - y);
        const r = split(text, cuts, { maxLineLength: 16 });
        for (const l of r.lines) expect(l.length).toBeLessThanOrEqual(16);
        expect(r.partial.length).toBeLessThanOrEqual(16);
        const whole = split(text, [], { maxLineLength: 1000 });
        if (whole.lines.every((l) => l.length <= 16) && whole.partial.length <= 16) {
          expect(r.lines).toEqual(whole.lines);
          expect(r.partial).toEqual(whole.partial);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('prompts', () => {
  it('recognises Mud98 prompts by text', () => {
    expect(matchPrompt('<20hp 100m 100mv> ', MUD98_PROMPTS)?.name).toBe('status');
    expect(matchPrompt('Password: ', MUD98_PROMPTS)?.name).toBe('password');
    expect(matchPrompt('Give me a password for Zed: ', MUD98_PROMPTS)?.name).toBe('password');
    expect(matchPrompt('Did I get that right, Zed (Y/N)? ', MUD98_PROMPTS)?.name).toBe('yes-no');
    expect(matchPrompt('Select a class [mage cleric thief warrior]: ', MUD98_PROMPTS)?.name).toBe('choice');
    expect(matchPrompt('You are hungry.', MUD98_PROMPTS)).toBeUndefined();
    // text that merely paused at a chunk boundary is not a prompt
    expect(matchPrompt('[ 1  Human War] ', MUD98_PROMPTS)).toBeUndefined();
    expect(matchPrompt('Players found: ', MUD98_PROMPTS)).toBeUndefined();
    expect(parseStatusPrompt('<13hp 90m 87mv> ')).toEqual({ hp: 13, mana: 90, moves: 87 });
  });
});
