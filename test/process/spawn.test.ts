import { afterEach, describe, expect, it } from 'vitest';
import {
  type ManagedProcess,
  ProcessErrorCode,
  type ProcessResult,
  spawnProcess,
} from '../../src/process/index.ts';
import { nodeProgram, rejectionOf } from './helpers.ts';

const started: ManagedProcess[] = [];
async function start(...args: Parameters<typeof spawnProcess>): Promise<ManagedProcess> {
  const proc = await spawnProcess(...args);
  started.push(proc);
  return proc;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});

describe('spawnProcess', () => {
  it('resolves when the readiness event arrives and parses events, counting malformed ones', async () => {
    const proc = await start(
      nodeProgram('events', 'emit-events.mjs', { readiness: { kind: 'event', match: 'ready' } }),
    );
    expect(proc.pid).toBeGreaterThan(0);
    expect(proc.events.map((e) => e.event)).toEqual(['tick', 'tick', 'tick', 'ready']);
    expect(proc.events[0]).toMatchObject({ level: 'info', cat: 'test', i: 0 });
    expect(proc.stats.malformedEvents).toBe(2);
    expect(proc.tail()).toContain('[stdout] [LOG_JSON]{not json');
    expect(proc.failure).toBeUndefined();
  });

  it('becomes ready on a log pattern restricted to one stream', async () => {
    const proc = await start(
      nodeProgram('log', 'emit-events.mjs', {
        readiness: { kind: 'log', pattern: /stderr line/, stream: 'stderr' },
      }),
    );
    expect(proc.tail().some((l) => l === '[stderr] a stderr line')).toBe(true);
  });

  it('rejects with ERR_PROCESS_NOT_READY carrying the log tail, and stops the process', async () => {
    const err = await rejectionOf(
      spawnProcess(
        nodeProgram('slow', 'never-ready.mjs', {
          readiness: { kind: 'log', pattern: /^ready$/, timeoutMs: 1_500 },
        }),
      ),
    );
    expect(err.code).toBe(ProcessErrorCode.NOT_READY);
    const details = err.details as { tail: string[]; result: ProcessResult };
    expect(details.tail.some((l) => l.includes('still booting'))).toBe(true);
    expect(details.result).toMatchObject({ reason: 'not-ready', failed: true, timedOut: true });
    expect(details.result.error?.code).toBe(ProcessErrorCode.NOT_READY);
    // the result is plain data: it serialises (no cycle through error.details.result)
    expect(JSON.parse(JSON.stringify(details.result)).reason).toBe('not-ready');
    expect(JSON.parse(JSON.stringify(err)).code).toBe(ProcessErrorCode.NOT_READY);
  });

  it('rejects with ERR_PROCESS_EXITED_EARLY, exit code and tail when the process dies before ready', async () => {
    const err = await rejectionOf(
      spawnProcess(nodeProgram('crashy', 'crash.mjs', { readiness: { kind: 'event', match: 'ready' } })),
    );
    expect(err.code).toBe(ProcessErrorCode.EXITED_EARLY);
    const details = err.details as { exitCode: number; tail: string[]; result: ProcessResult };
    expect(details.exitCode).toBe(3);
    expect(details.tail).toContain('[stderr] fatal: world file missing');
    expect(details.result).toMatchObject({ exitCode: 3, reason: 'crashed', failed: true });
  });

  it('reports a crash after ready as failure ERR_PROCESS_CRASHED with reason crashed', async () => {
    const proc = await start(
      nodeProgram('crash-later', 'crash.mjs', {
        env: { READY: '1', EXIT_AFTER_MS: '100', EXIT_CODE: '7' },
        readiness: { kind: 'event', match: 'ready' },
      }),
    );
    const failures: string[] = [];
    proc.onFailure((e) => failures.push(e.code));
    const result = await proc.exited;
    expect(result).toMatchObject({ exitCode: 7, reason: 'crashed', failed: true, timedOut: false });
    expect(result.error?.code).toBe(ProcessErrorCode.CRASHED);
    expect(result.stderrTail).toEqual(['fatal: world file missing']);
    expect(failures).toEqual([ProcessErrorCode.CRASHED]);
    expect(proc.hasExited).toBe(true);
  });

  it('a clean exit by itself is reason exited and not a failure', async () => {
    const proc = await start(
      nodeProgram('quitter', 'emit-events.mjs', {
        env: { EXIT_AFTER_MS: '50' },
        readiness: { kind: 'event', match: 'ready' },
      }),
    );
    const result = await proc.exited;
    expect(result).toMatchObject({ exitCode: 0, signal: null, reason: 'exited', failed: false });
    expect(proc.events.at(-1)?.event).toBe('bye');
  });

  it('rejects with ERR_PROCESS_SPAWN_FAILED and a hint naming the missing binary', async () => {
    const err = await rejectionOf(spawnProcess({ name: 'ghost', command: 'netwright-no-such-binary-xyz' }));
    expect(err.code).toBe(ProcessErrorCode.SPAWN_FAILED);
    expect(err.hint).toContain('netwright-no-such-binary-xyz');
    expect((err.details as { result: ProcessResult }).result).toMatchObject({
      reason: 'spawn-failed',
      pid: 0,
    });
  });

  it('says which directory is missing when cwd does not exist', async () => {
    const err = await rejectionOf(
      spawnProcess(nodeProgram('nocwd', 'emit-events.mjs', { cwd: '/nonexistent/netwright-dir' })),
    );
    expect(err.code).toBe(ProcessErrorCode.SPAWN_FAILED);
    expect(err.hint).toContain('/nonexistent/netwright-dir');
  });

  it('collects all configuration problems at once', async () => {
    const err = await rejectionOf(spawnProcess({ name: '', command: '', wallClockLimitMs: -1 }));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect((err as unknown as { problems: string[] }).problems).toHaveLength(3);
  });

  it('passes env and args through', async () => {
    const proc = await start(
      nodeProgram('env', 'emit-events.mjs', {
        env: { EVENTS: '5' },
        readiness: { kind: 'event', match: 'ready' },
      }),
    );
    expect(proc.events.filter((e) => e.event === 'tick')).toHaveLength(5);
  });

  it('aborting the signal before ready stops the process and rejects with the abort reason', async () => {
    const ac = new AbortController();
    const pending = spawnProcess(
      nodeProgram('aborted', 'never-ready.mjs', {
        signal: ac.signal,
        readiness: { kind: 'log', pattern: /never/ },
      }),
    );
    setTimeout(() => ac.abort(new Error('test over')), 200);
    const err = await rejectionOf(pending);
    expect(err.message).toBe('test over');
  });
});

describe('events and subscribers', () => {
  it('waitForEvent matches past events by default, new ones with includePast: false', async () => {
    const proc = await start(
      nodeProgram('wait', 'emit-events.mjs', {
        env: { EXIT_AFTER_MS: '300' },
        readiness: { kind: 'event', match: 'ready' },
      }),
    );
    await expect(proc.waitForEvent('tick')).resolves.toMatchObject({ event: 'tick', i: 0 });
    const bye = await proc.waitForEvent((e) => e.event === 'bye', { includePast: false, timeoutMs: 10_000 });
    expect(bye.cat).toBe('test');
  });

  it('waitForEvent rejects with ERR_PROCESS_EVENT_TIMEOUT and with the abort reason', async () => {
    const proc = await start(
      nodeProgram('wait2', 'emit-events.mjs', { readiness: { kind: 'event', match: 'ready' } }),
    );
    const timeout = await rejectionOf(proc.waitForEvent('never', { timeoutMs: 100 }));
    expect(timeout.code).toBe(ProcessErrorCode.EVENT_TIMEOUT);
    expect((timeout.details as { recentEvents: string[] }).recentEvents).toContain('ready');
    const ac = new AbortController();
    const aborted = proc.waitForEvent('never', { signal: ac.signal });
    ac.abort(new Error('cancelled'));
    expect((await rejectionOf(aborted)).message).toBe('cancelled');
  });

  it('waitForEvent rejects with ERR_PROCESS_EXITED_EARLY when the process exits first', async () => {
    const proc = await start(
      nodeProgram('wait3', 'emit-events.mjs', {
        env: { EXIT_AFTER_MS: '100' },
        readiness: { kind: 'event', match: 'ready' },
      }),
    );
    const err = await rejectionOf(proc.waitForEvent('never', { timeoutMs: 20_000 }));
    expect(err.code).toBe(ProcessErrorCode.EXITED_EARLY);
  });

  it('onEvent and onLine deliver until unsubscribed', async () => {
    const proc = await start(
      nodeProgram('subs', 'emit-events.mjs', {
        env: { EXIT_AFTER_MS: '200' },
        readiness: { kind: 'event', match: 'ready' },
      }),
    );
    const events: string[] = [];
    const lines: string[] = [];
    proc.onEvent((e) => events.push(e.event));
    const off = proc.onLine((l) => lines.push(l));
    off();
    await proc.exited;
    expect(events).toEqual(['bye']);
    expect(lines).toEqual([]);
  });
});

describe('stdin, snapshots and log-file trouble', () => {
  it('exposes stdin with stdin: pipe; closing it lets the child exit by itself', async () => {
    const proc = await start(
      nodeProgram('echo', 'echo-stdin.mjs', {
        stdin: 'pipe',
        readiness: { kind: 'log', pattern: /^ready$/ },
      }),
    );
    const echoed = new Promise<string>((resolve) => proc.onLine((l) => l.startsWith('echo:') && resolve(l)));
    proc.stdin?.write('hello\n');
    expect(await echoed).toBe('echo: hello');
    expect(proc.snapshot()).toMatchObject({ exitCode: null, failed: false });
    proc.stdin?.end();
    expect(await proc.exited).toMatchObject({ reason: 'exited', exitCode: 0 });
  });

  it('stdin is undefined by default', async () => {
    const proc = await start(
      nodeProgram('nostdin', 'emit-events.mjs', { readiness: { kind: 'event', match: 'ready' } }),
    );
    expect(proc.stdin).toBeUndefined();
  });

  it('an unwritable logDir does not break capture: lines are counted as not logged', async () => {
    const proc = await start(
      nodeProgram('badlog', 'emit-events.mjs', {
        logDir: '/dev/null/netwright-cannot-exist',
        readiness: { kind: 'event', match: 'ready' },
      }),
    );
    const result = await proc.stop();
    expect(result.stats.stdoutLines).toBe(7);
    expect(result.stats.logLinesDropped).toBe(8);
    expect(result.stdoutTail).toHaveLength(7);
  });
});
