// `netwright proxy` exits promptly on SIGTERM, every time (issue #10 item 1): 100 start / traffic /
// SIGTERM cycles per mode (a TCP link; the Toxiproxy-compatible API with one proxy), each with six
// connections half-closing while the signal arrives. Prints the exit-time distribution and every
// cycle that did not exit 0 within 2 s. The test (test/impair/api/proxy-sigterm.test.ts) runs 4.
// Run under the heavy lock: node bench/impair-proxy-sigterm.ts [--cycles 100]
import { parseArgs } from 'node:util';
import { startEcho } from '../test/helpers/net.ts';
import { type CycleResult, sigtermCycle } from '../test/impair/api/sigterm-cycles.ts';

const { values } = parseArgs({ options: { cycles: { type: 'string', default: '100' } } });
const CYCLES = Math.min(1000, Math.max(1, Number(values.cycles) || 100));

const echo = await startEcho({ allowHalfOpen: true });
try {
  for (const mode of ['link', 'api'] as const) {
    const results: CycleResult[] = [];
    for (let i = 0; i < CYCLES; i++) results.push(await sigtermCycle(echo.port, { mode }));
    const bad = results.filter((r) => r.hung || r.code !== 0);
    const ms = results
      .filter((r) => !r.hung)
      .map((r) => r.exitMs)
      .sort((a, b) => a - b);
    const q = (p: number) =>
      (ms[Math.min(ms.length - 1, Math.floor(ms.length * p))] ?? Number.NaN).toFixed(0);
    console.log(
      `${mode}: ${CYCLES - bad.length}/${CYCLES} exited 0 within 2 s; SIGTERM -> exit p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${(ms.at(-1) ?? Number.NaN).toFixed(0)} ms`,
    );
    for (const b of bad) console.log(`  ${b.hung ? 'HUNG' : `exit ${b.code}`}: ${b.tail}`);
  }
} finally {
  await echo.close();
}
