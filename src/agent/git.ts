// The few git commands the fix loop needs, with coded errors. Arguments are always an argv array
// (never a shell string), so no path or branch name is ever interpreted by a shell.
import { execa } from 'execa';
import { NetwrightError } from '../errors.ts';

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Run git in `cwd`; `check` (default) throws ERR_FIX_GIT on a non-zero exit. */
export async function git(
  cwd: string,
  args: string[],
  opts: { check?: boolean; input?: string } = {},
): Promise<GitResult> {
  const r = await execa('git', args, {
    cwd,
    reject: false,
    input: opts.input,
    stripFinalNewline: true,
    env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    timeout: 120_000,
  });
  const result = {
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    exitCode: r.exitCode ?? 1,
  };
  if ((opts.check ?? true) && result.exitCode !== 0) {
    throw new NetwrightError(
      'ERR_FIX_GIT',
      `git ${args.join(' ')} failed in ${cwd}: ${result.stderr.trim() || `exit ${result.exitCode}`}`,
      {
        hint: 'netwright fix needs a git repository with at least one commit',
        details: { args, cwd, exitCode: result.exitCode },
      },
    );
  }
  return result;
}
