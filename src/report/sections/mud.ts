// MUD bots and the MUD server: bots, kills, deaths, command latency; kills/deaths as bars per bot.

import { isRecord } from '../normalize-meta.ts';
import type { NetwrightTestMeta } from '../test-meta.ts';
import { histogramOf, maxOf, num, sumOf } from './figures.ts';
import { defineSection, type SectionBar } from './section.ts';

/** Most bots drawn as bars per test. */
const MAX_BAR_BOTS = 24;

/** The bots of a test: `meta.mud.bots` as an array or a record keyed by name. */
export function mudBots(meta: NetwrightTestMeta): { name: string; bot: Record<string, unknown> }[] {
  const mud = isRecord(meta.mud) ? meta.mud : {};
  const raw = mud.bots;
  const entries: [string, unknown][] = isRecord(raw)
    ? Object.entries(raw)
    : (Array.isArray(raw) ? raw : []).map((bot): [string, unknown] => ['', bot]);
  const out: { name: string; bot: Record<string, unknown> }[] = [];
  entries.forEach(([key, bot], i) => {
    if (!isRecord(bot)) return;
    out.push({ name: key || String(bot.name ?? bot.label ?? `bot-${i + 1}`), bot });
  });
  return out;
}

/** A bot's command latency summary, whatever the bot version called it. */
export function botLatency(bot: Record<string, unknown>) {
  return histogramOf(bot, 'latencyMs', 'commandLatencyMs', 'commandLatency');
}

export const mudSection = defineSection({
  id: 'mud',
  title: 'MUD',
  keyFigures({ meta }) {
    const bots = mudBots(meta).map((b) => b.bot);
    if (!bots.length) return undefined;
    return {
      'mud.bots': bots.length,
      'mud.kills': sumOf(bots.map((b) => num(b.kills))),
      'mud.deaths': sumOf(bots.map((b) => num(b.deaths))),
      'mud.latency.p99Ms': maxOf(bots.map((b) => num(botLatency(b).p99))),
    };
  },
  bars({ meta }) {
    const bars: SectionBar[] = [];
    for (const { name, bot } of mudBots(meta).slice(0, MAX_BAR_BOTS)) {
      for (const k of ['kills', 'deaths']) {
        const v = num(bot[k]);
        if (v !== undefined) bars.push({ entity: name, name: k, value: v });
      }
    }
    return bars;
  },
});
