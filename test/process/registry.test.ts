import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { pidAlive } from '../../src/process/index.ts';
import { pollUntil } from '../../src/process/wait.ts';
import { killStraysAfterEach } from './helpers.ts';

const host = fileURLToPath(new URL('./exit-hook-host.ts', import.meta.url));
const strays = killStraysAfterEach();

describe('registry exit hook', () => {
  for (const mode of ['exit', 'throw']) {
    it(`a host that ends without stop() (${mode}) takes its children with it, even without the watchdog`, async () => {
      const run = await execa(process.execPath, [host], {
        reject: false,
        env: { MODE: mode, NETWRIGHT_WATCHDOG: '0' },
      });
      expect(run.exitCode).toBe(mode === 'exit' ? 0 : 1);
      const pid = Number(run.stdout.trim());
      strays.push(pid);
      expect(pid).toBeGreaterThan(0);
      expect(await pollUntil(() => !pidAlive(pid), 10_000)).toBe(true);
    });
  }
});
