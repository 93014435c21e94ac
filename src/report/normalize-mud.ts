// Bounds what MUD bots attach under `meta.mud` (fixtures/mud-bot.ts: MudBotMeta per bot) bot by bot,
// so a bot's transcript or fights never push its figures out: a whole-object size cap would replace
// `mud` by an omission marker as soon as a few bots carry 8 KiB transcripts. Never throws.

import { boundedJson, clipLine, downsample, isRecord, type MetaDropCounts } from './normalize-meta.ts';

/** What is kept of each bot for the report (everything else is in the bot's transcript log file). */
export const MUD_META_LIMITS = {
  /** Bots kept per test. */
  bots: 64,
  /** Transcript entries kept per bot (the last ones). */
  transcriptEntries: 80,
  /** Fights kept per bot (the last ones), and lines per fight (the last ones). */
  fights: 6,
  fightLines: 40,
  /** Characters per transcript or fight line. */
  lineChars: 300,
  /** Points of a bot's command latency series. */
  latencyPoints: 600,
  /** Serialised size (chars) of a bot's other fields. */
  restChars: 6000,
} as const;

const clip = (s: unknown) => clipLine(String(s), MUD_META_LIMITS.lineChars);

function lastOf<T>(v: unknown, max: number, drops: MetaDropCounts): T[] {
  if (!Array.isArray(v)) return [];
  drops.truncated += Math.max(0, v.length - max);
  return v.slice(-max) as T[];
}

function transcript(v: unknown, drops: MetaDropCounts) {
  return lastOf<unknown>(v, MUD_META_LIMITS.transcriptEntries, drops)
    .filter(isRecord)
    .map((e) => ({
      t: typeof e.t === 'number' ? e.t : 0,
      dir: String(e.dir ?? 'in'),
      text: clip(e.text ?? ''),
    }));
}

function fights(v: unknown, drops: MetaDropCounts) {
  return lastOf<unknown>(v, MUD_META_LIMITS.fights, drops)
    .filter(isRecord)
    .map((f) => {
      const { lines, ...rest } = f;
      const copy = boundedJson(rest, 2000);
      return {
        ...(isRecord(copy) ? copy : {}),
        lines: lastOf<unknown>(lines, MUD_META_LIMITS.fightLines, drops).map(clip),
      };
    });
}

function latencySeries(v: unknown, drops: MetaDropCounts): [number, number][] {
  if (!Array.isArray(v)) return [];
  const pts = v.filter(
    (p): p is [number, number] =>
      Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]) && typeof p[1] === 'number',
  );
  const kept = downsample(pts, MUD_META_LIMITS.latencyPoints);
  drops.truncated += pts.length - kept.length;
  return kept;
}

function normalizeBot(bot: Record<string, unknown>, drops: MetaDropCounts): Record<string, unknown> {
  const { transcript: tr, fights: fs, latencySeries: ls, ...rest } = bot;
  const copy = boundedJson(rest, MUD_META_LIMITS.restChars);
  const out: Record<string, unknown> = isRecord(copy) ? copy : { omitted: copy };
  if (tr !== undefined) out.transcript = transcript(tr, drops);
  if (fs !== undefined) out.fights = fights(fs, drops);
  if (ls !== undefined) out.latencySeries = latencySeries(ls, drops);
  return out;
}

/** `meta.mud` with each bot bounded: bots as given (array or record keyed by name), at most 64. */
export function normalizeMud(value: Record<string, unknown>, drops: MetaDropCounts): Record<string, unknown> {
  const { bots, ...rest } = value;
  const copy = boundedJson(rest);
  const out: Record<string, unknown> = isRecord(copy) ? copy : { omitted: copy };
  if (Array.isArray(bots)) {
    drops.truncated += Math.max(0, bots.length - MUD_META_LIMITS.bots);
    out.bots = bots
      .slice(0, MUD_META_LIMITS.bots)
      .flatMap((b) => (isRecord(b) ? [normalizeBot(b, drops)] : []));
  } else if (isRecord(bots)) {
    const entries = Object.entries(bots);
    drops.truncated += Math.max(0, entries.length - MUD_META_LIMITS.bots);
    out.bots = Object.fromEntries(
      entries
        .slice(0, MUD_META_LIMITS.bots)
        .flatMap(([k, b]) => (isRecord(b) ? [[k, normalizeBot(b, drops)]] : [])),
    );
  } else if (bots !== undefined) drops.invalid++;
  return out;
}
