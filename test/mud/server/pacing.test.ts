// Pulse pacing, the fixture MUD's default: like Mud98's game loop, each connection gets one command
// per pulse and the answer goes out at the end of that pulse. Measured on real Mud98 (250 ms pulse):
// a command sent right after a prompt answered in 244-282 ms (p50 251), one sent at a random moment in
// 12-261 ms, and a burst of 5 commands answered at 154, 406, 659, 910, 1175 ms (one per pulse).
// Pulses are driven by hand here (manualPulse), so the test is exact and independent of machine load.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type MudServerHandle,
  type MudServerOptions,
  startMudServer,
} from '../../../mud-fixtures/lib/server.ts';
import { connectMud, type MudConnection } from '../../../src/mud/client/index.ts';
import { pollUntil } from '../../helpers/poll.ts';

const W = { timeoutMs: 30_000 };
const PLAYER = { name: 'Pacer', password: 'pw12345' };

const servers: MudServerHandle[] = [];
const conns: MudConnection[] = [];
afterEach(async () => {
  await Promise.all(conns.splice(0).map((c) => c.close(200)));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const until = (check: () => boolean, what: string, timeoutMs = 10_000) =>
  pollUntil(check, { timeoutMs, everyMs: 5, what });

const settle = () => new Promise((r) => setTimeout(r, 60));

/** A logged-in player on a manually pulsed server, and a counter of the prompts it has seen. */
async function playing(opts: MudServerOptions): Promise<{
  s: MudServerHandle;
  c: MudConnection;
  prompts: () => number;
}> {
  const s = await startMudServer({ tlsPort: false, manualPulse: true, players: [PLAYER], ...opts });
  servers.push(s);
  const ticker = setInterval(() => s.pulse(), 5);
  const c = await connectMud({ port: s.port });
  conns.push(c);
  try {
    await c.waitForLine('By what name do you wish to be known?', W);
    c.send(PLAYER.name);
    await c.waitForPrompt(/Password: $/, W);
    c.send(PLAYER.password);
    await c.waitForLine('[Hit Return to continue]', W);
    c.send('');
    await c.waitForPrompt(/<\d+hp \d+m \d+mv> $/, W);
  } finally {
    clearInterval(ticker);
  }
  let n = 0;
  c.onEvent((e) => {
    if (e.type === 'prompt') n++;
  });
  return { s, c, prompts: () => n };
}

function queued(s: MudServerHandle): number {
  return s.game.sessions[0]?.input.length ?? 0;
}

describe('fixture MUD pacing', () => {
  it('by default answers one command per connection per pulse, at the end of the pulse', async () => {
    const { s, c, prompts } = await playing({});
    for (const cmd of ['score', 'look', 'time']) c.send(cmd);
    await until(() => queued(s) === 3, 'the server to hold the three commands');
    await settle();
    expect(prompts()).toBe(0);
    for (const expected of [1, 2, 3]) {
      s.pulse();
      await until(() => prompts() === expected, `prompt ${expected}`);
      await settle();
      expect(prompts()).toBe(expected);
      expect(queued(s)).toBe(3 - expected);
    }
  });

  it('with pacing "instant" answers every command on arrival, without a pulse', async () => {
    const { s, c } = await playing({ pacing: 'instant' });
    const pulses = s.game.pulseCount;
    for (const cmd of ['score', 'look', 'time']) {
      c.send(cmd);
      await c.waitForPrompt(/<\d+hp \d+m \d+mv> $/, W);
    }
    expect(s.game.pulseCount).toBe(pulses);
  });

  it('holds the greeting until the pulse when paced, and sends it at once when instant', async () => {
    for (const pacing of ['pulse', 'instant'] as const) {
      const s = await startMudServer({ tlsPort: false, manualPulse: true, pacing });
      servers.push(s);
      const c = await connectMud({ port: s.port });
      conns.push(c);
      if (pacing === 'pulse') {
        await until(() => s.game.sessions.length === 1, 'the connection');
        await settle();
        expect(c.tail()).toEqual([]);
        s.pulse();
      }
      await c.waitForLine('By what name do you wish to be known?', W);
    }
  });
});
