import { afterEach, describe, expect, it } from 'vitest';
import { type ManagedProcess, pidAlive, registeredGroups, spawnProcess } from '../../src/process/index.ts';
import { pollUntil } from '../../src/process/wait.ts';
import { killStraysAfterEach, nodeProgram } from './helpers.ts';

const started: ManagedProcess[] = [];
const strays = killStraysAfterEach();
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});

async function start(...args: Parameters<typeof spawnProcess>): Promise<ManagedProcess> {
  const proc = await spawnProcess(...args);
  started.push(proc);
  return proc;
}

describe('stop()', () => {
  it('escalates to SIGKILL when the process ignores SIGTERM (reason killed)', async () => {
    const proc = await start(
      nodeProgram('stubborn', 'ignore-term.mjs', {
        readiness: { kind: 'log', pattern: /^ready$/ },
        killGraceMs: 300,
      }),
    );
    const result = await proc.stop();
    expect(result).toMatchObject({ reason: 'killed', signal: 'SIGKILL', failed: false });
    expect(result.stdoutTail).toContain('got SIGTERM, ignoring it');
    expect(pidAlive(proc.pid)).toBe(false);
  });

  it('kills grandchildren with the group, even ones that ignore SIGTERM', async () => {
    const proc = await start(
      nodeProgram('parent', 'grandchildren.mjs', {
        env: { COUNT: '3', IGNORE_TERM: '1' },
        readiness: { kind: 'event', match: 'children' },
        killGraceMs: 300,
      }),
    );
    const pids = (await proc.waitForEvent('children')).pids as number[];
    strays.push(...pids);
    expect(pids).toHaveLength(3);
    expect(pids.every(pidAlive)).toBe(true);
    await proc.stop();
    expect(pids.filter(pidAlive)).toEqual([]);
    expect(registeredGroups()).not.toContain(proc.pid);
  });

  it('kills grandchildren left behind by a leader that already exited', async () => {
    const proc = await start(
      nodeProgram('leaver', 'grandchildren.mjs', {
        env: { COUNT: '2', EXIT_PARENT: '1' },
        readiness: { kind: 'event', match: 'children' },
      }),
    );
    const pids = (await proc.waitForEvent('children')).pids as number[];
    strays.push(...pids);
    await proc.exited;
    expect(pids.every(pidAlive)).toBe(true);
    expect(registeredGroups()).toContain(proc.pid);
    const result = await proc.stop();
    expect(result.reason).toBe('exited');
    expect(pids.filter(pidAlive)).toEqual([]);
  });

  it('tries gracefulStop first and ends with reason stopped when the process then exits', async () => {
    let asked = 0;
    let proc: ManagedProcess | undefined;
    proc = await start(
      nodeProgram('polite', 'emit-events.mjs', {
        readiness: { kind: 'event', match: 'ready' },
        gracefulStop: () => {
          asked++;
          process.kill(proc?.pid ?? 0, 'SIGINT');
        },
      }),
    );
    const result = await proc.stop();
    expect(asked).toBe(1);
    expect(result).toMatchObject({ reason: 'stopped', signal: 'SIGINT', failed: false });
  });

  it('moves on to SIGTERM when gracefulStop throws or hangs', async () => {
    const throwing = await start(
      nodeProgram('g1', 'emit-events.mjs', {
        readiness: { kind: 'event', match: 'ready' },
        gracefulStop: () => {
          throw new Error('control socket gone');
        },
      }),
    );
    const hanging = await start(
      nodeProgram('g2', 'emit-events.mjs', {
        readiness: { kind: 'event', match: 'ready' },
        stopGraceMs: 200,
        gracefulStop: () => new Promise<void>(() => {}),
      }),
    );
    const [a, b] = await Promise.all([throwing.stop(), hanging.stop()]);
    expect(a).toMatchObject({ reason: 'stopped', signal: 'SIGTERM' });
    expect(b).toMatchObject({ reason: 'stopped', signal: 'SIGTERM' });
  });

  it('is idempotent and safe after exit', async () => {
    const proc = await start(
      nodeProgram('twice', 'emit-events.mjs', { readiness: { kind: 'event', match: 'ready' } }),
    );
    const [a, b] = await Promise.all([proc.stop(), proc.stop()]);
    expect(a).toEqual(b);
    const c = await proc.stop();
    expect(c.reason).toBe('stopped');
    expect(await pollUntil(() => !pidAlive(proc.pid), 5_000)).toBe(true);
  });

  it('a crash just before stop() still counts as a failure (stop did not ask for that exit)', async () => {
    const proc = await start(
      nodeProgram('crash-then-stop', 'grandchildren.mjs', {
        env: { COUNT: '1', EXIT_PARENT: '1', EXIT_CODE: '5' },
        readiness: { kind: 'event', match: 'children' },
      }),
    );
    strays.push(...((await proc.waitForEvent('children')).pids as number[]));
    // the grandchild holds the pipes, so output draining keeps `exited` pending while stop() starts
    expect(await pollUntil(() => proc.hasExited, 10_000)).toBe(true);
    const result = await proc.stop();
    expect(result).toMatchObject({ exitCode: 5, reason: 'crashed', failed: true });
    expect(result.error?.code).toBe('ERR_PROCESS_CRASHED');
  });
});
