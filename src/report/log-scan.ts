// Streams one log file once and keeps a bounded picture of it: line/byte counts, windows of context
// around relevant lines (errors, anomalies) and the last lines. Memory stays bounded whatever the
// file weighs: chunks are read, split and forgotten; a line longer than `maxLineChars` is clipped
// while being read (a 1 GB line without a newline costs `maxLineChars`, not 1 GB).
//
//   file ──chunks──▶ decode ──lines──▶ [before ring] ─match─▶ window ─close─▶ first K/2 | last K/2 ring
//                                      └──────────────────────────────────▶ tail ring (last T lines)

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { stripAnsi } from './ansi.ts';

/** Lines that usually explain a failure. Case-insensitive. */
export const DEFAULT_RELEVANT =
  /SCRIPT ERROR|\b(?:error|fatal|panic|exception|traceback|assert(?:ion)?|segfault|sigsegv|sigabrt|core dumped|crash(?:ed)?|unhandled|timed out)\b|"level"\s*:\s*"(?:error|fatal|warn(?:ing)?)"/i;

export interface LogScanOptions {
  /** A line is relevant when it matches. Default DEFAULT_RELEVANT. */
  relevant?: RegExp;
  /** Lines of context before and after a relevant line. Default 3. */
  contextLines?: number;
  /** Windows kept: the first half and the last half of all windows. Default 8. */
  maxWindows?: number;
  /** Lines in one window before it is closed. Default 24. */
  maxWindowLines?: number;
  /** Last lines kept. Default 20. */
  tailLines?: number;
  /** Characters kept per line (the rest is counted). Default 400. */
  maxLineChars?: number;
  /** Read chunk size, bytes. Default 64 KiB (bigger chunks raise peak RSS: GC frees large strings late). */
  chunkBytes?: number;
  signal?: AbortSignal;
  /**
   * unix ms instants (e.g. anomaly times) to show context around: the first line whose JSON `"t":`
   * reaches each instant counts as relevant, so a server log lines up with a client's anomaly.
   */
  focusTimes?: number[];
}

/** Consecutive lines of a log, 1-based inclusive line numbers. */
export interface LogWindow {
  fromLine: number;
  toLine: number;
  lines: string[];
  /** Line numbers that matched the relevance pattern (empty for a window opened at a focus time). */
  matchedLines: number[];
}

/** Bounded picture of one log file. */
export interface LogScan {
  path: string;
  bytes: number;
  lines: number;
  /** Relevant lines in the whole file. */
  matches: number;
  /** Windows around relevant lines, in file order (first K/2 and last K/2). */
  windows: LogWindow[];
  /** Windows found but not kept (between the first and last halves). */
  windowsDropped: number;
  /** Last lines of the file. */
  tail: LogWindow | null;
  /** Lines clipped to maxLineChars. */
  clippedLines: number;
  /** Set when the file could not be read (missing, permission...). */
  error?: string;
}

interface Line {
  n: number;
  text: string;
  match: boolean;
}

function toWindow(lines: Line[]): LogWindow {
  return {
    fromLine: lines[0].n,
    toLine: lines[lines.length - 1].n,
    lines: lines.map((l) => l.text),
    matchedLines: lines.filter((l) => l.match).map((l) => l.n),
  };
}

/** Scan `path` once, streaming. Never throws: unreadable files give `error`. */
export async function scanLog(path: string, opts: LogScanOptions = {}): Promise<LogScan> {
  const relevant = opts.relevant ?? DEFAULT_RELEVANT;
  const ctx = opts.contextLines ?? 3;
  const maxWindows = Math.max(1, opts.maxWindows ?? 8);
  const firstCap = Math.ceil(maxWindows / 2);
  const lastCap = maxWindows - firstCap;
  const maxWindowLines = Math.max(2 * ctx + 1, opts.maxWindowLines ?? 24);
  const tailCap = opts.tailLines ?? 20;
  const maxChars = opts.maxLineChars ?? 400;

  const scan: LogScan = {
    path,
    bytes: 0,
    lines: 0,
    matches: 0,
    windows: [],
    windowsDropped: 0,
    tail: null,
    clippedLines: 0,
  };
  const first: LogWindow[] = [];
  const last: LogWindow[] = [];
  const before: Line[] = [];
  const tailRing: Line[] = [];
  let open: Line[] | null = null;
  const focus = [...(opts.focusTimes ?? [])].filter(Number.isFinite).sort((a, b) => a - b);
  let focusIdx = 0;
  let afterLeft = 0;

  const closeWindow = (): void => {
    if (!open) return;
    const w = toWindow(open);
    open = null;
    if (first.length < firstCap) first.push(w);
    else if (lastCap > 0) {
      last.push(w);
      if (last.length > lastCap) {
        last.shift();
        scan.windowsDropped++;
      }
    } else scan.windowsDropped++;
  };

  const onLine = (raw: string, extraChars: number): void => {
    scan.lines++;
    let text = stripAnsi(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    const match = relevant.test(text);
    let moment = false;
    if (focusIdx < focus.length) {
      const at = text.indexOf('"t":');
      if (at !== -1) {
        const t = Number.parseInt(text.slice(at + 4, at + 24), 10);
        if (t >= focus[focusIdx]) {
          moment = true;
          while (focusIdx < focus.length && focus[focusIdx] <= t) focusIdx++;
        }
      }
    }
    if (match) scan.matches++;
    const cut = text.length - maxChars + extraChars;
    if (cut > 0) {
      text = `${text.slice(0, maxChars)}… [+${cut} chars]`;
      scan.clippedLines++;
    }
    const line: Line = { n: scan.lines, text, match };
    if (tailCap > 0) {
      tailRing.push(line);
      if (tailRing.length > tailCap) tailRing.shift();
    }
    const relevantHere = match || moment;
    if (open) {
      open.push(line);
      if (relevantHere) afterLeft = ctx;
      else afterLeft--;
      if (afterLeft <= 0 || open.length >= maxWindowLines) {
        closeWindow();
        before.length = 0;
      }
      return;
    }
    if (relevantHere) {
      open = [...before, line];
      before.length = 0;
      afterLeft = ctx;
      if (ctx === 0 || open.length >= maxWindowLines) closeWindow();
      return;
    }
    if (ctx > 0) {
      before.push(line);
      if (before.length > ctx) before.shift();
    }
  };

  try {
    scan.bytes = (await stat(path)).size;
    const decoder = new StringDecoder('utf8');
    // `carry` holds the start of a line not yet ended; it never grows past maxChars + a margin.
    let carry = '';
    let carryExtra = 0;
    const cap = maxChars + 64;
    const stream = createReadStream(path, { highWaterMark: opts.chunkBytes ?? 1 << 16, signal: opts.signal });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = decoder.write(chunk);
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl === -1) break;
        if (carry || carryExtra) {
          const room = cap - carry.length;
          const piece = text.slice(start, nl);
          if (piece.length > room) {
            onLine(carry + piece.slice(0, Math.max(0, room)), carryExtra + piece.length - Math.max(0, room));
          } else onLine(carry + piece, carryExtra);
          carry = '';
          carryExtra = 0;
        } else if (nl - start > cap) {
          onLine(text.slice(start, start + cap), nl - start - cap);
        } else onLine(text.slice(start, nl), 0);
        start = nl + 1;
      }
      if (start < text.length) {
        const rest = text.length - start;
        const room = cap - carry.length;
        if (rest <= room) carry += text.slice(start);
        else {
          carry += text.slice(start, start + Math.max(0, room));
          carryExtra += rest - Math.max(0, room);
        }
      }
    }
    const end = decoder.end();
    if (end) carry += end;
    if (carry || carryExtra) onLine(carry, carryExtra);
  } catch (err) {
    scan.error = (err as Error).message;
  }
  closeWindow();
  scan.windows = [...first, ...last];
  scan.tail = tailRing.length ? toWindow(tailRing) : null;
  return scan;
}
