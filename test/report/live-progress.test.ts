// Live progress of a long test (#13): the progress line shows the running test's elapsed time
// against its timeout and the figures its fixtures name (here the network profile in force), from
// <outputDir>/live/<test id>.json, which its worker writes once a second and removes at the end.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLive, LiveWriter, linksLiveFigure, livePath, readLiveStatus } from '../../src/report/live.ts';
import { formatProgress } from '../../src/report/progress.ts';
import { runVitest, tempDir } from '../reporters/run-vitest.ts';

describe('live status file', () => {
  it('writes the figures atomically, skips silent or throwing readers, and goes away on close', () => {
    const dir = tempDir('live');
    const file = livePath(dir, 'abc_1-2');
    let t = 1_000_000;
    const w = new LiveWriter(file, 120_000, { now: () => t, everyMs: 60_000 });
    const off = w.figure('net', () => 'lte');
    w.figure('bots', () => 200);
    w.figure('p99', () => undefined);
    w.figure('bad', () => {
      throw new Error('no');
    });
    t += 42_000;
    w.write();
    const s = readLiveStatus(file, t);
    expect(s).toEqual({
      startedAt: 1_000_000,
      timeoutMs: 120_000,
      figures: { net: 'lte', bots: '200' },
      writtenAt: t,
    });
    expect(formatLive(s!, t)).toBe('0:42/2:00 · net lte · bots 200');
    // Stale (its writer gone for 10 s) or unreadable: nothing.
    expect(readLiveStatus(file, t + 11_000)).toBeUndefined();
    expect(readLiveStatus(path.join(dir, 'missing.json'))).toBeUndefined();
    off();
    w.write();
    expect(readLiveStatus(file, t)?.figures).toEqual({ bots: '200' });
    w.close();
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  it('the progress line keeps the live figures and shortens the test name first', () => {
    const p = {
      done: 3,
      total: 22,
      failed: 0,
      elapsedMs: 83_000,
      current: 'netcode > soak > a very long test name indeed',
      live: '0:42/2:00 · net lte',
    };
    expect(formatProgress(p, 200)).toBe(
      'netwright ▸ 3/22 tests · 0 failed · 01:23 · netcode > soak > a very long test name indeed · 0:42/2:00 · net lte',
    );
    const narrow = formatProgress(p, 80);
    expect(narrow).toHaveLength(80);
    expect(narrow.endsWith(' · 0:42/2:00 · net lte')).toBe(true);
    expect(formatProgress(p, 40)).toHaveLength(40);
  });
});

describe('the links figure', () => {
  const dir = (packetsIn: number, droppedTotal: number, p99: number, retransmitted = 0) => ({
    packetsIn,
    droppedTotal,
    retransmitted,
    latencyMs: { count: packetsIn - droppedTotal, p99 },
  });

  it('sums loss over links and directions and takes the worst link round trip (up p99 + down p99)', () => {
    const stats = {
      links: [
        { upstream: dir(500, 10, 40.2), downstream: dir(500, 11, 41.5) },
        { upstream: dir(500, 0, 10), downstream: dir(500, 0, 12) },
      ],
    };
    expect(linksLiveFigure(stats)).toBe('loss 1.1% · rtt p99 82 ms');
  });

  it('names TCP retransmission stalls, which hide a TCP link loss', () => {
    const stats = { links: [{ upstream: dir(200, 0, 3.25, 7), downstream: dir(200, 0, 2.5) }] };
    expect(linksLiveFigure(stats)).toBe('loss 0.0% · retx 7 · rtt p99 5.8 ms');
  });

  it('says nothing before the first packet, and fits the 40-character figure', () => {
    expect(linksLiveFigure({ links: [] })).toBeUndefined();
    expect(
      linksLiveFigure({ links: [{ upstream: dir(0, 0, 0), downstream: dir(0, 0, 0) }] }),
    ).toBeUndefined();
    const big = { links: [{ upstream: dir(1e9, 5e8, 99_999, 123_456), downstream: dir(1e9, 5e8, 99_999) }] };
    expect(linksLiveFigure(big)!.length).toBeLessThanOrEqual(40);
  });
});

describe('a long test in a real run', () => {
  it('shows elapsed/timeout, the network profile and the links figure on the progress lines, and leaves no live file', async () => {
    const out = tempDir('live-run');
    const r = await runVitest('live-progress', [], { NW_OUT: out });
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('a long test on an lte link'));
    expect(lines.length, r.stderr).toBeGreaterThan(0);
    expect(
      lines.some((l) => /· 0:0\d\/1:30 · net lte/.test(l)),
      lines.join('\n'),
    ).toBe(true);
    // The network fixture's second figure: loss and round trip of its links, once traffic flowed.
    expect(
      lines.some((l) => /· links loss \d+\.\d% · rtt p99 \d+ ms/.test(l)),
      lines.join('\n'),
    ).toBe(true);
    const live = path.join(out, 'live');
    expect(existsSync(live) ? readdirSync(live) : []).toEqual([]);
  }, 90_000);
});
