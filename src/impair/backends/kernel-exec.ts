// Running ip / tc / nft for the kernel backend: one result shape whether the command worked or not
// (never throws), bounded output, and a prefix to run inside a network namespace.

import { execFile } from 'node:child_process';

/** Outcome of one command. */
export interface CmdResult {
  ok: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
  /** The command as typed, for errors and reports. */
  command: string;
}

/** Runs a command; injectable so rule generation can be tested without root. */
export type Runner = (argv: readonly string[]) => Promise<CmdResult>;

/** Real runner: execFile, 10 s limit, 1 MiB output cap (overflow: the command fails, reported). */
export const execRunner: Runner = (argv) =>
  new Promise((resolve) => {
    const [file, ...args] = argv;
    execFile(file as string, args, { timeout: 10_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === 'number'
          ? (err as { code: number }).code
          : null
        : 0;
      resolve({
        ok: !err,
        code,
        stdout: String(stdout),
        stderr: String(stderr || (err && !stderr ? err.message : '')).trim(),
        command: argv.join(' '),
      });
    });
  });

/** argv to run `argv` inside namespace `ns`. */
export function inNs(ns: string, argv: readonly string[]): string[] {
  return ['ip', 'netns', 'exec', ns, ...argv];
}

/** True when this process runs as root (uid 0). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
