// 200 playing bots against the fixture MUD (ROM timing scaled down tenfold: 25 ms pulses), two
// commands a second each at most: every bot logs in, plays, and logins and commands are answered
// within bounds. Made cheap and steady for a loaded 2-core CI machine:
// - the 200 characters exist before the run, as PLR_BOT players (seeded): a login is name, password,
//   MOTD, not ROM's creation dialogue, and the game arrives as BOT lines (cheaper to read);
// - 25 ms pulses, not 5: at 5 ms the server's combat and mobile output to 200 players kept this
//   process's event loop 2 s behind on a loaded machine, so the spec measured its own backlog;
// - the bounds are the game's own time in pulses plus what the machine's load did to this process's
//   event loop over the same run (monitorEventLoopDelay): a quiet machine gets tight bounds, a
//   loaded one wider ones.
// A server that answers late is caught by the login bound: a login is a strict question and answer.
// Command latency, before a prompt that only other players' doings brought stopped answering a
// command (ambient lines, #15), barely moved in a room shared by 200 players (every server write
// delayed 500 ms: command p50/p99 stayed 44 / 534 ms while login p99 went from 0.65 s to 2.2 s and
// failed its bound); not measured again here since (test/mud/bot/crowded-room.test.ts shows the fix).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, test } from 'netwright';

const PULSE_MS = 25;
const FAST = { pulseMs: PULSE_MS, violencePulses: 2, mobilePulses: 4, tickPulses: 20 };
const BOTS = 200;
/** The game's own share of the p50 and p99 latency (pulse quantisation, wait states), in pulses. */
const P50_PULSES = 8;
const P99_PULSES = 40;
/** The game's own share of a login's p99 (four answers, a MOTD, 32 logins at once), in pulses. */
const LOGIN_P99_PULSES = 60;
const PASSWORD = 'stress123';
// Letters-only names (ROM refuses digits): Stressaa, Stressab...
const players = Array.from({ length: BOTS }, (_, i) => ({
  name: `Stress${String.fromCharCode(97 + Math.floor(i / 26), 97 + (i % 26))}`,
  password: PASSWORD,
  bot: true,
}));

describe('a 200-bot swarm', () => {
  // One shared MUD School (not one per player): the server's work stays a MUD's, not 200 worlds'.
  test.override({ mudServerOptions: { options: { ...FAST, instances: false, players } } });

  test('every bot logs in and plays; logins and commands are answered within pulse-and-load bounds', async ({
    mudSwarm,
  }) => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const swarm = await mudSwarm(BOTS, {
      credentials: players,
      staggerMs: 5,
      maxPendingGreetings: 32,
      durationMs: 60_000,
      tuning: { respawnCheckMs: 3000, pollMs: 100 },
      queue: { maxPerSecond: 2 },
    });
    // Bounded: every bot in (2-8 s on this 2-core machine at load 4-5; 40 s allowed), then 3 s of
    // all 200 playing.
    await expect.poll(() => swarm.snapshot().bots.logins, { timeout: 40_000, interval: 100 }).toBe(BOTS);
    await new Promise((r) => setTimeout(r, 3000));
    const r = await swarm.stop().finally(() => loop.disable());
    expect(r.fault, JSON.stringify(r.fault)).toBeUndefined();
    expect(r.snapshot.bots).toMatchObject({ logins: BOTS, failed: 0, closed: BOTS });
    // Every bot played: at least a few answered commands each over the run.
    expect(r.snapshot.responses).toBeGreaterThan(BOTS * 4);
    expect(r.snapshot.kills + Object.keys(r.snapshot.behaviors).length).toBeGreaterThan(0);
    const loopMs = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6 };
    const bound = { p50: P50_PULSES * PULSE_MS + loopMs.p50, p99: P99_PULSES * PULSE_MS + loopMs.p99 };
    const lat = r.snapshot.latencyMs;
    const why = `latency p50 ${lat.p50} / p99 ${lat.p99} ms; bounds ${Math.round(bound.p50)} / ${Math.round(bound.p99)} ms = ${P50_PULSES} / ${P99_PULSES} pulses of ${PULSE_MS} ms + event-loop delay p50 ${Math.round(loopMs.p50)} / p99 ${Math.round(loopMs.p99)} ms`;
    expect(lat.p50, why).toBeLessThan(bound.p50);
    expect(lat.p99, why).toBeLessThan(bound.p99);
    const login = r.snapshot.loginMs;
    const loginBound = LOGIN_P99_PULSES * PULSE_MS + 2 * loopMs.p99;
    expect(
      login.p99,
      `login p99 ${login.p99} ms; bound ${Math.round(loginBound)} ms = ${LOGIN_P99_PULSES} pulses + 2 x event-loop delay p99`,
    ).toBeLessThan(loginBound);
    expect(swarm).toHavePercentileBelow(99, bound.p99);
  });
});
