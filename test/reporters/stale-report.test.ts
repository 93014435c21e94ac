// #11 item 13: a run stopped in its first second must not leave the previous run's report (status
// passed) in place, where a CI step would read a stale pass.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport, runVitest, startVitest, tempDir, waitFor } from './run-vitest.ts';

function stalePass(out: string): void {
  const stale = {
    schemaVersion: 2,
    tool: 'netwright',
    status: 'passed',
    complete: true,
    totals: { tests: 9 },
  };
  writeFileSync(path.join(out, 'report.json'), JSON.stringify(stale));
  writeFileSync(path.join(out, 'summary.md'), '# netwright report ✅ passed\n');
}

describe('the previous run report when a new run starts', () => {
  it('is replaced the moment the config creates the plugin, before a Ctrl-C can strike', async () => {
    const out = tempDir('stale');
    stalePass(out);
    const child = startVitest('report-slow-config', ['run'], { NW_OUT: out, NW_CONFIG_DELAY_MS: '30000' });
    await waitFor(() => existsSync(path.join(out, 'config-loading')), 60_000, 'the config to load');
    child.kill('SIGINT');
    const res = await child;
    expect(res.exitCode === 0).toBe(false);
    const r = readReport(out);
    expect(r.status).not.toBe('passed');
    expect(r).toMatchObject({ status: 'running', complete: false, totals: { tests: 0 } });
    expect(r.run.pid).toBe(child.pid);
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toMatch(
      /^# netwright report ⏳ running \(still running at .*if that process is gone, the run was killed\)/,
    );
  }, 90_000);

  it('is replaced by the finished run as usual', async () => {
    const out = tempDir('stale-done');
    stalePass(out);
    const res = await runVitest('report-slow-config', [], { NW_OUT: out });
    expect(res.exitCode).toBe(0);
    expect(readReport(out)).toMatchObject({
      status: 'passed',
      complete: true,
      totals: { tests: 1, passed: 1 },
    });
  }, 90_000);
});
