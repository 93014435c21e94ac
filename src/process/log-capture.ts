// Output capture for one process:
//
//   child stdout ─┐                 ┌─> LogFile <logDir>/<name>.stdout.log   (capped, backpressure)
//                 ├─> LineSplitter ─┼─> RingBuffer tails (per stream + merged, drop-oldest, counted)
//   child stderr ─┘                 └─> onLine(line, stream)  (events, fatal patterns, subscribers)
//
// Memory is bounded by the tail capacities and maxLineChars; a flooding child is slowed down by the
// file's backpressure (its pipe fills) rather than buffered.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter.ts';
import { LogFile } from './log-file.ts';
import { RingBuffer } from './ring-buffer.ts';

export type StreamName = 'stdout' | 'stderr';

export interface LogCaptureOptions {
  name: string;
  logDir?: string;
  tailLines: number;
  maxTailChars: number;
  maxLineChars: number;
  maxLogBytes: number;
  onLine: (line: string, stream: StreamName) => void;
}

/** File-system-safe version of a process name. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'process';
}

/** `name`, or `name-2`, `name-3`... when logs of that name already exist (a retry, a reused name). */
function uniqueBase(dir: string, name: string): string {
  for (let i = 1; i < 1_000; i++) {
    const base = i === 1 ? name : `${name}-${i}`;
    if (!existsSync(join(dir, `${base}.stdout.log`)) && !existsSync(join(dir, `${base}.stderr.log`)))
      return base;
  }
  return `${name}-${process.pid}-${Date.now()}`;
}

export class LogCapture {
  readonly logPaths: { stdout?: string; stderr?: string } = {};
  readonly lineCounts = { stdout: 0, stderr: 0 };
  private readonly tails: Record<StreamName, RingBuffer<string>>;
  private readonly merged: RingBuffer<string>;
  private readonly files: Partial<Record<StreamName, LogFile>> = {};
  private readonly splitters: LineSplitter[] = [];
  private readonly opts: LogCaptureOptions;

  constructor(opts: LogCaptureOptions) {
    this.opts = opts;
    const weigh = (line: string): number => line.length;
    const perStream = { maxWeight: opts.maxTailChars, weigh };
    this.tails = {
      stdout: new RingBuffer(opts.tailLines, perStream),
      stderr: new RingBuffer(opts.tailLines, perStream),
    };
    this.merged = new RingBuffer(opts.tailLines * 2, { maxWeight: opts.maxTailChars * 2, weigh });
    if (opts.logDir) {
      const base = uniqueBase(opts.logDir, safeFileName(opts.name));
      for (const stream of ['stdout', 'stderr'] as const) {
        const path = join(opts.logDir, `${base}.${stream}.log`);
        this.files[stream] = new LogFile(path, opts.maxLogBytes);
        this.logPaths[stream] = path;
      }
    }
  }

  /** Starts reading `source`; resolves when it ends, closes or errors. */
  attach(source: Readable | null | undefined, stream: StreamName): Promise<void> {
    if (!source) return Promise.resolve();
    const file = this.files[stream];
    const pending: string[] = [];
    const splitter = new LineSplitter((line) => {
      this.record(line, stream);
      pending.push(line);
    }, this.opts.maxLineChars);
    this.splitters.push(splitter);
    const writePending = (): void => {
      if (pending.length === 0) return;
      const ok = file ? file.writeLines(pending) : true;
      pending.length = 0;
      if (!ok && file) {
        source.pause();
        file.onDrain(() => source.resume());
      }
    };
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        splitter.flush();
        writePending();
        resolve();
      };
      source.on('data', (chunk: Buffer | string) => {
        splitter.push(chunk);
        writePending();
      });
      source.once('end', finish);
      source.once('close', finish);
      source.once('error', finish);
    });
  }

  private record(line: string, stream: StreamName): void {
    this.lineCounts[stream]++;
    this.tails[stream].push(line);
    this.merged.push(`[${stream}] ${line}`);
    this.opts.onLine(line, stream);
  }

  /** Last `n` lines of both streams in arrival order, prefixed with the stream. */
  tail(n = 50): string[] {
    return this.merged.last(n);
  }

  streamTail(stream: StreamName, n?: number): string[] {
    return this.tails[stream].last(n);
  }

  get tailDropped(): number {
    return this.tails.stdout.dropped + this.tails.stderr.dropped;
  }

  get truncatedLines(): number {
    return this.splitters.reduce((sum, s) => sum + s.truncated, 0);
  }

  get logLinesDropped(): number {
    return (this.files.stdout?.droppedLines ?? 0) + (this.files.stderr?.droppedLines ?? 0);
  }

  /** Flushes and closes the log files (bounded). */
  async close(): Promise<void> {
    await Promise.all([this.files.stdout?.close(), this.files.stderr?.close()]);
  }
}
