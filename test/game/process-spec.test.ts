import { describe, expect, it } from 'vitest';
import type { NetwrightConfigError } from '../../src/errors.ts';
import { gameEnv, validateGameProcessSpec } from '../../src/game/process-spec.ts';

describe('gameEnv', () => {
  it('maps a client spec onto the contract variables', () => {
    expect(
      gameEnv({
        mode: 'client',
        port: 7001,
        clientId: 3,
        behavior: 'churn',
        seed: 42,
        durationS: 30,
        control: '127.0.0.1:5555',
        impairment: { packetLoss: 0.1, lagMs: 80, jitterMs: 5, bandwidthKbps: 256, duplicateRate: 0.01 },
        tuning: { interpDelayMs: 25, jitterBuffer: 3 },
      }),
    ).toEqual({
      TEST_MODE: 'client',
      TEST_PORT: '7001',
      TEST_HOST: '127.0.0.1',
      TEST_SEED: '42',
      TEST_CLIENT_ID: '3',
      TEST_BEHAVIOR: 'churn',
      TEST_DURATION: '30',
      NETWRIGHT_CONTROL: '127.0.0.1:5555',
      TEST_PACKET_LOSS: '0.1',
      TEST_LAG_MS: '80',
      TEST_JITTER_MS: '5',
      TEST_BW_KBPS: '256',
      TEST_DUPLICATE_RATE: '0.01',
      NET_CFG_INTERP_DELAY: '25',
      NET_CFG_JITTER_BUF: '3',
    });
  });

  it('omits unset knobs and lets extra env win', () => {
    const env = gameEnv({
      mode: 'server',
      port: 7000,
      seed: 1,
      env: { TEST_HOST: '::1', NET_CFG_LOG_PACKETS: '0' },
    });
    expect(env).toEqual({
      TEST_MODE: 'server',
      TEST_PORT: '7000',
      TEST_HOST: '::1',
      TEST_SEED: '1',
      NET_CFG_LOG_PACKETS: '0',
    });
  });

  it('collects every problem of a bad spec at once', () => {
    let err: NetwrightConfigError | undefined;
    try {
      validateGameProcessSpec({
        mode: 'client',
        port: 70000,
        seed: 1.5,
        impairment: { packetLoss: 2, lagMs: -1 },
      });
    } catch (e) {
      err = e as NetwrightConfigError;
    }
    expect(err?.code).toBe('ERR_CONFIG_INVALID');
    expect(err?.problems).toHaveLength(5);
    expect(err?.message).toContain('port must be 1..65535 (got 70000)');
    expect(err?.message).toContain('clientId must be an integer >= 1');
    expect(err?.message).toContain('impairment.packetLoss must be within 0..1 (got 2)');
  });
});
