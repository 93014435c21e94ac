import { afterEach, describe, expect, it } from 'vitest';
import { type ManagedProcess, ProcessErrorCode, spawnProcess } from '../../src/process/index.ts';
import { nodeProgram } from './helpers.ts';

const started: ManagedProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});

async function startDieOnQuit(env: Record<string, string> = {}): Promise<ManagedProcess> {
  const proc = await spawnProcess(
    nodeProgram('mud', 'die-on-quit.mjs', {
      env,
      stdin: 'pipe',
      readiness: { kind: 'log', pattern: /^ready$/ },
      gracefulStop: () => {
        proc.stdin?.write('quit\n');
      },
      stopGraceMs: 3000,
    }),
  );
  started.push(proc);
  return proc;
}

describe('a process that dies by a signal the supervisor did not send while being stopped', () => {
  it('is a crash (ERR_PROCESS_CRASHED, reason crashed, failed), not "stopped"', async () => {
    const proc = await startDieOnQuit();
    const result = await proc.stop();
    expect(result).toMatchObject({ reason: 'crashed', failed: true, signal: 'SIGUSR2' });
    expect(result.error?.code).toBe(ProcessErrorCode.CRASHED);
    expect(result.error?.message).toMatch(/SIGUSR2 while being stopped/);
    expect(proc.failure?.code).toBe(ProcessErrorCode.CRASHED);
  });

  it('a SIGKILL from elsewhere during the graceful request is a crash too', async () => {
    const proc = await startDieOnQuit({ DIE_SIGNAL: 'SIGKILL' });
    const result = await proc.stop();
    expect(result).toMatchObject({ reason: 'crashed', failed: true, signal: 'SIGKILL' });
  });

  it('the SIGTERM the supervisor sent is a stop, not a crash (healthy twin)', async () => {
    // Without a graceful request, stop() goes straight to SIGTERM; the default handler dies of it.
    const proc = await spawnProcess(
      nodeProgram('plain', 'die-on-quit.mjs', { readiness: { kind: 'log', pattern: /^ready$/ } }),
    );
    started.push(proc);
    const result = await proc.stop();
    expect(result).toMatchObject({ reason: 'stopped', failed: false, signal: 'SIGTERM' });
  });
});
