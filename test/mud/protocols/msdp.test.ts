import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MsdpValue } from '../../../src/mud/protocols/msdp.ts';
import {
  MSDP_ARRAY_CLOSE as AC,
  MSDP_ARRAY_OPEN as AO,
  decodeMsdp,
  encodeMsdp,
  encodeMsdpCommand,
  encodeMsdpFrame,
  msdpRecord,
  msdpRoom,
  parseMsdpCommands,
  MSDP_TABLE_CLOSE as TC,
  MSDP_TABLE_OPEN as TO,
  MSDP_VAL as VAL,
  MSDP_VAR as VAR,
} from '../../../src/mud/protocols/msdp.ts';
import { TelnetDecoder } from '../../../src/mud/telnet/decoder.ts';
import { b, splitEverywhere } from '../split.ts';

describe('MSDP', () => {
  it('decodes simple variables including an empty value', () => {
    const r = decodeMsdp(b(VAR, 'HP', VAL, '17', VAR, 'EXITS_TEXT', VAL, VAR, 'VNUM', VAL, '4242'));
    expect(r.error).toBeUndefined();
    expect(msdpRecord(r.pairs)).toEqual({ HP: '17', EXITS_TEXT: '', VNUM: '4242' });
  });

  it('decodes a table with a Mud98-style array of pairs inside', () => {
    const payload = b(
      VAR,
      'ROOM',
      VAL,
      TO,
      VAR,
      'VNUM',
      VAL,
      '501',
      VAR,
      'NAME',
      VAL,
      'A Dusty Hall',
      VAR,
      'EXITS',
      VAL,
      AO,
      VAR,
      'N',
      VAL,
      '502',
      VAR,
      'E',
      VAL,
      '510',
      AC,
      TC,
    );
    const r = decodeMsdp(payload);
    expect(r.error).toBeUndefined();
    expect(r.quirks).toBe(1);
    expect(r.pairs).toEqual([
      { name: 'ROOM', value: { VNUM: '501', NAME: 'A Dusty Hall', EXITS: { N: '502', E: '510' } } },
    ]);
    // and the encoder can reproduce that exact shape
    const again = encodeMsdp(r.pairs, { pairArrayKeys: new Set(['EXITS']) });
    expect([...again]).toEqual([...payload]);
  });

  it('reads a Mud98 ROOM table into a typed room', () => {
    const payload = b(
      VAR,
      'ROOM',
      VAL,
      TO,
      VAR,
      'VNUM',
      VAL,
      '77',
      VAR,
      'NAME',
      VAL,
      'Pantry',
      VAR,
      'AREA',
      VAL,
      'keep',
    );
    const full = b(
      payload,
      VAR,
      'TERRAIN',
      VAL,
      'inside',
      VAR,
      'EXITS',
      VAL,
      AO,
      VAR,
      'W',
      VAL,
      '76',
      VAR,
      'D',
      VAL,
      '70',
      AC,
      TC,
    );
    expect(msdpRoom(msdpRecord(decodeMsdp(full).pairs).ROOM)).toEqual({
      vnum: 77,
      name: 'Pantry',
      area: 'keep',
      terrain: 'inside',
      exits: { W: 76, D: 70 },
    });
    expect(msdpRoom('3001')).toBeUndefined();
    expect(msdpRoom({ NAME: 'x' })).toBeUndefined();
  });

  it('decodes a proper array and several VALs as an array', () => {
    expect(decodeMsdp(b(VAR, 'CMDS', VAL, AO, VAL, 'LIST', VAL, 'SEND', AC)).pairs).toEqual([
      { name: 'CMDS', value: ['LIST', 'SEND'] },
    ]);
    expect(decodeMsdp(encodeMsdpCommand('REPORT', ['HEALTH', 'MANA'])).pairs).toEqual([
      { name: 'REPORT', value: ['HEALTH', 'MANA'] },
    ]);
  });

  it('parses client commands on the server side', () => {
    const pairs = decodeMsdp(
      b(encodeMsdpCommand('LIST', ['COMMANDS']), encodeMsdpCommand('SEND', ['HEALTH', 'LEVEL'])),
    ).pairs;
    expect(parseMsdpCommands(pairs)).toEqual([
      { command: 'LIST', args: ['COMMANDS'] },
      { command: 'SEND', args: ['HEALTH', 'LEVEL'] },
    ]);
  });

  it('reports ERR_MSDP_MALFORMED with what it recovered', () => {
    const cases = [
      b('junk', VAR, 'A', VAL, '1'),
      b(VAR, 'A', VAL, '1', VAR, 'T', VAL, TO, VAR, 'X', VAL, '2'),
      b(VAR, 'A', VAL, AO, VAL, 'x'),
      b(VAR, 'A', VAL, '1', TC),
    ];
    for (const c of cases) expect(decodeMsdp(c).error?.code).toBe('ERR_MSDP_MALFORMED');
    expect(decodeMsdp(cases[3]).pairs).toEqual([{ name: 'A', value: '1' }]);
  });

  it('keeps a variable named __proto__ as data', () => {
    const r = decodeMsdp(b(VAR, 'T', VAL, TO, VAR, '__proto__', VAL, TO, VAR, 'x', VAL, '1', TC, TC));
    const t = msdpRecord(r.pairs).T as Record<string, unknown>;
    expect(Object.getPrototypeOf(t)).toBe(Object.prototype);
    expect(Object.keys(t)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('bounds nesting depth', () => {
    const deep = b(VAR, 'A', ...Array.from({ length: 100 }, () => [VAL, AO]).flat());
    const r = decodeMsdp(deep, { maxDepth: 8 });
    expect(r.error?.code).toBe('ERR_MSDP_TOO_DEEP');
    expect(r.error?.details.limitDepth).toBe(8);
  });

  it('survives telnet framing split at every boundary', () => {
    const frame = encodeMsdpFrame({
      HEALTH: '255',
      NAME: 'x\u00ffy',
      ROOM: { VNUM: '1', EXITS: ['n', 's'] },
    });
    for (const chunks of splitEverywhere(frame, 0)) {
      const d = new TelnetDecoder();
      const sbs = chunks.flatMap((c) => d.push(c)).filter((e) => e.type === 'subnegotiation');
      expect(sbs).toHaveLength(1);
      const sb = sbs[0];
      if (sb.type !== 'subnegotiation') throw new Error('unreachable');
      expect(msdpRecord(decodeMsdp(sb.data).pairs)).toEqual({
        HEALTH: '255',
        NAME: 'x\u00ffy',
        ROOM: { VNUM: '1', EXITS: ['n', 's'] },
      });
    }
  });

  const name = fc.stringMatching(/^[A-Z_]{1,8}$/);
  const value: fc.Arbitrary<MsdpValue> = fc.letrec<{ v: MsdpValue }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.string({ maxLength: 8 }).map((s) => s.replace(/[\u0001-\u0006]/g, '')),
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(name, tie('v'), { maxKeys: 3 }),
    ),
  })).v;

  it('round-trips any value (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 4 }), (rec) => {
        const r = decodeMsdp(encodeMsdp(rec));
        expect(r.error).toBeUndefined();
        expect(msdpRecord(r.pairs)).toEqual(rec);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = decodeMsdp(bytes);
        expect(Array.isArray(r.pairs)).toBe(true);
        if (r.error) expect(r.error.code).toBe('ERR_MSDP_MALFORMED');
      }),
      { numRuns: 1000 },
    );
  });
});

// Found by the fuzz suite (test/fuzz, 'MSDP payload decoder'): several VALs after one VAR make an
// array the parser did not count as a level, so a value could come out MSDP_MAX_DEPTH + 1 deep.
describe('MSDP nesting bound, arrays of several VALs included', () => {
  it('VAR A VAL x VAL [ VAL [ ... 16 deep is refused, and nothing comes out deeper than the limit', () => {
    const payload = b(
      VAR,
      'A',
      VAL,
      'x',
      VAL,
      ...Array.from({ length: 16 }, () => [AO, VAL]).flat(),
      'y',
      ...Array.from({ length: 16 }, () => AC),
    );
    const r = decodeMsdp(payload);
    expect(r.error?.code).toBe('ERR_MSDP_TOO_DEEP');
    expect(r.pairs).toEqual([]);
    const ok = decodeMsdp(b(VAR, 'A', VAL, 'x', VAL, 'y', VAR, 'B', VAL, '1'));
    expect(ok.error).toBeUndefined();
    expect(msdpRecord(ok.pairs)).toEqual({ A: ['x', 'y'], B: '1' });
  });
});
