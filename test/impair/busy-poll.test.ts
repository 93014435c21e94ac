import { describe, expect, it } from 'vitest';
import { BusyPoll } from '../../src/impair/busy-poll.ts';
import { Network } from '../../src/impair/network.ts';
import { systemClock } from '../../src/util/clock.ts';
import { udpClient, udpEcho, until } from './echo.ts';

describe('busy polling', () => {
  it('keeps the loop turning for its window after traffic, then stops; 0 is off', async () => {
    const poll = new BusyPoll(systemClock, 20);
    poll.touch();
    await new Promise((r) => setTimeout(r, 60));
    const after = poll.turns;
    expect(after).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(poll.turns).toBe(after);
    poll.close();
    const off = new BusyPoll(systemClock, 0);
    off.touch();
    await new Promise((r) => setTimeout(r, 10));
    expect(off.turns).toBe(0);
  });

  it('a network with busy polling forwards and closes cleanly', async () => {
    const echo = await udpEcho();
    const network = new Network({ busyPollMs: 2 });
    try {
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
});
