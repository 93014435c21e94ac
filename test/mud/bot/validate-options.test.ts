// #11 item 14: `mudBot({...})` options are checked before any socket opens: an empty password used to
// wait out the 15 s login timeout, `tls: true` without a TLS port threw an uncoded Error.
import { describe, expect, vi } from 'vitest';
import { test } from '../../../fixtures/index.ts';
import type { NetwrightConfigError } from '../../../src/errors.ts';
import { validateMudBotOptions } from '../../../src/mud/bot/index.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('mudBot options', () => {
  test.override({ mudServerOptions: { inProcess: true, options: { pulseMs: 20 } } });

  test('every problem at once, at once: empty password, digits in the name, tls without a TLS port', async ({
    mudBot,
    mudServer,
  }) => {
    const t0 = performance.now();
    const err = (await mudBot({ name: 'R2d2', password: '', tls: true }).catch(
      (e: unknown) => e,
    )) as NetwrightConfigError;
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(err.issues.map((i) => i.path)).toEqual(['name', 'password', 'tls']);
    expect(err.problems[0]).toContain('ROM names are 2-12 letters');
    expect(err.problems[1]).toContain('an empty string');
    expect(err.problems[2]).toContain('no TLS port');
    // Nothing reached the server.
    expect(mudServer.events().filter((e) => e.event === 'connect')).toEqual([]);
  });

  test('a too-short password and a typo in an option name', async ({ mudBot }) => {
    const err = (await mudBot({ password: 'abc', timeoutMS: 5 } as never).catch(
      (e: unknown) => e,
    )) as NetwrightConfigError;
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.problems).toEqual([
      "unknown key 'timeoutMS' (did you mean 'timeoutMs'?); known: name, password, create, race, sex, cls, alignment, weapon, takeOver, label, timeoutMs, quitTimeoutMs, clock, seed, patterns, extraPatterns, dialogue, behaviors, tuning, queue, liveness, reconnect, transcriptBytes, latencySeries, onAnswered, onReconnect, secrets, direct, tls, connection",
      'password: must be at least 5 characters (ROM refuses shorter ones), got 3',
    ]);
  });
});

describe('validateMudBotOptions', () => {
  test('accepts good options and never echoes a password', () => {
    expect(
      validateMudBotOptions({ name: 'Alder', password: 'netwright1', tls: true }, { tlsPort: 4001 }),
    ).toEqual([]);
    const problems = validateMudBotOptions({ password: 'x1' });
    expect(JSON.stringify(problems)).not.toContain('x1');
    expect(validateMudBotOptions({ sex: 'q', alignment: 'evil', timeoutMs: 0 }).map((p) => p.path)).toEqual([
      'sex',
      'timeoutMs',
    ]);
  });
});
