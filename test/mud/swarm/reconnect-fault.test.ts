// Fault finding across a server restart: with reconnect on, bots come back after the fixture MUD is
// killed and restarted on the same port; killing it again is still reported as server-died (the
// reconnected bots are watched again).
import { afterEach, describe, expect, it } from 'vitest';
import { type MudServerHandle, startMudServer } from '../../../mud-fixtures/lib/server.ts';
import { runSwarm } from '../../../src/mud/swarm/index.ts';

let server: MudServerHandle | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fault finder across a server restart', () => {
  it('a second death after the bots reconnected is reported (server-died)', async () => {
    server = await startMudServer({ seed: 21, tlsPort: false, pacing: 'instant' });
    const port = server.port;
    let reconnects = 0;
    const running = runSwarm(
      {
        host: '127.0.0.1',
        port,
        bots: 3,
        name: 'Rec',
        staggerMs: 5,
        durationMs: 40_000,
        progressEveryMs: 100,
        reconnect: { attempts: 3, baseMs: 100, maxMs: 400, jitter: 0 },
        tuning: { respawnCheckMs: 3000, pollMs: 100 },
        queue: { maxPerSecond: 0 },
      },
      { onProgress: (s) => (reconnects = s.reconnects) },
    );
    await until(() => server!.stats().players === 3, 15_000);
    await server.close();
    server = await startMudServer({ seed: 21, tlsPort: false, pacing: 'instant', port });
    await until(() => reconnects >= 3 && server!.stats().players === 3, 15_000);
    await server.close();
    server = undefined;
    const r = await running;
    expect(r.reason).toBe('fault');
    expect(r.fault?.kind).toBe('server-died');
    expect(r.snapshot.reconnects).toBeGreaterThanOrEqual(3);
  }, 45_000);
});

async function until(pred: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}
