// Per-bot figures and the transcript: bounded, masked, serialisable.
import { describe, expect, it } from 'vitest';
import { BotMetrics } from '../../../src/mud/bot/bot-metrics.ts';
import { formatTranscript, MASK, SecretMasker, Transcript } from '../../../src/mud/bot/transcript.ts';

describe('BotMetrics', () => {
  it('keeps the last N [time, latency] points oldest first, and a histogram of all', () => {
    const m = new BotMetrics({ seriesPoints: 3 });
    for (let i = 1; i <= 5; i++) m.answered(i * 10, 1000 + i);
    expect(m.latencySeries()).toEqual([
      [1003, 30],
      [1004, 40],
      [1005, 50],
    ]);
    expect(m.latency.count).toBe(5);
    expect(new BotMetrics({ seriesPoints: 0 }).latencySeries()).toEqual([]);
    const snap = m.snapshot({ bytesIn: 1, bytesOut: 2, rooms: 3 });
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
  });
});

describe('Transcript', () => {
  it('is bounded in bytes, masks secrets, and formats as text', () => {
    const t = new Transcript({ maxBytes: 400, wallNow: () => 0, masker: new SecretMasker(['hunter22']) });
    t.add('out', 'hunter22');
    t.add('in', 'Your password hunter22 is weak');
    for (let i = 0; i < 50; i++) t.add('in', `line ${i}`);
    const list = t.list();
    expect(list.reduce((n, e) => n + Buffer.byteLength(e.text) + 16, 0)).toBeLessThanOrEqual(400);
    expect(list.at(-1)?.text).toBe('line 49');
    expect(t.dropped).toBeGreaterThan(0);
    const early = new Transcript({ maxBytes: 400, wallNow: () => 0, masker: new SecretMasker(['hunter22']) });
    early.add('out', 'hunter22');
    early.add('in', 'Your password hunter22 is weak');
    expect(early.list().map((e) => e.text)).toEqual([MASK, `Your password ${MASK} is weak`]);
    expect(formatTranscript(early.list())).toBe(
      `1970-01-01T00:00:00.000Z > ${MASK}\n1970-01-01T00:00:00.000Z < Your password ${MASK} is weak\n`,
    );
  });
});
