// The CI side of the fuzz targets: one Vitest test per target, its bound in the test name, a fixed
// seed per target (a failure replays exactly; NETWRIGHT_FUZZ_SEED explores other inputs).
import { it } from 'vitest';
import { type FuzzTarget, runTarget } from './harness.ts';

/** Seed of a target: a hash of its name, mixed with NETWRIGHT_FUZZ_SEED when set. */
export function fuzzSeed(name: string, base = Number(process.env.NETWRIGHT_FUZZ_SEED ?? 0)): number {
  let h = 2166136261 ^ base;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h | 0;
}

/** One test per target, running its CI share of inputs. */
export function fuzzTests(targets: readonly FuzzTarget<unknown>[], timeoutMs = 30_000): void {
  for (const t of targets) {
    it(`${t.name} | bound: ${t.bound}`, { timeout: timeoutMs }, async () => {
      const outcome = await runTarget(t, { numRuns: t.ciRuns, seed: fuzzSeed(t.name) });
      if (outcome.failed) throw new Error(outcome.report);
    });
  }
}
