// The MUD section: what bots attach (fixtures/mud-bot.ts, src/mud/bot MudBotStats) becomes key figures,
// plots, anomalies and failure evidence.
import { describe, expect, it } from 'vitest';
import type { FightRecord } from '../../../src/mud/bot/fight-tracker.ts';
import type { MudBotMeta } from '../../../src/mud/bot/index.ts';
import { buildReport } from '../../../src/report/build-report.ts';
import { keyFigures } from '../../../src/report/key-figures.ts';
import { normalizeMeta } from '../../../src/report/normalize-meta.ts';
import { renderHtml } from '../../../src/report/render-html.ts';
import { renderSummary } from '../../../src/report/render-summary.ts';
import { schemaErrors } from '../../reporters/run-vitest.ts';
import { collectedRun, collectedTest } from '../synthetic.ts';

/** What fixtures/mud-bot.ts attaches today: `mud.bots` = MudBotStats[] (src/mud/bot/mud-bot.ts). */
function botStats(label: string, p99: number) {
  return {
    label,
    commands: 12,
    commandLatencyMs: {
      count: 12,
      min: 20,
      max: p99 + 3,
      mean: 40,
      p50: 38,
      p90: 50,
      p95: 60,
      p99,
      p999: p99,
    },
    kills: 1,
    deaths: 0,
    flees: 0,
    bytesIn: 5000,
    bytesOut: 300,
    loginMs: 250,
  };
}

describe('MUD key figures', () => {
  it('takes command latency from the bot stats fixtures attach (commandLatencyMs)', () => {
    const meta = normalizeMeta({
      seed: 1,
      mud: { bots: [botStats('Alder', 71), botStats('Birch', 93)] },
    }).meta;
    expect(keyFigures(meta)).toMatchObject({
      'mud.bots': 2,
      'mud.kills': 2,
      'mud.deaths': 0,
      'mud.latency.p99Ms': 93,
    });
  });
});

const T0 = 1_700_000_000_000;

/** A bot's entry as MudBot.toMeta() makes it (src/mud/bot/mud-bot.ts MudBotMeta), with a long transcript. */
function botMeta(name: string, opts: { died?: boolean; entries?: number } = {}): MudBotMeta {
  const entries = opts.entries ?? 400;
  const transcript: MudBotMeta['transcript'] = [];
  for (let i = 0; i < entries; i++)
    transcript.push({
      t: T0 + 100 * i,
      dir: i % 2 ? 'in' : 'out',
      text: i % 2 ? `You see room ${i}.` : 'north',
    });
  transcript.push({ t: T0 + 100 * entries, dir: 'out', text: '********' });
  const fight = (outcome: FightRecord['outcome'], t: number): FightRecord => ({
    target: 'wimpy monster',
    outcome,
    rounds: 7,
    durationMs: 9000,
    xp: undefined,
    condition: 'is in excellent condition.',
    hitsGiven: 5,
    hitsTaken: 9,
    lines: [
      'Your hit scratches the wimpy monster.',
      "The wimpy monster's hit wounds you.",
      'You have been KILLED!!',
    ],
    startedAt: t - 9000,
    t,
  });
  const lat = { count: 200, min: 3, max: 90, mean: 12, p50: 10, p90: 30, p95: 40, p99: 80, p999: 90 };
  return {
    name,
    commands: 200,
    latencyMs: lat,
    kills: 0,
    deaths: opts.died ? 1 : 0,
    flees: 0,
    xp: 0,
    levels: 0,
    reconnects: 0,
    disconnects: 0,
    lagRefusals: 0,
    quitUnconfirmed: 0,
    loginMs: 300,
    bytesIn: 90_000,
    bytesOut: 2000,
    rooms: 5,
    errors: {},
    behaviors: { explore: 20_000 },
    fights: [fight('won', T0 + 5000), ...(opts.died ? [fight('died', T0 + 20_000)] : [])],
    transcript,
    latencySeries: Array.from({ length: 200 }, (_, i): [number, number] => [T0 + 100 * i, 10 + (i % 7)]),
  };
}

describe('MUD evidence', () => {
  it('keeps every bot figure when bots attach 8 KiB transcripts (the whole mud object was once dropped over 20,000 chars)', () => {
    const meta = normalizeMeta({ seed: 1, t0: T0, mud: { bots: [botMeta('Alder'), botMeta('Birch')] } }).meta;
    expect(keyFigures(meta)).toMatchObject({ 'mud.bots': 2, 'mud.flees': 0, 'mud.latency.p99Ms': 80 });
  });

  it('a failing MUD test: death as an anomaly, the lost fight with the monster condition, the transcript tail, a latency plot', async () => {
    const run = collectedRun([
      collectedTest({
        name: 'hero kills the monster',
        state: 'failed',
        errors: [{ name: 'AssertionError', message: 'expected 0 to be greater than or equal to 1' }],
        rawMeta: {
          netwright: {
            seed: 2,
            t0: T0,
            mud: { bots: [botMeta('Calm'), botMeta('Hero', { died: true })] },
            logs: [{ source: 'bot Hero transcript', path: '/logs/bot-Hero-transcript.log' }],
          },
        },
      }),
    ]);
    const r = await buildReport(run, { outputDir: '/out' });
    expect(schemaErrors(r)).toEqual([]);
    const f = r.failures[0];
    expect(r.tests[0].metrics).toMatchObject({ 'mud.deaths': 1, 'mud.latency.p50Ms': 10, anomalies: 1 });
    expect(f.evidence.anomalies).toEqual([
      expect.objectContaining({ tMs: 20_000, source: 'bot Hero', event: 'death' }),
    ]);
    const [lead, ...rest] = f.evidence.blocks;
    // The bot that died comes first, with the fight it lost (not the one it won).
    expect(lead.title).toBe(
      `bot Hero: fight with wimpy monster: died after 7 rounds, 5 hits given / 9 taken; monster's last condition: "is in excellent condition."`,
    );
    expect(lead.lines).toContain('You have been KILLED!!');
    const tr = rest.find((b) => b.title.startsWith('bot Hero transcript'));
    expect(tr?.title).toContain('all of it: /logs/bot-Hero-transcript.log');
    expect(tr?.lines).toHaveLength(40);
    expect(tr?.lines.at(-1)).toBe('40s > ********');
    const plot = r.plots.find((p) => p.title === 'hero kills the monster');
    expect(plot?.series.map((s) => s.name)).toEqual(['Calm command latency', 'Hero command latency']);
    expect(plot?.series[0].points[1]).toEqual([100, 11]);
    expect(plot?.markers).toEqual([{ tMs: 20_000, label: 'bot Hero: death' }]);
    expect(renderSummary(r)).toContain('**bot Hero: fight with wimpy monster: died');
  });
});

describe('anomaly marker cap', () => {
  it('says in plots and report.html how many anomalies the 40 markers left out', async () => {
    const events = Array.from({ length: 55 }, (_, i) => ({
      t: T0 + 100 * i,
      source: 'client-1',
      event: 'underrun',
    }));
    const r = await buildReport(
      collectedRun([
        collectedTest({
          name: 'many',
          rawMeta: {
            netwright: {
              t0: T0,
              events,
              timeseries: [
                {
                  name: 'fps',
                  unit: 'Hz',
                  points: [
                    [0, 60],
                    [5000, 59],
                  ],
                },
              ],
            },
          },
        }),
      ]),
      { outputDir: '/out' },
    );
    expect(r.plots[0].markers).toHaveLength(40);
    expect(r.plots[0].markersOmitted).toBe(15);
    expect(renderHtml(r)).toContain(
      'anomaly markers (40, hover for each): client-1: underrun; <b class="nw-capped">15 more not drawn (marker cap reached)</b>',
    );
  });
});
