// Ask the LLM: run the user's LLM command (any CLI that reads a prompt on stdin and answers on stdout,
// e.g. `claude -p`, `gemini -p`, `codex exec`, `llm`) in its own process group, with a time limit and
// a cap on what is kept of its answer. The answer is data: it is never run, only searched for a diff.
import { spawn } from 'node:child_process';

export interface LlmAnswer {
  /** stdout (at most maxOutputBytes). */
  text: string;
  stderrTail: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Stopped by the caller's signal (Ctrl-C). */
  aborted: boolean;
  truncated: boolean;
  durationMs: number;
}

export interface LlmOptions {
  command: string;
  prompt: string;
  cwd: string;
  timeoutMs: number;
  maxOutputBytes?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/** Kill a whole process group: TERM, then KILL after `graceMs`. */
function killGroup(pid: number | undefined, graceMs = 2000): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const t = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }, graceMs);
  t.unref();
}

/** Run the LLM command once; never throws (a failed start is exitCode null + stderr). */
export function askLlm(opts: LlmOptions): Promise<LlmAnswer> {
  const max = opts.maxOutputBytes ?? 1_000_000;
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', opts.command], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let truncated = false;
    let err = '';
    let timedOut = false;
    let aborted = false;
    child.stdout.on('data', (b: Buffer) => {
      const room = max - outBytes;
      if (b.length > room) truncated = true;
      if (room <= 0) return;
      out.push(b.subarray(0, room));
      outBytes += Math.min(b.length, room);
    });
    child.stderr.on('data', (b: Buffer) => {
      err = (err + b.toString('utf8')).slice(-4000);
    });
    child.stdin.on('error', () => undefined); // an LLM CLI that exits without reading all of it
    child.stdin.end(opts.prompt);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, opts.timeoutMs);
    const onAbort = () => {
      aborted = true;
      killGroup(child.pid, 500);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    const finish = (exitCode: number | null, signal: string | null) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      // Whatever the shell left running in its group goes too.
      if (timedOut || aborted || signal) killGroup(child.pid, 0);
      resolve({
        text: Buffer.concat(out).toString('utf8'),
        stderrTail: err,
        exitCode,
        signal,
        timedOut,
        aborted,
        truncated,
        durationMs: Math.round(performance.now() - started),
      });
    };
    child.on('error', (e) => {
      err += `\ncannot start: ${e.message}`;
      finish(null, null);
    });
    child.on('close', (code, sig) => finish(code, sig));
  });
}
