import { describe, expect, it } from 'vitest';
import { parseEventLine, toEventPredicate } from '../../src/process/events.ts';

describe('parseEventLine', () => {
  it('parses a LOG_JSON line, also after a prefix, keeping extra fields', () => {
    const parsed = parseEventLine(
      '12:00:01 [LOG_JSON]{"t":5,"level":"warn","cat":"net","event":"lag","ms":80}',
      99,
    );
    expect(parsed).toEqual({
      kind: 'event',
      event: { t: 5, level: 'warn', cat: 'net', event: 'lag', ms: 80 },
    });
  });

  it('fills t, level and cat when missing', () => {
    expect(parseEventLine('[LOG_JSON]{"event":"x"}', 1234)).toEqual({
      kind: 'event',
      event: { t: 1234, level: 'info', cat: '', event: 'x' },
    });
  });

  it('classifies malformed payloads without throwing', () => {
    for (const bad of ['{', '[1]', 'null', '"s"', '{"event":3}', '{"name":"x"}', '']) {
      expect(parseEventLine(`[LOG_JSON]${bad}`, 0)).toEqual({ kind: 'malformed' });
    }
  });

  it('leaves other lines plain', () => {
    expect(parseEventLine('{"event":"x"}', 0)).toEqual({ kind: 'plain' });
  });

  it('matches by name or predicate', () => {
    const e = { t: 0, level: 'info', cat: 'c', event: 'hit', dmg: 3 };
    expect(toEventPredicate('hit')(e)).toBe(true);
    expect(toEventPredicate('miss')(e)).toBe(false);
    expect(toEventPredicate((x) => x.dmg === 3)(e)).toBe(true);
  });
});
