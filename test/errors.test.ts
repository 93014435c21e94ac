import { describe, expect, it } from 'vitest';
import { hasErrorCode, NetwrightConfigError, NetwrightError } from '../src/errors.ts';

describe('NetwrightError', () => {
  it('carries code, hint and details and serialises them', () => {
    const err = new NetwrightError('ERR_X', 'bad thing: 42', { hint: 'do y', details: { value: 42 } });
    expect(err.code).toBe('ERR_X');
    expect(err.message).toContain('hint: do y');
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({
      code: 'ERR_X',
      hint: 'do y',
      details: { value: 42 },
    });
    expect(hasErrorCode(err, 'ERR_X')).toBe(true);
    expect(hasErrorCode(new Error('x'), 'ERR_X')).toBe(false);
  });

  it('collects configuration problems together', () => {
    const err = new NetwrightConfigError('network config', [
      'latencyMs must be >= 0 (got -1)',
      'unknown key "lag"',
    ]);
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.problems).toHaveLength(2);
    expect(err.message).toContain('unknown key "lag"');
  });
});
