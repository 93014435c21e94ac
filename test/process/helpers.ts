// Shared helpers for supervisor tests: fixture program paths and a group that is always stopped.

import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { SpawnOptions } from '../../src/process/index.ts';

/** Absolute path of a program in test/fixture-programs. */
export function fixtureProgram(file: string): string {
  return fileURLToPath(new URL(`../fixture-programs/${file}`, import.meta.url));
}

/** SpawnOptions running a fixture program with the current Node. */
export function nodeProgram(name: string, file: string, extra: Partial<SpawnOptions> = {}): SpawnOptions {
  return { name, command: process.execPath, args: [fixtureProgram(file)], ...extra };
}

/** Catches a rejection and returns it (fails the test if the promise resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown> & Error;
  }
  throw new Error('expected the promise to reject, it resolved');
}

/**
 * Pids a test may leave behind when it fails; each is SIGKILLed after every test (its whole process
 * group with `group: true`). Call at the top of a test file and push pids into the returned list.
 */
export function killStraysAfterEach(opts: { group?: boolean } = {}): number[] {
  const strays: number[] = [];
  afterEach(() => {
    for (const pid of strays.splice(0)) {
      try {
        process.kill(opts.group ? -pid : pid, 'SIGKILL');
      } catch {}
    }
  });
  return strays;
}
