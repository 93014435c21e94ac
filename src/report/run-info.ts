// Facts about the run that come from outside Vitest: git commit and dirtiness, netwright's version.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../util/module-path.ts';

/** HEAD commit and whether the tree has changes; nulls when `root` is not in a git repo. */
export function gitInfo(root: string): { commit: string | null; dirty: boolean | null } {
  const git = (args: string[]): string | null => {
    try {
      return execFileSync('git', args, {
        cwd: root,
        encoding: 'utf8',
        timeout: 5000,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return null;
    }
  };
  const commit = git(['rev-parse', 'HEAD']);
  if (!commit) return { commit: null, dirty: null };
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return { commit, dirty: status === null ? null : status.length > 0 };
}

let cachedVersion: string | null | undefined;

/** netwright's package version, or null. */
export function netwrightVersion(): string | null {
  if (cachedVersion !== undefined) return cachedVersion;
  cachedVersion = readVersion();
  return cachedVersion;
}

function readVersion(): string | null {
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? null;
  } catch {
    return null;
  }
}
