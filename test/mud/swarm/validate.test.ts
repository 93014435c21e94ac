import { describe, expect, it } from 'vitest';
import type { NetwrightConfigError } from '../../../src/errors.ts';
import { MudSwarm, validateSwarmOptions } from '../../../src/mud/swarm/index.ts';

describe('swarm options', () => {
  it('reports every problem at once, with paths and hints', () => {
    let err: NetwrightConfigError | undefined;
    try {
      validateSwarmOptions({
        host: '127.0.0.1',
        port: 0,
        bots: 0,
        name: 'Bot7',
        behaviors: ['combat', 'explor'],
        queue: { maxPerSecnd: 3 },
        shard: { index: 2, count: 2 },
        passwordEnv: 'NETWRIGHT_SURELY_UNSET_VAR',
        durationMs: -1,
        lag: 1,
      });
    } catch (e) {
      err = e as NetwrightConfigError;
    }
    expect(err?.code).toBe('ERR_CONFIG_INVALID');
    const paths = err?.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '',
        'port',
        'bots',
        'name',
        'behaviors[1]',
        'queue',
        'shard.index',
        'passwordEnv',
        'durationMs',
      ]),
    );
    expect(err?.message).toContain("did you mean 'explore'");
    expect(err?.message).toContain('letters only');
  });

  it('a valid config passes, and a swarm refuses bad options before opening anything', () => {
    expect(() => validateSwarmOptions({ host: '127.0.0.1', port: 4000, bots: 5, name: 'Ok' })).not.toThrow();
    expect(() => new MudSwarm({ host: '127.0.0.1', port: 4000, bots: 5, credentials: [] })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
  });
});
