import { describe, expect, it } from 'vitest';
import { BusyPoll, DEFAULT_BUSY_POLL_MS } from '../../src/impair/busy-poll.ts';
import { Network } from '../../src/impair/network.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { pollUntil } from '../helpers/poll.ts';
import { udpClient, udpEcho } from './echo.ts';

/** The shared bounded poll, every 5 ms as before. */
const until = (cond: () => boolean, timeoutMs = 10_000, what = 'condition') =>
  pollUntil(cond, { timeoutMs, everyMs: 5, what });

describe('busy polling', () => {
  it('keeps the loop turning for its window after traffic, then stops; 0 is off', async () => {
    const poll = new BusyPoll(20);
    poll.touch();
    await new Promise((r) => setTimeout(r, 60));
    const after = poll.turns;
    expect(after).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(poll.turns).toBe(after);
    poll.close();
    const off = new BusyPoll(0);
    off.touch();
    await new Promise((r) => setTimeout(r, 10));
    expect(off.turns).toBe(0);
  });

  it('measures its window on the injected time source, not on a network clock', async () => {
    let t = 0;
    const poll = new BusyPoll(5, () => t);
    poll.touch();
    // 20 real ms later the source still says 0: still polling (a real-time window would be over).
    await new Promise((r) => setTimeout(r, 20));
    const early = poll.turns;
    await new Promise((r) => setTimeout(r, 5));
    expect(poll.turns).toBeGreaterThan(early);
    t = 5; // the window is over: the next turn is the last
    await new Promise((r) => setTimeout(r, 5));
    const last = poll.turns;
    await new Promise((r) => setTimeout(r, 5));
    expect(poll.turns).toBe(last);
    poll.close();
  });

  for (const [label, options] of [
    ['polls 50 µs by default, even on a ManualClock (real time)', { clock: new ManualClock(0) }],
    ['with a long window', { busyPollMs: 2 }],
  ] as const) {
    it(`a network that ${label} forwards and closes cleanly`, async () => {
      if (!('busyPollMs' in options)) expect(DEFAULT_BUSY_POLL_MS).toBe(0.05);
      const echo = await udpEcho();
      const network = new Network(options);
      try {
        expect(network.busyPollMs).toBe('busyPollMs' in options ? options.busyPollMs : 0.05);
        const link = await network.openLink({
          id: 'c',
          protocol: 'udp',
          upstream: { host: '127.0.0.1', port: echo.port },
        });
        const c = await udpClient();
        for (let i = 0; i < 10; i++) c.send(`m${i}`, link.listen.port, '127.0.0.1');
        await until(() => c.inbox.length === 10, 10_000, 'echoes');
        c.close();
      } finally {
        await network.close();
        await echo.close();
      }
    });
  }

  it('rejects a negative or non-numeric window with ERR_CONFIG_INVALID', () => {
    expect(() => new Network({ busyPollMs: -1 })).toThrow(/busyPollMs/);
    expect(() => new Network({ busyPollMs: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
  });
});

describe('busy polling on a contended machine', () => {
  it('pauses when a window got under half its wall time in CPU, doubling while it lasts, and resumes', async () => {
    let t = 0;
    let cpu = 0;
    const poll = new BusyPoll(
      1,
      () => t,
      () => cpu,
    );
    const window = async (cpuShare: number) => {
      poll.touch();
      await new Promise((r) => setImmediate(r));
      t += 1;
      cpu += cpuShare;
      await new Promise((r) => setTimeout(r, 2));
    };
    await window(0.9); // got the CPU: no pause
    expect(poll.backoffs).toBe(0);
    await window(0.2); // preempted: pause 500 ms
    expect(poll.backoffs).toBe(1);
    expect(poll.paused).toBe(true);
    const turns = poll.turns;
    poll.touch();
    await new Promise((r) => setTimeout(r, 2));
    expect(poll.turns).toBe(turns); // paused: touch() does not spin
    t += 500;
    expect(poll.paused).toBe(false);
    await window(0.1); // still contended: pause 1000 ms
    expect(poll.backoffs).toBe(2);
    t += 600;
    expect(poll.paused).toBe(true);
    t += 400;
    await window(0.95); // the machine is free again: polling goes on, the pause length resets
    expect(poll.backoffs).toBe(2);
    expect(poll.paused).toBe(false);
    poll.close();
  });
});
