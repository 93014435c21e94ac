import { describe, expect, it } from 'vitest';
import { FaultFinder } from '../../../src/mud/swarm/index.ts';
import { ManualClock } from '../../../src/util/clock.ts';

const ev = (bot: string, code: string, behavior = 'combat') => ({
  bot,
  code,
  doing: `${behavior}, waiting 3 ms for the prompt after "kill monster"`,
  behavior,
  lines: ['You hit the monster.', '<20hp 100m 100mv> '],
});

describe('FaultFinder', () => {
  it('every playing bot closed within the window: server-died, with when, doing and last lines', () => {
    const clock = new ManualClock(1000);
    const f = new FaultFinder(clock, 0, { windowMs: 1000 });
    expect(f.ended(ev('Swarma', 'ERR_MUD_CLOSED'), 2)).toBeUndefined();
    clock.advance(5);
    expect(f.ended(ev('Swarmb', 'ERR_MUD_CLOSED', 'explore'), 1)).toBeUndefined();
    clock.advance(5);
    const fault = f.ended(ev('Swarmc', 'ERR_MUD_CLOSED'), 0);
    expect(fault).toMatchObject({
      kind: 'server-died',
      atMs: 1000,
      noticedAfterMs: 10,
      bots: 3,
      doing: { combat: 2, explore: 1 },
    });
    expect(fault?.lastLines[0]).toMatchObject({
      bot: 'Swarma',
      lines: ['You hit the monster.', '<20hp 100m 100mv> '],
    });
    expect(f.fault).toBe(fault);
  });

  it('closes spread over more than the window are not one death', () => {
    const clock = new ManualClock();
    const f = new FaultFinder(clock, 0, { windowMs: 1000 });
    f.ended(ev('A', 'ERR_MUD_CLOSED'), 1);
    clock.advance(1500);
    // The last bot closes alone, long after the first: still a death (no bot plays on), of one bot.
    expect(f.ended(ev('B', 'ERR_MUD_CLOSED'), 0)?.bots).toBe(1);
  });

  it('one bot closed while others play on is no fault', () => {
    const f = new FaultFinder(new ManualClock(), 0);
    expect(f.ended(ev('A', 'ERR_MUD_CLOSED'), 10)).toBeUndefined();
    expect(f.fault).toBeUndefined();
  });

  it('most bots silent within the window: "every bot stalled at the same moment"', () => {
    const clock = new ManualClock();
    const f = new FaultFinder(clock, 0);
    expect(f.ended(ev('A', 'ERR_MUD_SILENT'), 3)).toBeUndefined();
    expect(f.ended(ev('B', 'ERR_MUD_SILENT'), 2)).toBeUndefined();
    // 3 of 5 silent: a sleeping bot with no command in flight never notices, so most is enough.
    const fault = f.ended(ev('C', 'ERR_MUD_SILENT', 'heal'), 2);
    expect(fault?.kind).toBe('server-silent');
    expect(fault?.message).toBe('every bot stalled at the same moment: the server stopped answering');
  });

  it('reconnects never greeted by most playing bots: server-silent, dated at the earliest silence', () => {
    const clock = new ManualClock(5000);
    const f = new FaultFinder(clock, 0);
    // 4 bots play; A and B noticed the silence at 900 and 950 ms, were not greeted 2 s later.
    expect(f.stalled(ev('A', 'ERR_MUD_SILENT'), 950, 4)).toBeUndefined();
    // A bot back in the game no longer counts: C stalls, then is greeted and logs in.
    expect(f.stalled(ev('C', 'ERR_MUD_SILENT', 'heal'), 1000, 4)).toBeUndefined();
    f.recovered('C');
    // 2 of 4 is not most.
    expect(f.stalled(ev('B', 'ERR_MUD_SILENT', 'explore'), 900, 4)).toBeUndefined();
    // D closed (not silent) and is reconnecting into a server that accepts but does not greet: 3 of 4.
    const fault = f.stalled(ev('D', 'ERR_MUD_CLOSED'), 1200, 4);
    expect(fault).toMatchObject({
      kind: 'server-silent',
      message: 'every bot stalled at the same moment: the server stopped answering',
      atMs: 900,
      noticedAfterMs: 4100,
      bots: 3,
      doing: { combat: 2, explore: 1 },
    });
    expect(fault?.lastLines.map((l) => l.bot)).toEqual(['B', 'A', 'D']);
    expect(f.stalled(ev('E', 'ERR_MUD_SILENT'), 1300, 4)).toBeUndefined(); // the first fault wins
  });

  it('one bot alone stalled on reconnect is a hung server', () => {
    const f = new FaultFinder(new ManualClock(3000), 0);
    expect(f.stalled(ev('A', 'ERR_MUD_SILENT'), 800, 1)?.kind).toBe('server-silent');
  });

  it('logins refused: after N failures in a row, reset by a login', () => {
    const f = new FaultFinder(new ManualClock(), 0, { refusedAfter: 3 });
    const fail = (n: string) =>
      f.loginFailed({ ...ev(n, 'ERR_MUD_CONNECT', 'logging in'), doing: 'logging in' });
    expect(fail('A')).toBeUndefined();
    expect(fail('B')).toBeUndefined();
    f.loggedIn();
    expect(fail('C')).toBeUndefined();
    expect(fail('D')).toBeUndefined();
    const fault = fail('E');
    expect(fault?.kind).toBe('logins-refused');
    expect(fault?.message).toContain('3 in a row (ERR_MUD_CONNECT)');
    expect(fault?.doing).toEqual({ 'logging in': 3 });
  });

  it('bounds the evidence: maxEvidence bots, linesPerBot lines each', () => {
    const f = new FaultFinder(new ManualClock(), 0, { maxEvidence: 2, linesPerBot: 1 });
    for (let i = 0; i < 5; i++) f.ended(ev(`B${i}`, 'ERR_MUD_CLOSED'), 4 - i);
    expect(f.fault?.lastLines).toHaveLength(2);
    expect(f.fault?.lastLines[0]?.lines).toEqual(['<20hp 100m 100mv> ']);
  });
});
