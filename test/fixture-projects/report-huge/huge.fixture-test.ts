import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const out = process.env.NW_OUT ?? 'netwright-report';

/** Write `mb` MiB of log with an error line every 5000 lines and a final crash line. */
async function hugeLog(file: string, mb: number): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const ws = createWriteStream(file);
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++)
    lines.push(
      `[LOG_JSON] {"t":1700000000000,"level":"info","cat":"net","event":"tick","n":${i}} padding-padding-padding`,
    );
  lines[2500] = 'ERROR: snapshot queue overflow (policy drop-oldest) dropped=1';
  const block = Buffer.from(`${lines.join('\n')}\n`);
  const blocks = Math.ceil((mb * 1024 * 1024) / block.length);
  for (let i = 0; i < blocks; i++) {
    if (!ws.write(block)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise<void>((r) =>
    ws.end(`FATAL: server crashed with SIGSEGV\n${'x'.repeat(3_000_000)}`, () => r()),
  );
}

test('server under load (huge log)', async ({ task }) => {
  const file = path.join(out, 'logs', 'huge', 'server.stdout.log');
  await hugeLog(file, Number(process.env.NW_HUGE_MB ?? 20));
  task.meta.netwright = {
    seed: 5,
    processes: [
      {
        name: 'server',
        exitCode: null,
        signal: 'SIGSEGV',
        reason: 'crashed',
        failed: true,
        durationMs: 60000,
        stdoutTail: [],
        stderrTail: [],
        logPaths: { stdout: file },
      },
    ],
    events: Array.from({ length: 300 }, (_, i) => ({
      t: 1700000000000 + i * 10,
      source: 'client-1',
      event: 'underrun',
      level: 'warn',
      detail: 'x'.repeat(50),
    })),
  };
  expect.soft(1).toBe(2);
}, 120_000);

test.for(Array.from({ length: 25 }, (_, i) => i))('bot %i reaches the inn', (i, { task }) => {
  task.meta.netwright = { seed: 100 + i, mud: { bots: { [`bot-${i}`]: { kills: i, deaths: 1 } } } };
  expect(`room ${i}`).toBe('The Inn');
});
