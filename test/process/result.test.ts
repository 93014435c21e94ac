import { describe, expect, it } from 'vitest';
import { NetwrightError } from '../../src/errors.ts';
import { ProcessErrorCode } from '../../src/process/index.ts';
import { errorJson, terminationReason } from '../../src/process/result.ts';

const err = (code: string): NetwrightError => new NetwrightError(code, 'x');
const ok = { code: 0, signal: null };

describe('terminationReason', () => {
  it('failures of kind wall-clock, fatal-pattern and not-ready win over how the process ended', () => {
    expect(
      terminationReason({ exit: ok, failure: err(ProcessErrorCode.WALL_CLOCK), teardownStep: 'kill' }),
    ).toBe('wall-clock');
    expect(
      terminationReason({ exit: ok, failure: err(ProcessErrorCode.FATAL_OUTPUT), teardownStep: 'term' }),
    ).toBe('fatal-pattern');
    expect(
      terminationReason({ exit: undefined, failure: err(ProcessErrorCode.NOT_READY), teardownStep: 'term' }),
    ).toBe('not-ready');
  });

  it('stop() of a running process says stopped, or killed when SIGKILL was needed', () => {
    expect(terminationReason({ exit: undefined, failure: undefined, teardownStep: 'pending' })).toBe(
      'stopped',
    );
    expect(terminationReason({ exit: ok, failure: undefined, teardownStep: 'graceful' })).toBe('stopped');
    expect(terminationReason({ exit: ok, failure: undefined, teardownStep: 'unkillable' })).toBe('killed');
  });

  it('a process that ended by itself is exited (code 0) or crashed, even if stop() ran later', () => {
    expect(terminationReason({ exit: ok, failure: undefined, teardownStep: 'already-exited' })).toBe(
      'exited',
    );
    const crash = { code: null, signal: 'SIGSEGV' };
    expect(
      terminationReason({ exit: crash, failure: err(ProcessErrorCode.CRASHED), teardownStep: undefined }),
    ).toBe('crashed');
  });
});

describe('errorJson', () => {
  it('drops details.result so a result that embeds its own error stays acyclic', () => {
    const e = new NetwrightError('ERR_X', 'boom', { details: { tail: ['a'] } });
    e.details.result = { error: errorJson(e) };
    expect(() => JSON.stringify(e.details.result)).not.toThrow();
    expect(errorJson(e).details).toEqual({ tail: ['a'] });
  });
});
