// Plain, Vitest-free view of a test run: what the reporter hands to the report builder. The reporter
// (reporters/index.ts) converts Vitest's TestModule/TestCase into these; tests build them by hand.

import type { Launcher } from './launcher.ts';

/** An error as Vitest serialises it (TestError / SerializedError), read liberally. */
export interface CollectedError {
  name?: string;
  message?: string;
  stack?: string;
  stacks?: { file: string; line: number; column: number; method?: string }[];
  expected?: unknown;
  actual?: unknown;
  diff?: string;
  code?: unknown;
  [k: string]: unknown;
}

export interface CollectedTest {
  /** Vitest's deterministic test id. */
  id: string;
  name: string;
  /** `suite > test`. */
  fullName: string;
  project: string | null;
  /** Absolute path of the test file. */
  file: string;
  /** Line of the test definition (needs includeTaskLocation), else null. */
  line: number | null;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** The test has started (Vitest still calls it 'pending' until it finishes). */
  started?: boolean;
  /** Skip note: `ctx.skip(note)` or Vitest's interruption reason. */
  note?: string;
  errors: CollectedError[];
  retries: number;
  flaky: boolean;
  durationMs: number | null;
  /** unix ms. */
  startTime: number | null;
  /** `task.meta.netwright` as attached by fixtures (normalised later). */
  rawMeta: unknown;
}

export interface CollectedModule {
  /** Absolute path. */
  file: string;
  project: string | null;
  /** 'queued' | 'pending' | 'passed' | 'failed' | 'skipped'. */
  state: string;
  /** Errors outside tests: import failures, beforeAll crashes. */
  errors: CollectedError[];
  durationMs: number | null;
  tests: CollectedTest[];
}

export interface CollectedRun {
  /** Vitest root: files are reported relative to it. */
  root: string;
  command: string;
  /** 'running' while written incrementally. */
  reason: 'passed' | 'failed' | 'interrupted' | 'running';
  /** unix ms. */
  startedAt: number;
  endedAt: number;
  modules: CollectedModule[];
  unhandled: CollectedError[];
  shard: { index: number; count: number } | null;
  mergedReports: boolean;
  vitestVersion: string | null;
  /** The run seed handed to the reporter (plugin option), if any. */
  runSeed: number | null;
  gitCommit: string | null;
  gitDirty: boolean | null;
  netwrightVersion: string | null;
  /** Process id of the Vitest main process, when known. */
  pid?: number | null;
  /** How the project runs Vitest (for repro commands); default: `pnpm exec vitest run`. */
  launcher?: Launcher;
}
