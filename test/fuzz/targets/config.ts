// Fuzz target over option validation (src/config and every validateXOptions): any value a user, a
// YAML file or a flag parser can produce.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateMudTarget } from '../../../mud-fixtures/lib/validate-target.ts';
import type { ConfigProblem } from '../../../src/config/index.ts';
import { GAME_BEHAVIORS } from '../../../src/game/process-spec.ts';
import { validateClientsOptions, validateServerOptions } from '../../../src/game/session-options.ts';
import { validateMudBotOptions } from '../../../src/mud/bot/validate-options.ts';
import { atMost, type FuzzTarget, pure } from '../harness.ts';

/** Longest problem message, characters (values are shown shortened). */
const MAX_MESSAGE = 400;

type Validator = (raw: unknown) => ConfigProblem[];
const VALIDATORS: Record<string, Validator> = {
  clients: (raw) =>
    validateClientsOptions(2, raw, { behaviors: GAME_BEHAVIORS, hasNetwork: true, profiles: ['lan', '3g'] }),
  server: validateServerOptions,
  mudBot: (raw) => validateMudBotOptions(raw, { tlsPort: 4001 }),
  mudServer: validateMudTarget,
};

/** Valid options per validator, and one field to break with a bad value. */
const VALID: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  clients: fc.record(
    {
      behavior: fc.constantFrom(...GAME_BEHAVIORS),
      seed: fc.integer(),
      profile: fc.constantFrom('lan', '3g'),
      stagger: fc.integer({ min: 0, max: 60_000 }),
      tuning: fc.record(
        { interpDelayMs: fc.integer({ min: 0, max: 10_000 }), jitterBuffer: fc.integer({ min: 1, max: 60 }) },
        { requiredKeys: [] },
      ),
      impairment: fc.record(
        { packetLoss: fc.double({ min: 0, max: 1, noNaN: true }), lagMs: fc.integer({ min: 0, max: 1000 }) },
        { requiredKeys: [] },
      ),
      env: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ maxLength: 6 })),
    },
    { requiredKeys: [] },
  ),
  mudBot: fc.record(
    {
      name: fc.stringMatching(/^[A-Za-z]{2,12}$/),
      password: fc.string({ minLength: 5, maxLength: 20 }),
      create: fc.boolean(),
      timeoutMs: fc.integer({ min: 1, max: 60_000 }),
      tls: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
};
const BAD: Record<string, [string, unknown][]> = {
  clients: [
    ['behavior', 'moonwalk'],
    ['stagger', -1],
    ['seed', 1.5],
    ['profile', 'wifi_gud'],
    ['readyTimeoutMs', 0],
  ],
  mudBot: [
    ['name', 'R2d2'],
    ['password', ''],
    ['timeoutMs', Number.NaN],
    ['create', 'yes'],
  ],
};

const anyOptions = fc.tuple(
  fc.constantFrom(...Object.keys(VALIDATORS)),
  fc.oneof(
    fc.anything({ maxDepth: 4 }),
    fc.object({ maxDepth: 3 }),
    fc.dictionary(fc.string(), fc.anything()),
  ),
);

export const configAnyTarget: FuzzTarget<[string, unknown]> = {
  name: 'option validators: any value (clients, server, mudBot, mudServerOptions)',
  bound: `never throws; returns a list of { path, message } with messages <= ${MAX_MESSAGE} characters; the same input gives the same problems`,
  arbitrary: anyOptions,
  ciRuns: 1500,
  open: pure(([which, raw]) => {
    const validate = VALIDATORS[which] as Validator;
    const problems = validate(raw);
    assert.ok(Array.isArray(problems));
    for (const p of problems) {
      assert.equal(typeof p.path, 'string');
      assert.ok(p.message.length > 0);
      atMost(p.message.length, MAX_MESSAGE, 'message length');
    }
    assert.deepEqual(validate(raw), problems);
  }),
};

const mutated = fc
  .constantFrom(...Object.keys(VALID))
  .chain((which) =>
    fc.tuple(
      fc.constant(which),
      VALID[which] as fc.Arbitrary<Record<string, unknown>>,
      fc.constantFrom(...(BAD[which] as [string, unknown][])),
    ),
  );

export const configOneBadTarget: FuzzTarget<[string, Record<string, unknown>, [string, unknown]]> = {
  name: 'option validators: valid options, then one field made bad',
  bound: 'valid options give 0 problems; one bad field gives exactly 1 problem, at its path',
  arbitrary: mutated,
  ciRuns: 800,
  open: pure(([which, good, [key, bad]]) => {
    const validate = VALIDATORS[which] as Validator;
    assert.deepEqual(validate(good), []);
    const problems = validate({ ...good, [key]: bad });
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0]?.path, key);
  }),
};

export const CONFIG_TARGETS = [configAnyTarget, configOneBadTarget] as FuzzTarget<unknown>[];
