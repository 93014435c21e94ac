// Fuzz targets shared by the CI suite (test/fuzz/*.test.ts: a few seconds each, fixed seeds) and the
// long fuzz bench (bench/fuzz-long.ts: minutes each, fresh seeds). A target names the bound its
// property holds, so a failure says which promise broke.
import fc from 'fast-check';

/** What a check talks to (servers started once per property run), and how to stop it. */
export interface FuzzSession<T> {
  check(input: T): void | Promise<void>;
  close(): Promise<void>;
}

/** One fuzzed entry point with its property. */
export interface FuzzTarget<T> {
  /** The entry point ("telnet decoder", "API server: raw request"). */
  name: string;
  /** The bound the property holds, with its number ("every SB payload <= its option limit: NAWS 4 ..."). */
  bound: string;
  arbitrary: fc.Arbitrary<T>;
  /** Runs on CI: the whole fuzz suite stays under ~25 s on a loaded 2-core machine. */
  ciRuns: number;
  /** Start what the check needs; pure targets use `pure(check)`. */
  open(): Promise<FuzzSession<T>>;
}

/** A session for a check that needs nothing started. */
export function pure<T>(check: (input: T) => void): () => Promise<FuzzSession<T>> {
  return async () => ({ check, close: async () => {} });
}

/** What a run found. */
export interface FuzzOutcome {
  target: string;
  bound: string;
  runs: number;
  ms: number;
  seed: number;
  failed: boolean;
  /** fast-check's report (counterexample, seed and path to replay) when it failed. */
  report?: string;
}

/** Run a target's property: `numRuns` inputs, or as many as fit in `timeLimitMs`. */
export async function runTarget<T>(
  t: FuzzTarget<T>,
  opts: { numRuns: number; seed: number; timeLimitMs?: number },
): Promise<FuzzOutcome> {
  const session = await t.open();
  const started = performance.now();
  try {
    const details = await fc.check(
      fc.asyncProperty(t.arbitrary, async (input) => {
        await session.check(input);
      }),
      {
        numRuns: opts.numRuns,
        seed: opts.seed,
        interruptAfterTimeLimit: opts.timeLimitMs,
        markInterruptAsFailure: false,
      },
    );
    return {
      target: t.name,
      bound: t.bound,
      runs: details.numRuns,
      ms: Math.round(performance.now() - started),
      seed: opts.seed,
      failed: details.failed,
      report: details.failed
        ? `${fc.defaultReportMessage(details)}\n${String((details.errorInstance as Error)?.message ?? details.errorInstance)}`
        : undefined,
    };
  } finally {
    await session.close();
  }
}

/** Error codes look like ERR_SOMETHING. */
export const CODED = /^ERR_[A-Z0-9_]+$/;

/** `bytes` cut at `raw` offsets (clamped, sorted, deduplicated). */
export function chunked(bytes: Uint8Array, raw: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(raw.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}

/** Concatenate byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Cut points for a byte vector of up to `max` bytes. */
export const cuts = (max: number) => fc.array(fc.nat(max), { maxLength: 8 });

/** Fails with both numbers when `value` passes `bound`. */
export function atMost(value: number, bound: number, what = 'value'): void {
  if (!(value <= bound)) throw new Error(`${what} ${value} exceeds its bound ${bound}`);
}
