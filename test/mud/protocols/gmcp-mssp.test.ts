import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeGmcp,
  encodeGmcp,
  encodeMsdpOverGmcp,
  GMCP_MAX_DEPTH,
  jsonDepth,
  msdpFromGmcp,
  repairMud98Json,
} from '../../../src/mud/protocols/gmcp.ts';
import { MSDP_MAX_DEPTH } from '../../../src/mud/protocols/msdp.ts';
import { decodeMssp, encodeMssp, MSSP_VAL, MSSP_VAR } from '../../../src/mud/protocols/mssp.ts';
import { b } from '../split.ts';

describe('GMCP', () => {
  it('decodes package names with and without JSON', () => {
    expect(decodeGmcp(b('Core.Ping'))).toEqual({ message: { name: 'Core.Ping' } });
    expect(decodeGmcp(b('Char.Vitals {"hp":12,"maxhp":30}')).message).toEqual({
      name: 'Char.Vitals',
      data: { hp: 12, maxhp: 30 },
      json: '{"hp":12,"maxhp":30}',
    });
  });

  it('repairs the Mud98 missing closing quote and maps MSDP over GMCP', () => {
    const r = decodeGmcp(b('MSDP {"HEALTH":"9","ROOM_VNUM":"777}'));
    expect(r.error).toBeUndefined();
    expect(r.message?.repaired).toBe(true);
    expect(msdpFromGmcp(r.message!)).toEqual([
      { name: 'HEALTH', value: '9' },
      { name: 'ROOM_VNUM', value: '777' },
    ]);
    const quirk = new TextDecoder().decode(encodeMsdpOverGmcp({ A: '1', B: '2' }, true));
    expect(quirk).toBe('MSDP {"A":"1","B":"2}');
    expect(decodeGmcp(quirk).message?.data).toEqual({ A: '1', B: '2' });
    expect(repairMud98Json('{"a":"b"}')).toBeUndefined();
  });

  it('reports ERR_GMCP_MALFORMED for bad names and bad JSON', () => {
    expect(decodeGmcp(b('{"x":1}')).error?.code).toBe('ERR_GMCP_MALFORMED');
    expect(decodeGmcp(b('Char.Vitals {hp:')).error?.code).toBe('ERR_GMCP_MALFORMED');
    expect(decodeGmcp(b('')).error?.code).toBe('ERR_GMCP_MALFORMED');
  });

  it('round-trips JSON values and never throws on random text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = decodeGmcp(encodeGmcp('Test.Value', v));
        expect(r.message?.data).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const r = decodeGmcp(bytes);
        expect(r.message !== undefined || r.error?.code === 'ERR_GMCP_MALFORMED').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('MSSP', () => {
  it('decodes single and multiple values', () => {
    const r = decodeMssp(
      b(MSSP_VAR, 'NAME', MSSP_VAL, 'Testland', MSSP_VAR, 'PORT', MSSP_VAL, '4000', MSSP_VAL, '4001'),
    );
    expect(r).toEqual({ status: { NAME: 'Testland', PORT: ['4000', '4001'] }, error: undefined });
  });

  it('round-trips and flags garbage', () => {
    const status = { NAME: 'Fixture', PLAYERS: 3, 'XTERM 256 COLORS': 1 };
    expect(decodeMssp(encodeMssp(status)).status).toEqual({
      NAME: 'Fixture',
      PLAYERS: '3',
      'XTERM 256 COLORS': '1',
    });
    expect(decodeMssp(b('x', MSSP_VAR, 'A')).error?.code).toBe('ERR_MSSP_MALFORMED');
  });
});

// #11 item 2: a 6-8 KB "MSDP {...}" nested ~4,000 deep overflowed the stack in the GMCP->MSDP
// conversion (RangeError out of the codec).
describe('GMCP nesting bound', () => {
  const deep = (n: number) => `MSDP {"A":${'['.repeat(n)}${']'.repeat(n)}}`;

  it('refuses a payload nested past the limit with ERR_GMCP_TOO_DEEP instead of throwing', () => {
    const payload = deep(4000);
    expect(payload.length).toBeGreaterThan(6000);
    const r = decodeGmcp(b(payload));
    expect(r.message).toBeUndefined();
    expect(r.error?.code).toBe('ERR_GMCP_TOO_DEEP');
    expect(r.error?.details).toMatchObject({ name: 'MSDP', limitDepth: MSDP_MAX_DEPTH + 1 });
  });

  it('accepts exactly the limit and converts it to MSDP without recursion trouble', () => {
    // MSDP's limit of table/array levels, plus one for the variable table.
    const r = decodeGmcp(b(deep(MSDP_MAX_DEPTH)));
    expect(r.error).toBeUndefined();
    expect(msdpFromGmcp(r.message!)?.[0]?.name).toBe('A');
    expect(decodeGmcp(b(deep(MSDP_MAX_DEPTH + 1))).error?.code).toBe('ERR_GMCP_TOO_DEEP');
    // Other packages get GMCP_MAX_DEPTH; brackets inside strings do not count.
    expect(
      decodeGmcp(b(`Char.Deep ${'['.repeat(GMCP_MAX_DEPTH)}${']'.repeat(GMCP_MAX_DEPTH)}`)).error,
    ).toBeUndefined();
    expect(decodeGmcp(b(`Char.Str {"s":"${'['.repeat(5000)}"}`)).error).toBeUndefined();
  });

  it('msdpFromGmcp on a message built by hand stops at MSDP_MAX_DEPTH', () => {
    let v: unknown = 'x';
    for (let i = 0; i < 100_000; i++) v = [v];
    const pairs = msdpFromGmcp({ name: 'MSDP', data: { A: v } });
    let depth = 0;
    for (let x = pairs?.[0]?.value; Array.isArray(x); x = x[0]) depth++;
    expect(depth).toBe(MSDP_MAX_DEPTH);
  });

  it('jsonDepth counts brackets outside strings and stops early past a limit', () => {
    expect(jsonDepth('{"a":[1,{"b":"]]]["}]}')).toBe(3);
    expect(jsonDepth('"\\"["')).toBe(0);
    expect(jsonDepth('['.repeat(1_000_000), 10)).toBe(11);
  });
});
