// #11 item 10: secrets on a command line or in an environment never reach a record (process
// results in task meta and reports); stdinData hands a child a secret without argv.
import { describe, expect, it } from 'vitest';
import { redactArgs, redactEnv, redactText, spawnProcess } from '../../src/process/index.ts';
import { fixtureProgram, killStraysAfterEach, nodeProgram } from './helpers.ts';

const strays = killStraysAfterEach({ group: true });

describe('redaction', () => {
  it('masks values after secret-named flags, in --flag=value form, and in --player name:password', () => {
    expect(
      redactArgs([
        'mud98',
        '--password',
        'hunter2',
        '--api-token=abc',
        '--player',
        'Bob:hunter2:bot',
        '--player=Ann:pw12345',
        '--port',
        '4000',
        '--password-stdin',
        '--seed',
        '7',
      ]),
    ).toEqual([
      'mud98',
      '--password',
      '***',
      '--api-token=***',
      '--player',
      'Bob:***:bot',
      '--player=Ann:***',
      '--port',
      '4000',
      '--password-stdin',
      '--seed',
      '7',
    ]);
    expect(redactEnv({ MUD_PASSWORD: 'x', GITHUB_TOKEN: 'y', TEST_PORT: '7' })).toEqual({
      MUD_PASSWORD: '***',
      GITHUB_TOKEN: '***',
      TEST_PORT: '7',
    });
    expect(redactText('Command failed: mud --password hunter2', ['--password', 'hunter2'])).toBe(
      'Command failed: mud --password ***',
    );
  });

  it("a process's recorded args are redacted; stdinData reaches it without argv", async () => {
    const proc = await spawnProcess(
      nodeProgram('echo', 'echo-stdin.mjs', {
        args: [fixtureProgram('echo-stdin.mjs'), '--password', 'hunter2'],
        stdinData: 'the secret line\n',
        readiness: { kind: 'log', pattern: /^echo: the secret line$/ },
      }),
    );
    strays.push(proc.pid);
    expect(JSON.stringify(proc.snapshot().args)).not.toContain('hunter2');
    const result = await proc.stop();
    expect(result.args.slice(-2)).toEqual(['--password', '***']);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});
