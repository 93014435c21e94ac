// Quotes the spec source around a failing line (`file:line` plus a few lines of context), so the report
// shows the assertion that failed, not only its message. Reads each file once per report, bounded.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { clip } from './error-brief.ts';
import type { SourceQuote } from './model.ts';

/** Lines quoted before and after the failing line, characters kept per line, largest file read. */
export const QUOTE_LIMITS = { before: 2, after: 2, lineChars: 160, fileBytes: 4 * 1024 * 1024 } as const;

/** Reads source files for quotes; one instance per report build caches each file's lines. */
export class SourceQuoter {
  private readonly cache = new Map<string, string[] | null>();
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  private lines(file: string): string[] | null {
    const abs = path.isAbsolute(file) ? file : path.join(this.root, file);
    let lines = this.cache.get(abs);
    if (lines !== undefined) return lines;
    try {
      lines = statSync(abs).size <= QUOTE_LIMITS.fileBytes ? readFileSync(abs, 'utf8').split(/\r?\n/) : null;
      // A final newline ends the last line; it does not start another one.
      if (lines && lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    } catch {
      lines = null;
    }
    this.cache.set(abs, lines);
    return lines;
  }

  /** Lines around `line` (1-based) of `file` (relative to the root), or null when it cannot be read. */
  quote(file: string, line: number, column?: number): SourceQuote | null {
    const lines = this.lines(file);
    if (!lines || line < 1 || line > lines.length) return null;
    const from = Math.max(1, line - QUOTE_LIMITS.before);
    const to = Math.min(lines.length, line + QUOTE_LIMITS.after);
    const q: SourceQuote = {
      file,
      line,
      fromLine: from,
      lines: lines.slice(from - 1, to).map((l) => clip(l.replace(/\t/g, '  '), QUOTE_LIMITS.lineChars)),
    };
    if (column !== undefined) q.column = column;
    return q;
  }
}

/** The quote as numbered lines, the failing one marked: `> 12 | expect(x).toBe(1)`. */
export function formatQuote(q: SourceQuote): string[] {
  const width = String(q.fromLine + q.lines.length - 1).length;
  return q.lines.map((text, i) => {
    const n = q.fromLine + i;
    return `${n === q.line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`;
  });
}
