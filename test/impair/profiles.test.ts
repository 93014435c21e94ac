import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/impair/config.ts';
import { builtInProfiles, ProfileBook } from '../../src/impair/profiles.ts';

describe('profiles', () => {
  it('every built-in profile is valid for UDP links and documented', () => {
    const names = builtInProfiles().map((p) => p.name);
    for (const n of ['wifi_good', 'wifi_bad', '3g', 'lte', 'satellite', 'perfect', 'lossy_5', 'congested'])
      expect(names).toContain(n);
    for (const p of builtInProfiles()) {
      expect(() => validateConfig(p.config, 'datagram')).not.toThrow();
      expect(p.description.length).toBeGreaterThan(5);
    }
  });

  it('unknown names fail with a code and the closest name', () => {
    const book = new ProfileBook();
    expect(() => book.get('wifi_bda')).toThrow(
      expect.objectContaining({
        code: 'ERR_PROFILE_UNKNOWN',
        hint: expect.stringContaining("did you mean 'wifi_bad'"),
      }),
    );
  });

  it('users define their own (validated); built-in names are protected', () => {
    const book = new ProfileBook({ office: { latency: 2 } });
    expect(book.get('office').config).toEqual({ latency: 2 });
    expect(() => book.define('bad', { loss: 3 })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
    expect(() => book.define('3g', {})).toThrow(expect.objectContaining({ code: 'ERR_PROFILE_EXISTS' }));
  });
});
