import { spawn } from 'node:child_process';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { pidAlive } from '../../src/process/index.ts';
import { pollUntil } from '../../src/process/wait.ts';
import { watchdogArgs } from '../../src/process/watchdog.ts';
import { fixtureProgram, killStraysAfterEach } from './helpers.ts';

const strays = killStraysAfterEach({ group: true });

/** A detached group whose members ignore SIGTERM (only SIGKILL ends them). */
function stubbornGroup(): number {
  const child = spawn(process.execPath, [fixtureProgram('stubborn.mjs')], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  strays.push(child.pid ?? 0);
  return child.pid ?? 0;
}

describe.each(['file', 'inline'] as const)('watchdog (%s mode)', (mode) => {
  it('kills registered groups (TERM, then KILL) when its stdin closes, ignores removed ones', async () => {
    const kept = stubbornGroup();
    const removed = stubbornGroup();
    const dog = execa(process.execPath, watchdogArgs(process.pid, mode), {
      stdin: 'pipe',
      reject: false,
    });
    dog.stdin?.write(`add ${kept}\nadd ${removed}\nremove ${removed}\ngarbage line\n`);
    dog.stdin?.end();
    const result = await dog;
    expect(result.exitCode).toBe(0);
    expect(await pollUntil(() => !pidAlive(kept), 10_000)).toBe(true);
    expect(pidAlive(removed)).toBe(true);
  });

  it('kills registered groups when the parent pid disappears', async () => {
    const group = stubbornGroup();
    const parent = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const dog = execa(process.execPath, watchdogArgs(parent.pid ?? 0, mode), {
      stdin: 'pipe',
      reject: false,
    });
    dog.stdin?.write(`add ${group}\n`);
    parent.kill('SIGKILL');
    await dog;
    expect(await pollUntil(() => !pidAlive(group), 10_000)).toBe(true);
  });
});
