// A command's latency is write -> arrival of the bytes that held its prompt: the bot's own work on that
// chunk (parsing, pattern handlers, world model) is not the server's time and is not counted (#15).
// Against a scripted loopback MUD that answers `look` with one write.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MudBot } from '../../../src/mud/bot/index.ts';

let scripted: net.Server | undefined;
const bots: MudBot[] = [];
afterEach(async () => {
  await Promise.all(bots.splice(0).map((b) => b.close()));
  scripted?.close();
  scripted = undefined;
});

/** Logs anyone in; answers every later line with a room and a prompt in one write. */
async function scriptedMud(): Promise<number> {
  scripted = net.createServer((s) => {
    s.on('error', () => {});
    s.setNoDelay(true);
    s.write('By what name do you wish to be known?\n\r');
    let stage = 0;
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        buf = buf.slice(i + 1);
        if (stage === 0) s.write('Password: ');
        else if (stage === 1) s.write('\n\rWelcome back.\n\r\n\r<20hp 100m 100mv> ');
        else s.write('\n\rThe Slow Room\n\rA heavy line to read.\n\r\n\r<20hp 100m 100mv> ');
        stage++;
      }
    });
  });
  await new Promise<void>((r) => scripted!.listen(0, '127.0.0.1', r));
  return (scripted.address() as net.AddressInfo).port;
}

const BUSY_MS = 150;

describe('command latency stamps', () => {
  it('leave out the time the bot spends reading the chunk that holds the prompt', async () => {
    const port = await scriptedMud();
    let slowReads = 0;
    const bot = await MudBot.connect(
      { port },
      {
        name: 'Timer',
        password: 'pw12345',
        liveness: false,
        // A pattern handler that takes BUSY_MS on the line before the prompt (same chunk).
        extraPatterns: [
          {
            name: 'slow',
            pattern: /^A heavy line to read\.$/,
            event: () => {
              slowReads++;
              const until = performance.now() + BUSY_MS;
              while (performance.now() < until) {
                // busy: the bot's own work, not the server's
              }
              return undefined;
            },
          },
        ],
      },
    );
    bots.push(bot);
    const started = performance.now();
    const r = await bot.send('look');
    const wallMs = performance.now() - started;
    expect(slowReads).toBe(1);
    expect(wallMs).toBeGreaterThanOrEqual(BUSY_MS); // the handler did run inside this command
    // Before the fix the latency was stamped after the handler: >= 150 ms. A loopback answer on a
    // loaded machine takes a few ms; half of BUSY_MS leaves room for that.
    expect(r.latencyMs).toBeLessThan(BUSY_MS / 2);
    expect(bot.stats().commandLatencyMs.max).toBeLessThan(BUSY_MS / 2);
  });
});
