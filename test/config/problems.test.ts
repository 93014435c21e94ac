// The shared option-validation toolkit: checks record problems with paths, a collector reports them
// all at once as ERR_CONFIG_INVALID, and names typed wrong get the closest valid one.
import { describe, expect, it } from 'vitest';
import {
  bool,
  closest,
  didYouMean,
  knownKeys,
  num,
  obj,
  oneOf,
  Problems,
  port,
  show,
  str,
  stringArray,
  stringRecord,
  throwIfProblems,
} from '../../src/config/index.ts';
import { NetwrightConfigError } from '../../src/errors.ts';

function caught(fn: () => void): NetwrightConfigError {
  try {
    fn();
  } catch (err) {
    return err as NetwrightConfigError;
  }
  throw new Error('expected a throw');
}

describe('Problems', () => {
  it('prefixes paths through at() views and reports every problem in one error', () => {
    const p = new Problems();
    const clients = p.at('clients');
    num(-1, 'stagger', clients, { min: 0 });
    num(0, 'jitterBuffer', clients.at('tuning'), { min: 1, integer: true });
    str(42, 'name', p.at('players').at(2));
    expect(p.items).toEqual([
      { path: 'clients.stagger', message: 'must be >= 0, got -1 (negative values are not allowed)' },
      { path: 'clients.tuning.jitterBuffer', message: 'must be >= 1, got 0' },
      { path: 'players[2].name', message: 'expected a string, got 42' },
    ]);
    const err = caught(() => p.throwIfAny('scenario.yaml', 'see the README'));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.issues).toHaveLength(3);
    expect(err.problems[0]).toBe('clients.stagger: must be >= 0, got -1 (negative values are not allowed)');
    expect(err.message).toContain('scenario.yaml: 3 problem(s)');
    expect(err.hint).toBe('see the README');
    expect(err.details.issues).toEqual(p.items);
  });

  it('throws nothing when there is nothing wrong', () => {
    const p = new Problems();
    expect(num(5, 'x', p, { min: 0, max: 10 })).toBe(5);
    expect(() => p.throwIfAny('x')).not.toThrow();
    expect(() => throwIfProblems('x', [])).not.toThrow();
  });

  it('still accepts plain string lists (the impairments write "path: message")', () => {
    const list: string[] = [];
    num('7', 'latency', list);
    expect(list).toEqual(['latency: expected a number, got "7"']);
    const err = new NetwrightConfigError('link', list);
    expect(err.issues).toEqual([{ path: '', message: 'latency: expected a number, got "7"' }]);
  });
});

describe('checks', () => {
  it('num: NaN, Infinity, integers and ranges, with units', () => {
    const p = new Problems();
    num(Number.NaN, 'a', p);
    num(Number.POSITIVE_INFINITY, 'b', p);
    num(1.5, 'c', p, { integer: true });
    num(70_000, 'd', p, { max: 60_000, unit: 'ms' });
    num(0, 'e', p, { min: 0, exclusiveMin: true });
    expect(num(undefined, 'f', p, { optional: true })).toBeUndefined();
    num(undefined, 'g', p);
    expect(p.items.map((x) => `${x.path}: ${x.message}`)).toEqual([
      'a: expected a number, got NaN',
      'b: expected a number, got Infinity',
      'c: expected an integer, got 1.5',
      'd: must be <= 60000 ms, got 70000',
      'e: must be > 0, got 0',
      'g: expected a number, got nothing',
    ]);
  });

  it('oneOf names the closest valid value and lists them all', () => {
    const p = new Problems();
    const behaviors = ['random_walk', 'stress_test', 'idle'];
    expect(oneOf('idle', 'behavior', behaviors, p)).toBe('idle');
    oneOf('random-walk', 'behavior', behaviors, p);
    oneOf('moonwalk', 'behavior', behaviors, p);
    oneOf(3, 'behavior', behaviors, p);
    expect(p.items.map((x) => x.message)).toEqual([
      "unknown value 'random-walk' (did you mean 'random_walk'?); valid: random_walk, stress_test, idle",
      "unknown value 'moonwalk'; valid: random_walk, stress_test, idle",
      'got 3; valid: random_walk, stress_test, idle',
    ]);
  });

  it('knownKeys suggests the key meant', () => {
    const p = new Problems();
    knownKeys({ behaviour: 'idle', seed: 1 }, ['behavior', 'seed'], 'clients', p);
    expect(p.items).toEqual([
      {
        path: 'clients',
        message: "unknown key 'behaviour' (did you mean 'behavior'?); known: behavior, seed",
      },
    ]);
  });

  it('str, bool, obj, port, string records and arrays', () => {
    const p = new Problems();
    str('', 'a', p, { nonEmpty: true });
    str('R2d2', 'b', p, { pattern: /^[a-z]+$/i, patternHint: 'letters only' });
    str('abcdef', 'c', p, { maxLength: 3 });
    bool('yes', 'd', p);
    obj([1], 'e', p);
    port(0, 'f', p);
    port(0, 'g', p, { allowAny: true });
    port(70_000, 'h', p);
    stringRecord({ A: 'x', B: 1 }, 'env', p);
    stringArray(['a', 2], 'args', p);
    expect(p.items.map((x) => `${x.path}: ${x.message}`)).toEqual([
      'a: must not be empty',
      'b: letters only, got "R2d2"',
      'c: must be at most 3 characters, got 6',
      'd: expected true or false, got "yes"',
      'e: expected an object, got [1]',
      'f: must be >= 1, got 0',
      'h: must be <= 65535, got 70000',
      'env.B: expected a string, got 1 (environment values are strings)',
      'args[1]: expected a string, got 2',
    ]);
  });

  it('closest only offers plausible typos; show keeps messages short', () => {
    expect(closest('wifi_gud', ['wifi_good', 'wifi_bad', 'lte'])).toBe('wifi_good');
    expect(closest('xyz', ['wifi_good', 'lte'])).toBeUndefined();
    // a contained name is a typo candidate, but fewer edits win a tie
    expect(closest('client', ['clients', 'bots'])).toBe('clients');
    expect(closest('name_patern', ['name', 'name_pattern'])).toBe('name_pattern');
    expect(didYouMean('clints', ['clients'])).toBe(" (did you mean 'clients'?)");
    expect(didYouMean('clints', ['clients'], '--')).toBe(' (did you mean --clients?)');
    expect(didYouMean('zzz', ['clients'], '--')).toBe('');
    expect(show('x'.repeat(100))).toHaveLength(62);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(show(cyclic)).toBe('[object Object]');
    expect(show(() => 1)).toBe('a function');
  });
});
