// The fix loop's own git worktree on its own branch, made from the repository's HEAD: the user's
// checkout is never written to. Dependencies come from the repository's node_modules by a symlink
// (patches may not touch node_modules, so sharing it read-only is safe and saves an install).
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { NetwrightError } from '../errors.ts';
import { git } from './git.ts';

export interface FixWorktree {
  /** The user's repository (top level). */
  repo: string;
  /** The worktree the loop patches and tests. */
  dir: string;
  branch: string;
  /** Commit the loop started from. */
  base: string;
  /** True when the user's checkout had uncommitted changes (the loop works on HEAD without them). */
  repoDirty: boolean;
}

/** Top level of the repository containing `cwd`; a coded error outside one. */
export async function repoRoot(cwd: string): Promise<string> {
  const r = await git(cwd, ['rev-parse', '--show-toplevel'], { check: false });
  if (r.exitCode !== 0)
    throw new NetwrightError('ERR_FIX_NOT_A_REPO', `${cwd} is not inside a git repository`, {
      hint: 'run netwright fix from your project (a git checkout with at least one commit)',
    });
  return r.stdout.trim();
}

/** Create the worktree `dir` on a new `branch` at HEAD of `repo`. */
export async function createFixWorktree(repo: string, dir: string, branch: string): Promise<FixWorktree> {
  const head = await git(repo, ['rev-parse', '--verify', 'HEAD^{commit}'], { check: false });
  if (head.exitCode !== 0)
    throw new NetwrightError('ERR_FIX_NOT_A_REPO', `${repo} has no commit yet`, {
      hint: 'commit your project first',
    });
  const base = head.stdout.trim();
  const status = await git(repo, ['status', '--porcelain', '--untracked-files=no']);
  if (existsSync(dir))
    throw new NetwrightError('ERR_FIX_WORKTREE_EXISTS', `${dir} already exists`, {
      hint: 'pass another --worktree, or remove it (git worktree remove <dir>)',
    });
  if (await branchExists(repo, branch))
    throw new NetwrightError('ERR_FIX_BRANCH_EXISTS', `branch ${branch} already exists in ${repo}`, {
      hint: `pass another --branch, or delete it (git branch -D ${branch})`,
    });
  mkdirSync(path.dirname(dir), { recursive: true });
  await git(repo, ['worktree', 'add', '--quiet', '-b', branch, dir, base]);
  const modules = path.join(repo, 'node_modules');
  if (existsSync(modules) && !existsSync(path.join(dir, 'node_modules')))
    symlinkSync(modules, path.join(dir, 'node_modules'), 'dir');
  return { repo, dir, branch, base, repoDirty: status.stdout.trim() !== '' };
}

/** True when `repo` has a local branch named `branch`. */
export async function branchExists(repo: string, branch: string): Promise<boolean> {
  const r = await git(repo, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], { check: false });
  return r.exitCode === 0;
}

/** Commit exactly `paths` (what the patch touched) with `message`; returns the new commit. */
export async function commitPaths(wt: FixWorktree, paths: string[], message: string): Promise<string> {
  await git(wt.dir, ['add', '-A', '--', ...paths]);
  await git(wt.dir, [
    '-c',
    'user.name=netwright fix',
    '-c',
    'user.email=netwright-fix@localhost',
    'commit',
    '--quiet',
    '--no-verify',
    '-m',
    message,
  ]);
  return (await git(wt.dir, ['rev-parse', 'HEAD'])).stdout.trim();
}

/** Undo an applied, uncommitted patch: restore tracked files and remove the files it created. */
export async function rollback(wt: FixWorktree, created: string[]): Promise<void> {
  await git(wt.dir, ['reset', '--quiet', '--hard', 'HEAD']);
  for (const f of created) {
    const r = await git(wt.dir, ['ls-files', '--error-unmatch', '--', f], { check: false });
    if (r.exitCode !== 0) await git(wt.dir, ['clean', '--quiet', '-f', '--', f], { check: false });
  }
}

/** The whole change of the loop so far: `git diff base..HEAD`. */
export async function finalDiff(wt: FixWorktree): Promise<string> {
  return (await git(wt.dir, ['diff', `${wt.base}..HEAD`])).stdout;
}
