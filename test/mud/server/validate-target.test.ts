// #11 item 14: a bad `mudServerOptions` is refused before anything starts, every problem at once
// (it used to start a server with whatever it was given, or fail with empty report evidence).
import { describe, expect, it } from 'vitest';
import { launchMud } from '../../../mud-fixtures/lib/launch.ts';
import { validateFixtureMudOptions, validateMudTarget } from '../../../mud-fixtures/lib/validate-target.ts';
import type { NetwrightConfigError } from '../../../src/errors.ts';

async function refused(target: unknown): Promise<NetwrightConfigError> {
  return (await launchMud(target as never, { seed: 1 }).catch((e: unknown) => e)) as NetwrightConfigError;
}

describe('mudServerOptions', () => {
  it('a misspelt kind names the kind meant', async () => {
    const err = await refused({ kind: 'comand', command: 'mud98', port: 4000 });
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.problems).toEqual([
      "kind: unknown value 'comand' (did you mean 'command'?); valid: fixture, command, address",
    ]);
  });

  it('command targets need a command and a port; hosts are loopback', async () => {
    const err = await refused({ kind: 'command', command: '', port: 99_999, host: '10.0.0.1', args: 'x' });
    expect(err.issues.map((i) => i.path)).toEqual(['command', 'args', 'host', 'port']);
    expect((await refused({ kind: 'address' })).problems).toEqual([
      'port: required: the port the MUD listens on (1..65535)',
    ]);
    expect((await refused({ kind: 'address', host: '10.1.2.3', port: 4000 })).problems[0]).toContain(
      "host: unknown value '10.1.2.3'; valid: 127.0.0.1, ::1, localhost",
    );
  });

  it('your own MUD names where its code lives (sources), for the report to point at', async () => {
    const ref = await launchMud(
      { kind: 'address', port: 4000, sources: { combat: 'src/fight.c' } },
      { seed: 1 },
    );
    expect(ref.sources).toEqual({ combat: 'src/fight.c' });
    const err = await refused({ kind: 'command', command: 'mud98', port: 4000, sources: { combat: 3 } });
    expect(err.issues.map((i) => i.path)).toEqual(['sources.combat']);
  });

  it("fixture options: zero pulse, a typo'd key, bad seed players, all reported together", async () => {
    const err = await refused({
      options: {
        pulseMs: 0,
        tlsport: 0,
        players: [
          { name: 'Bob1', password: 'abc' },
          { name: 'Ann', password: 'secret1', weapon: 'swrod', level: 99 },
        ],
      },
    });
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.issues.map((i) => i.path)).toEqual([
      'options',
      'options.pulseMs',
      'options.players[0].name',
      'options.players[0].password',
      'options.players[1].level',
      'options.players[1].weapon',
    ]);
    expect(err.problems[0]).toContain("unknown key 'tlsport' (did you mean 'tlsPort'?)");
    expect(err.problems[5]).toContain("(did you mean 'sword'?)");
    expect(JSON.stringify(err.toJSON())).not.toContain('abc');
  });

  it('options only startMudServer honours are refused for the supervised process', () => {
    expect(validateMudTarget({ options: { mudName: 'X' } })).toEqual([
      { path: 'options.mudName', message: 'only honoured in-process: set inProcess: true, or leave it out' },
    ]);
    expect(validateMudTarget({ inProcess: true, options: { mudName: 'X' } })).toEqual([]);
    expect(validateFixtureMudOptions({ tlsPort: false, quirks: true, players: [] })).toEqual([]);
  });

  it('pacing is pulse or instant', () => {
    expect(validateFixtureMudOptions({ pacing: 'instant' })).toEqual([]);
    expect(validateMudTarget({ options: { pacing: 'fast' } })).toEqual([
      { path: 'options.pacing', message: "unknown value 'fast'; valid: pulse, instant" },
    ]);
  });
});
