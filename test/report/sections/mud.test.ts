// The MUD section: what bots attach (fixtures/mud-bot.ts, src/mud/bot MudBotStats) becomes key figures,
// plots, anomalies and failure evidence.
import { describe, expect, it } from 'vitest';
import { keyFigures } from '../../../src/report/key-figures.ts';
import { normalizeMeta } from '../../../src/report/normalize-meta.ts';

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
