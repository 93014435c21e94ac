// MUD bots and the MUD server: bots, kills, deaths, flees, command latency (key figures, a latency plot
// per bot, kills/deaths as bars); deaths, flees and bot faults as anomalies; for a failing test the
// fight that went wrong (its lines and the monster's last printed condition) and each bot's transcript
// tail (passwords were masked by the bot), most telling bot first.

import { CONDITIONS } from '../../mud/bot/patterns.ts';
import { isRecord } from '../normalize-meta.ts';
import type { MetaEvent, NetwrightTestMeta } from '../test-meta.ts';
import { histogramOf, maxOf, num, records, sumOf } from './figures.ts';
import { defineSection, type EvidenceBlock, type SectionBar, type SectionSeries } from './section.ts';

/** Most bots drawn as bars per test. */
const MAX_BAR_BOTS = 24;
/** Most bots with a latency series per test, and bots given evidence blocks per failing test. */
const MAX_SERIES_BOTS = 8;
const MAX_EVIDENCE_BOTS = 3;
/** Transcript lines per bot in a failure's evidence (the rest is in the bot's transcript log). */
const EVIDENCE_TRANSCRIPT_LINES = 40;

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
      'mud.flees': sumOf(bots.map((b) => num(b.flees))),
      'mud.latency.p50Ms': maxOf(bots.map((b) => num(botLatency(b).p50))),
      'mud.latency.p99Ms': maxOf(bots.map((b) => num(botLatency(b).p99))),
    };
  },
  series({ meta, t0 }) {
    const out: SectionSeries[] = [];
    for (const { name, bot } of mudBots(meta)) {
      if (out.length >= MAX_SERIES_BOTS) break;
      const pts = latencyPoints(bot.latencySeries);
      if (!pts.length) continue;
      const origin = t0 ?? pts[0][0];
      out.push({
        name: `${name} command latency`,
        unit: 'ms',
        source: name,
        points: pts.map(([t, v]) => [t - origin, v]),
      });
    }
    return out;
  },
  anomalies({ meta }) {
    const out: MetaEvent[] = [];
    for (const { name, bot } of mudBots(meta)) {
      for (const f of records(bot.fights)) {
        const event = f.outcome === 'died' ? 'death' : f.outcome === 'fled' ? 'flee' : undefined;
        const t = num(f.t);
        if (event && t !== undefined)
          out.push({ t, source: `bot ${name}`, event, message: fightHeadline(f), level: 'warn' });
      }
      const fault = isRecord(bot.fault) ? bot.fault : undefined;
      const ft = num(fault?.t);
      if (fault && ft !== undefined)
        out.push({
          t: ft,
          source: `bot ${name}`,
          event: 'fault',
          message: `${String(fault.code ?? '')} ${String(fault.message ?? '')} (while ${String(fault.doing ?? '?')})`,
          level: 'error',
        });
    }
    return out;
  },
  evidence({ meta, t0 }) {
    const blocks: EvidenceBlock[] = [];
    const ranked = mudBots(meta)
      .map((b) => ({ ...b, score: telling(b.bot) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_EVIDENCE_BOTS);
    const logOf = (name: string) =>
      (meta.logs ?? []).find((l) => l.source === `bot ${name} transcript`)?.path;
    const combatCode = combatSource(meta);
    for (const { name, bot } of ranked) {
      const fights = records(bot.fights);
      const fight = tellingFight(fights);
      if (fight) {
        blocks.push({
          section: 'mud',
          title: `bot ${name}: ${fightHeadline(fight)}${noDamage(fights)}${combatCode ? `; combat code: ${combatCode}` : ''}`,
          lines: (Array.isArray(fight.lines) ? fight.lines : []).map(String),
          rank: 'lead',
        });
      }
      const entries = records(bot.transcript).slice(-EVIDENCE_TRANSCRIPT_LINES);
      if (!entries.length) continue;
      const origin = t0 ?? num(entries[0].t) ?? 0;
      const mark: Record<string, string> = { in: '<', out: '>', note: '#' };
      const file = logOf(name);
      blocks.push({
        section: 'mud',
        title: `bot ${name} transcript, last ${entries.length} lines (passwords masked)${file ? `; all of it: ${file}` : ''}`,
        lines: entries.map(
          (e) =>
            `${((num(e.t) ?? origin) - origin) / 1000}s ${mark[String(e.dir)] ?? '<'} ${String(e.text ?? '')}`,
        ),
        rank: 'detail',
      });
    }
    return blocks;
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

/** [unix ms, ms] pairs of a bot's latencySeries. */
function latencyPoints(v: unknown): [number, number][] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (p): p is [number, number] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number',
  );
}

/** How much a bot's record tells about a failure: a fault, then deaths, flees, fights. */
function telling(bot: Record<string, unknown>): number {
  return (
    (isRecord(bot.fault) ? 1000 : 0) +
    100 * (num(bot.deaths) ?? 0) +
    10 * (num(bot.flees) ?? 0) +
    (records(bot.fights).length ? 1 : 0)
  );
}

/** The fight to show: the last one the bot lost (died, fled, ended without a kill), else the last. */
function tellingFight(fights: Record<string, unknown>[]): Record<string, unknown> | undefined {
  return [...fights].reverse().find((f) => f.outcome !== 'won') ?? fights[fights.length - 1];
}

/** Where the MUD server says its combat code is (`meta.mud.server.sources.combat`). */
function combatSource(meta: NetwrightTestMeta): string | undefined {
  const server = isRecord(meta.mud) && isRecord(meta.mud.server) ? meta.mud.server : {};
  const combat = isRecord(server.sources) ? server.sources.combat : undefined;
  return typeof combat === 'string' && combat ? combat : undefined;
}

/** Health percent a condition phrase stands for ("is in excellent condition" -> 100). */
function conditionPercent(condition: unknown): number | undefined {
  if (typeof condition !== 'string') return undefined;
  return CONDITIONS.find(([phrase]) => condition.includes(phrase))?.[1];
}

/**
 * Blows that do no damage: hits landed, no fight won, and every monster's last printed condition was
 * full health. Empty when any fight says otherwise.
 */
function noDamage(fights: Record<string, unknown>[]): string {
  const hits = sumOf(fights.map((f) => num(f.hitsGiven))) ?? 0;
  const conditions = fights.map((f) => conditionPercent(f.condition)).filter((p) => p !== undefined);
  if (hits === 0 || !conditions.length || fights.some((f) => f.outcome === 'won')) return '';
  if (conditions.some((p) => p < 100)) return '';
  return ` — ${hits} hits over ${fights.length} fight(s) did no damage: the monster never lost hp (always "is in excellent condition")`;
}

/** `fight with the wimpy monster: died after 7 rounds, 3 hits given / 9 taken; monster "is in awful condition."` */
function fightHeadline(f: Record<string, unknown>): string {
  const parts = [
    `fight with ${String(f.target ?? '?')}: ${String(f.outcome ?? '?')}`,
    num(f.rounds) !== undefined ? ` after ${f.rounds} rounds` : '',
    num(f.hitsGiven) !== undefined ? `, ${f.hitsGiven} hits given / ${num(f.hitsTaken) ?? '?'} taken` : '',
    `; monster's last condition: ${typeof f.condition === 'string' ? JSON.stringify(f.condition) : 'never printed'}`,
  ];
  return parts.join('');
}
