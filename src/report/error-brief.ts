// Turns a Vitest-serialised error into a short, ANSI-free ErrorBrief with project-relative frames.

import path from 'node:path';
import { stripAnsi } from './ansi.ts';
import type { CollectedError } from './collected.ts';
import type { ErrorBrief } from './model.ts';

/** Character limits of the parts of an error kept in the report. */
export const ERROR_LIMITS = { message: 2000, side: 1200, diff: 2000, frames: 6 } as const;

export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [+${s.length - max} chars]`;
}

function side(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  let s: string;
  if (typeof v === 'string') s = v;
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return clip(stripAnsi(s), ERROR_LIMITS.side);
}

function rel(root: string, file: string): string {
  const f = file.startsWith('file://') ? file.slice(7) : file;
  return path.isAbsolute(f) ? path.relative(root, f) || f : f;
}

const FRAME_RE = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/;

/** `file:line:col` frames from `stacks` or the `stack` text, innermost first, node_modules dropped. */
export function frames(err: CollectedError, root: string): { file: string; line: number; column: number }[] {
  const out: { file: string; line: number; column: number }[] = [];
  if (Array.isArray(err.stacks) && err.stacks.length) {
    for (const s of err.stacks)
      if (s && typeof s.file === 'string') out.push({ file: s.file, line: s.line, column: s.column });
  } else if (typeof err.stack === 'string') {
    for (const l of stripAnsi(err.stack).split('\n')) {
      if (!/^\s*at /.test(l)) continue;
      const m = FRAME_RE.exec(l);
      if (m) out.push({ file: m[1], line: Number(m[2]), column: Number(m[3]) });
    }
  }
  return out
    .filter((f) => !f.file.includes('/node_modules/') && !f.file.startsWith('node:'))
    .map((f) => ({ ...f, file: rel(root, f.file) }));
}

/**
 * What the reporter appends to a failed test's first error message (so JUnit's <failure> and the
 * terminal show how to re-run it); the report has the command in `reproduce`, so briefs drop it.
 */
export const REPRODUCE_MARK = '\n\nnetwright reproduce: ';

/** A bounded, ANSI-free brief of one error. */
export function errorBrief(err: CollectedError, root: string): ErrorBrief {
  let text = String(err.message ?? err.name ?? 'unknown error');
  const mark = text.indexOf(REPRODUCE_MARK);
  if (mark !== -1) text = text.slice(0, mark);
  // Follow the cause chain (worker crashes hide the useful part there), a few levels at most.
  let cause = err.cause as CollectedError | undefined;
  for (let depth = 0; cause && typeof cause === 'object' && depth < 3; depth++) {
    const name =
      typeof cause.name === 'string' && !cause.name.startsWith('Caused by') ? `${cause.name}: ` : '';
    text += `\nCaused by: ${name}${String(cause.message ?? '')}`;
    cause = cause.cause as CollectedError | undefined;
  }
  const message = clip(stripAnsi(text), ERROR_LIMITS.message);
  const brief: ErrorBrief = {
    name: typeof err.name === 'string' ? err.name : 'Error',
    message,
    stack: frames(err, root)
      .slice(0, ERROR_LIMITS.frames)
      .map((f) => `${f.file}:${f.line}:${f.column}`),
  };
  const expected = side(err.expected);
  const actual = side(err.actual);
  if (expected !== undefined) brief.expected = expected;
  if (actual !== undefined) brief.actual = actual;
  if (typeof err.diff === 'string' && err.diff) brief.diff = clip(stripAnsi(err.diff), ERROR_LIMITS.diff);
  if (typeof err.code === 'string') brief.code = err.code;
  return brief;
}
