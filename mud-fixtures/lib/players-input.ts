// Seed players (with passwords) reach the fixture MUD process without argv: one JSON line on stdin
// (`--players-stdin`, what launchMud does) or a JSON file (`--players-file`, for people). argv is
// readable by every local user in /proc/<pid>/cmdline; a pipe is not.
import { readFileSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { NetwrightConfigError } from '../../src/errors.ts';
import type { SeedPlayer } from './seed-players.ts';
import { validateFixtureMudOptions } from './validate-target.ts';

/** Longest players line read from stdin, bytes (a few thousand players). */
const MAX_LINE_BYTES = 1024 * 1024;

/** Lines of a stream: take the first ones with `next()`, then hand the rest to `onLine()`. */
export class LineReader {
  private buf = '';
  private readonly queue: string[] = [];
  private waiter: ((line: string | Error) => void) | undefined;
  private sinkFn: ((line: string) => void) | undefined;
  private ended = false;

  constructor(input: Readable) {
    input.on('data', (b: Buffer) => {
      this.buf += b.toString('utf8');
      for (let nl = this.buf.indexOf('\n'); nl >= 0; nl = this.buf.indexOf('\n')) {
        this.deliver(this.buf.slice(0, nl).replace(/\r$/, ''));
        this.buf = this.buf.slice(nl + 1);
      }
      if (this.buf.length > MAX_LINE_BYTES) {
        this.buf = '';
        this.fail(new Error(`a stdin line is longer than ${MAX_LINE_BYTES} bytes`));
      }
    });
    input.on('end', () => {
      this.ended = true;
      this.fail(new Error('stdin ended'));
    });
    input.on('error', () => {});
  }

  /** The next line, within `timeoutMs`. */
  next(timeoutMs: number): Promise<string> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(new Error('stdin ended'));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`no line on stdin within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = (v) => {
        clearTimeout(timer);
        this.waiter = undefined;
        if (v instanceof Error) reject(v);
        else resolve(v);
      };
    });
  }

  /** Every later line (and any already queued) goes to `fn`. */
  onLine(fn: (line: string) => void): void {
    this.sinkFn = fn;
    for (const line of this.queue.splice(0)) fn(line);
  }

  private deliver(line: string): void {
    if (this.waiter) this.waiter(line);
    else if (this.sinkFn) this.sinkFn(line);
    else this.queue.push(line);
  }

  private fail(err: Error): void {
    this.waiter?.(err);
  }
}

/** Parse and check a players list (JSON array of SeedPlayer); every problem at once. */
export function parsePlayers(json: string, source: string): SeedPlayer[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new NetwrightConfigError(`players from ${source}`, [`not valid JSON: ${(err as Error).message}`]);
  }
  if (!Array.isArray(data))
    throw new NetwrightConfigError(`players from ${source}`, [
      'expected a JSON array of { name, password, ... }',
    ]);
  const problems = validateFixtureMudOptions({ players: data });
  if (problems.length > 0) throw new NetwrightConfigError(`players from ${source}`, problems);
  return data as SeedPlayer[];
}

/** Players from a JSON file, refusing one other users can read (it holds passwords). */
export function readPlayersFile(path: string): SeedPlayer[] {
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077)
    throw new NetwrightConfigError(`players file ${path}`, [
      `readable by other users (mode ${mode.toString(8)}); it holds passwords: chmod 600 it`,
    ]);
  return parsePlayers(readFileSync(path, 'utf8'), path);
}
