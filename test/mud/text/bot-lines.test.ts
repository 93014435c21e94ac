import { describe, expect, it } from 'vitest';
import type { BotLine } from '../../../src/mud/text/bot-lines.ts';
import { formatBotLine, parseBotLine } from '../../../src/mud/text/bot-lines.ts';

describe('BOT lines', () => {
  it('parses the four kinds with typed fields', () => {
    expect(parseBotLine('[BOT:ROOM|vnum=1201|flags=indoors safe|sector=city]')).toEqual({
      kind: 'room',
      vnum: 1201,
      flags: ['indoors', 'safe'],
      sector: 'city',
    });
    expect(parseBotLine('[BOT:EXIT|dir=up|vnum=1300|flags=door closed]')).toEqual({
      kind: 'exit',
      dir: 'up',
      vnum: 1300,
      flags: ['door', 'closed'],
    });
    expect(parseBotLine('[BOT:EXIT|dir=east|vnum=1202|flags=(none)]')).toMatchObject({ flags: [] });
    expect(
      parseBotLine('[BOT:MOB|name=grumpy rat|vnum=88|level=2|flags=npc aggressive|hp=45%|align=-350]'),
    ).toEqual({
      kind: 'mob',
      name: 'grumpy rat',
      vnum: 88,
      level: 2,
      flags: ['npc', 'aggressive'],
      hpPercent: 45,
      align: -350,
    });
    expect(parseBotLine('[BOT:OBJ|name=rusty key|vnum=91|type=key|flags=(none)|wear=take hold]')).toEqual({
      kind: 'obj',
      name: 'rusty key',
      vnum: 91,
      type: 'key',
      flags: [],
      wear: ['take', 'hold'],
    });
  });

  it('ignores ordinary text, keeps unknown kinds, flags malformed BOT lines', () => {
    expect(parseBotLine('You see a [BOT:ROOM] sign.')).toBeUndefined();
    expect(parseBotLine('[BOT:WEATHER|sky=rain]')).toEqual({
      kind: 'other',
      tag: 'WEATHER',
      fields: { sky: 'rain' },
    });
    for (const bad of [
      '[BOT:ROOM|vnum=abc]',
      '[BOT:EXIT|vnum=3]',
      '[BOT:MOB|name=x|vnum=1',
      '[BOT:ROOM|novalue]',
    ]) {
      const r = parseBotLine(bad);
      expect(r && 'error' in r ? r.error.code : r).toBe('ERR_BOT_LINE_MALFORMED');
    }
  });

  it('format and parse round-trip', () => {
    const lines: BotLine[] = [
      { kind: 'room', vnum: 5, flags: [], sector: 'forest' },
      { kind: 'exit', dir: 'north', vnum: 6, flags: ['door'] },
      { kind: 'mob', name: 'old crow', vnum: 7, level: 3, flags: ['npc'], hpPercent: 100, align: 0 },
      { kind: 'obj', name: 'loaf', vnum: 8, type: 'food', flags: [], wear: ['take'] },
    ];
    for (const l of lines) expect(parseBotLine(formatBotLine(l))).toEqual(l);
    expect(formatBotLine(lines[0])).toBe('[BOT:ROOM|vnum=5|flags=(none)|sector=forest]');
  });
});
