// `netwright mud` with one bot: it logs in (creating the character when new), plays for the duration,
// prints a progress line every interval (its transcript as it goes with --log-level debug), and ends
// with a summary. A fault (server closed, silent, login refused) exits 1 with its code, what the bot
// was doing and the tail of its transcript; passwords are masked everywhere.
import { MudBot } from '../mud/bot/mud-bot.ts';
import type { LoadedMudConfig } from '../mud/config/load.ts';
import { toBotConnectArgs } from '../mud/config/to-bot-options.ts';
import type { MudCliIo, MudRunOutcome } from './mud-output.ts';

const ms = (v: number) => Math.round(v * 10) / 10;

/** One progress line: `[12 s] Bot lvl 2 hp 18/20 #3712 explore | 120 cmds p50 3 ms p99 8 ms | kills 2 deaths 0 xp 340`. */
export function botProgressLine(bot: MudBot, elapsedS: number): string {
  const s = bot.world.stats;
  const m = bot.snapshot();
  const room = bot.world.current;
  const where = room ? (room.vnum !== undefined ? `#${room.vnum}` : room.title) : '?';
  const hp = s.hp !== undefined ? ` hp ${s.hp}/${s.maxHp ?? '?'}` : '';
  return (
    `[${Math.round(elapsedS)} s] ${bot.label} lvl ${s.level ?? '?'}${hp} ${where} ${bot.doing.split(/,| in /)[0]} | ` +
    `${m.commands} cmds p50 ${ms(m.latencyMs.p50)} ms p99 ${ms(m.latencyMs.p99)} ms | kills ${m.kills} deaths ${m.deaths} xp ${m.xp}`
  );
}

/** Play one bot; resolves with its outcome (never throws for a MUD fault). */
export async function runOneBot(
  loaded: LoadedMudConfig,
  seed: number,
  io: MudCliIo,
  signal: AbortSignal,
): Promise<MudRunOutcome> {
  const { config } = loaded;
  const login = loaded.logins(0);
  const { connect, bot: botOpts } = toBotConnectArgs(config, login, seed);
  const started = Date.now();
  const durationMs = config.swarm.durationS * 1000;
  const level = config.logging.level;
  let bot: MudBot | undefined;
  let printed = 0;
  const tick = () => {
    if (!bot) return;
    const elapsedS = (Date.now() - started) / 1000;
    if (level === 'debug') {
      const kept = bot.transcript.list();
      const total = bot.transcript.dropped + kept.length;
      for (const e of kept.slice(Math.max(0, kept.length - (total - printed))))
        io.err(`  ${e.dir === 'out' ? '> ' : e.dir === 'note' ? '# ' : ''}${e.text}\n`);
      printed = total;
    }
    if (level !== 'quiet') io.err(`${botProgressLine(bot, elapsedS)}\n`);
    io.json({
      type: 'progress',
      elapsedS: Math.round(elapsedS * 10) / 10,
      bot: bot.label,
      ...bot.snapshot(),
    });
  };
  const timer = setInterval(tick, config.logging.progressIntervalS * 1000);
  try {
    bot = await MudBot.connect({ ...connect, signal }, botOpts);
    if (level !== 'quiet')
      io.err(`netwright mud: ${bot.label} is in the game (login ${Math.round(bot.snapshot().loginMs)} ms)\n`);
    const result = await bot.play({ for: durationMs, signal });
    return {
      reason: result.reason === 'aborted' ? 'stopped' : 'time',
      durationMs: Date.now() - started,
      summary: { bots: 1, ...bot.snapshot() },
      fault: undefined,
    };
  } catch (err) {
    const e = err as { code?: string; message?: string; details?: Record<string, unknown> };
    if (signal.aborted && !bot)
      return { reason: 'stopped', durationMs: Date.now() - started, summary: { bots: 0 }, fault: undefined };
    return {
      reason: 'fault',
      durationMs: Date.now() - started,
      summary: { bots: 1, ...(bot?.snapshot() ?? {}) },
      fault: {
        code: e.code ?? 'ERR_UNEXPECTED',
        message: String(e.message ?? err),
        doing: bot ? bot.doing : String(e.details?.doing ?? 'logging in'),
        tail: bot ? bot.tail(20) : Array.isArray(e.details?.tail) ? (e.details.tail as string[]) : [],
      },
    };
  } finally {
    clearInterval(timer);
    await bot?.close();
  }
}
