// Guard rails on a patch before it touches the worktree: every path inside the repository, nothing
// under .git/ or node_modules/, not the failing tests unless allowed, no symlink escapes, a size
// limit, then `git apply --check`. Every reason a patch is refused is collected.
import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { git } from './git.ts';

export interface PatchFiles {
  /** Paths the patch reads or writes (old and new names), as written in the diff. */
  paths: string[];
  /** Paths the patch creates. */
  created: string[];
  /** Added + removed lines. */
  changedLines: number;
}

export interface PatchCheckOptions {
  /** Test files the loop is fixing (relative to the repo): edits refused unless allowTestEdits. */
  protectedFiles: string[];
  allowTestEdits: boolean;
  /** Most added + removed lines accepted. */
  maxChangedLines: number;
}

export interface PatchCheck {
  ok: boolean;
  files: PatchFiles;
  /** Why it was refused (empty when ok). */
  problems: string[];
}

function unquote(p: string): string {
  if (p.startsWith('"') && p.endsWith('"')) return JSON.parse(p) as string;
  return p;
}

/** Strip a/ b/ prefixes and trailing timestamps from a header path; null for /dev/null. */
function headerPath(raw: string): string | null {
  const p = unquote(raw.split('\t')[0]?.trim() ?? '');
  if (p === '/dev/null') return null;
  return p.replace(/^[ab]\//, '');
}

/** Paths, created files and size of a unified diff. */
export function patchFiles(diff: string): PatchFiles {
  const paths = new Set<string>();
  const created = new Set<string>();
  let changedLines = 0;
  let inHunk = false;
  let lastOld: string | null | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      inHunk = false;
      const m = /^diff --git (\S+|"[^"]+") (\S+|"[^"]+")$/.exec(line);
      if (m) for (const p of [m[1], m[2]]) if (p) paths.add(unquote(p).replace(/^[ab]\//, ''));
    } else if (line.startsWith('--- ') && !inHunk) {
      lastOld = headerPath(line.slice(4));
      if (lastOld) paths.add(lastOld);
    } else if (line.startsWith('+++ ') && !inHunk) {
      const p = headerPath(line.slice(4));
      if (p) {
        paths.add(p);
        if (lastOld === null) created.add(p);
      }
    } else if (/^(rename|copy) (from|to) /.test(line)) {
      paths.add(unquote(line.replace(/^(rename|copy) (from|to) /, '')));
    } else if (line.startsWith('@@ ')) {
      inHunk = true;
    } else if (inHunk && (line.startsWith('+') || line.startsWith('-'))) {
      changedLines++;
    } else if (inHunk && !line.startsWith(' ') && !line.startsWith('\\') && line !== '') {
      inHunk = false;
    }
  }
  return { paths: [...paths], created: [...created], changedLines };
}

/** The first existing ancestor of `p`, resolved through symlinks. */
function realAncestor(p: string): string {
  let cur = p;
  for (;;) {
    try {
      lstatSync(cur);
      return realpathSync(cur);
    } catch {
      const up = path.dirname(cur);
      if (up === cur) return cur;
      cur = up;
    }
  }
}

/** Check a patch against the worktree `dir`; does not modify anything. */
export async function checkPatch(diff: string, dir: string, opts: PatchCheckOptions): Promise<PatchCheck> {
  const files = patchFiles(diff);
  const problems: string[] = [];
  const root = realpathSync(dir);
  const protectedSet = new Set(opts.protectedFiles.map((f) => path.normalize(f)));
  if (files.paths.length === 0) problems.push('the diff names no file');
  for (const p of files.paths) {
    const norm = path.normalize(p);
    const segments = norm.split(/[\\/]/);
    if (path.isAbsolute(p))
      problems.push(`${p}: absolute path (paths must be relative to the repository root)`);
    else if (segments.includes('..') || norm.startsWith('..')) problems.push(`${p}: outside the repository`);
    else if (segments.includes('.git')) problems.push(`${p}: under .git/`);
    else if (segments.includes('node_modules')) problems.push(`${p}: under node_modules/`);
    else {
      const real = realAncestor(path.join(root, norm));
      if (real !== root && !real.startsWith(`${root}${path.sep}`))
        problems.push(`${p}: leads outside the repository through a symlink`);
      else if (!opts.allowTestEdits && protectedSet.has(norm))
        problems.push(`${p}: a failing test being fixed (pass --allow-test-edits to allow)`);
    }
  }
  if (files.changedLines > opts.maxChangedLines)
    problems.push(
      `${files.changedLines} changed lines, more than the limit of ${opts.maxChangedLines} (--max-patch-lines)`,
    );
  if (problems.length === 0) {
    const r = await git(dir, ['apply', '--check', '--whitespace=nowarn', '-'], { check: false, input: diff });
    if (r.exitCode !== 0)
      problems.push(`git apply --check: ${r.stderr.trim().split('\n').slice(0, 5).join('; ')}`);
  }
  return { ok: problems.length === 0, files, problems: [...new Set(problems)] };
}

/** Apply a checked patch to the worktree. */
export async function applyPatch(diff: string, dir: string): Promise<void> {
  await git(dir, ['apply', '--whitespace=nowarn', '-'], { input: diff });
}
