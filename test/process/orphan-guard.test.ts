import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { pidAlive } from '../../src/process/index.ts';
import { pollUntil } from '../../src/process/wait.ts';
import { killStraysAfterEach } from './helpers.ts';

const hostScript = fileURLToPath(new URL('./orphan-guard-host.ts', import.meta.url));
const strays = killStraysAfterEach();

/** Starts a host that installs the guard and spawns a stubborn child; returns it and the pids involved. */
async function startHost(ipc: boolean) {
  const host = execa(process.execPath, [hostScript], {
    reject: false,
    ipc,
    env: { NETWRIGHT_WATCHDOG: '0' }, // prove the guard alone does the job
  });
  const pids = await new Promise<number[]>((resolve) => {
    let text = '';
    host.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0]) as number[]);
    });
  });
  strays.push(...pids);
  return { host, pids };
}

describe('installOrphanGuard', () => {
  it('on SIGTERM: kills the children (which ignore TERM) and exits', async () => {
    const { host, pids } = await startHost(false);
    expect(pids.every(pidAlive)).toBe(true);
    host.kill('SIGTERM');
    const result = await host;
    expect(result.exitCode === 143 || result.signal === 'SIGTERM').toBe(true);
    expect(await pollUntil(() => !pids.some(pidAlive), 10_000)).toBe(true);
  });

  it('on IPC disconnect: kills the children and exits', async () => {
    const { host, pids } = await startHost(true);
    host.nodeChildProcess.disconnect();
    const result = await host;
    expect(result.exitCode).toBe(1);
    expect(await pollUntil(() => !pids.some(pidAlive), 10_000)).toBe(true);
  });
});
