// #11 item 5: every wait of the bot subscribed to `conn.closed` and never unsubscribed (~1.7 KB per
// command for the life of the connection). A scripted loopback server answers each line with a
// prompt; after many commands the bot must hold no close subscriptions beyond its own one.
import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { MudBot } from '../../../src/mud/bot/index.ts';
import { connectMud } from '../../../src/mud/client/connection.ts';

let server: net.Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

it('a bot sending 2,000 commands leaves no per-command close subscriptions behind', async () => {
  server = net.createServer((s) => {
    s.on('error', () => {});
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      let i = buf.indexOf('\n');
      while (i >= 0) {
        buf = buf.slice(i + 1);
        s.write('Ok.\n\r<20hp 100m 100mv> ');
        i = buf.indexOf('\n');
      }
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const conn = await connectMud({ port: (server.address() as net.AddressInfo).port });
  let thens = 0;
  const closed = conn.closed;
  const then = closed.then.bind(closed);
  // biome-ignore lint/suspicious/noThenProperty: counting subscriptions to the real promise
  (closed as { then: unknown }).then = (...args: Parameters<typeof then>) => {
    thens++;
    return then(...args);
  };
  const bot = new MudBot(conn, { label: 'Leaky', queue: { maxPerSecond: 0 } });
  try {
    await bot.command('look');
    const baseline = conn.closeListenerCount;
    for (let i = 0; i < 2000; i++) await bot.command('look');
    expect(thens).toBe(0);
    expect(conn.closeListenerCount).toBe(baseline);
    expect(bot.metrics.commands).toBe(2001);
  } finally {
    await bot.close();
  }
});
