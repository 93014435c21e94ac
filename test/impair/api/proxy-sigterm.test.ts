// `netwright proxy` always exits promptly on SIGTERM (issue #10 item 1): a few real start / traffic /
// SIGTERM cycles per mode, each with half-closes in flight. bench/impair-proxy-sigterm.ts runs 100.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEcho } from '../../helpers/net.ts';
import { type CycleResult, sigtermCycle } from './sigterm-cycles.ts';

let echo: Awaited<ReturnType<typeof startEcho>>;
beforeAll(async () => {
  echo = await startEcho({ allowHalfOpen: true });
});
afterAll(async () => {
  await echo.close();
});

it.each(['link', 'api'] as const)(
  '%s mode: 4 start/traffic/SIGTERM cycles all exit 0 within 2 s',
  async (mode) => {
    const results: CycleResult[] = [];
    for (let i = 0; i < 4; i++) results.push(await sigtermCycle(echo.port, { mode }));
    const bad = results.filter((r) => r.hung || r.code !== 0);
    expect(bad, bad.map((r) => `${r.hung ? 'hung' : `exit ${r.code}`}: ${r.tail}`).join('\n')).toEqual([]);
  },
  60_000,
);
