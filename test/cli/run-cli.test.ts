// `netwright run` as a user types it: mistakes end in one line naming the closest flag (it used to be
// Vitest's CACError stack trace), and no Vitest or game process is started for them.
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const run = (args: string[]) =>
  execa(process.execPath, [path.join(root, 'bin/netwright.mjs'), 'run', ...args], {
    cwd: root,
    reject: false,
    timeout: 30_000,
  });

describe('netwright run on the command line', () => {
  it('an unknown flag is one line naming the closest flag, exit 2', async () => {
    const r = await run(['--client', '8']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('netwright run: unknown option --client (did you mean --clients?)');
    expect(r.stdout).toBe('');
  });

  it('bad scenario values are all reported at once as ERR_CONFIG_INVALID, exit 2', async () => {
    const r = await run(['--clients', '0', '--loss', '2', '--matrix', 'wifi_good,wify_bad']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('[ERR_CONFIG_INVALID] netwright run: 3 problem(s)');
    expect(r.stderr).toContain("--matrix[1]: unknown value 'wify_bad' (did you mean 'wifi_bad'?)");
    expect(r.stderr).not.toContain('    at ');
  });

  it('--help lists the scenario flags', async () => {
    const r = await run(['--help']);
    expect(r.exitCode).toBe(0);
    for (const f of [
      '--clients N',
      '--matrix A,B,C',
      '--max-p99-ms MS',
      '--max-kill-failures N',
      '--json-out [FILE]',
    ])
      expect(r.stdout).toContain(f);
  });
});
