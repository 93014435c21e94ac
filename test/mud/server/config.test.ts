import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMudServerArgs } from '../../../mud-fixtures/lib/cli.ts';
import { fixtureArgs, playersStdinLine } from '../../../mud-fixtures/lib/launch.ts';
import { parsePlayers, readPlayersFile } from '../../../mud-fixtures/lib/players-input.ts';
import { loadAreaDir, parseArea, validateAreas } from '../../../mud-fixtures/lib/world/area-loader.ts';
import type { AreaDef } from '../../../mud-fixtures/lib/world/types.ts';
import { AREA_DIR } from './harness.ts';

describe('area files', () => {
  it('loads the bundled areas with the rooms the bots route through', () => {
    const areas = loadAreaDir(AREA_DIR);
    const vnums = new Set(areas.flatMap((a) => a.rooms.map((r) => r.vnum)));
    for (const v of [
      3700, 3757, 3701, 3702, 3703, 3709, 3711, 3712, 3713, 3714, 3715, 3716, 3758, 3759, 3718, 3720, 3001,
      3054,
    ])
      expect(vnums.has(v)).toBe(true);
  });

  it('collects every broken reference in one error', () => {
    const bad: AreaDef = {
      name: 'broken',
      vnums: [1, 9],
      rooms: [
        {
          vnum: 1,
          name: 'A',
          description: [],
          sector: 'inside',
          flags: [],
          exits: [{ dir: 'north', to: 99 }],
        },
      ],
      mobiles: [],
      objects: [],
      resets: [{ mob: 5, room: 1 }],
      shops: [],
    };
    try {
      validateAreas([bad]);
      expect.unreachable();
    } catch (err) {
      expect((err as { code: string }).code).toBe('ERR_CONFIG_INVALID');
      expect((err as { problems: string[] }).problems).toHaveLength(2);
    }
  });

  it('rejects text that is not JSON with a coded error', () => {
    expect(() => parseArea('{ nope', 'x.json')).toThrowError(/not valid JSON/);
  });
});

describe('mud-server options', () => {
  it('parses flags and pre-made players', () => {
    const o = parseMudServerArgs([
      '--port',
      '0',
      '--quirks',
      '--no-tls',
      '--player',
      'Bob:pw12345:bot:level=5',
    ]);
    expect(o.quirks).toBe(true);
    expect(o.tlsPort).toBe(false);
    expect(o.players).toEqual([{ name: 'Bob', password: 'pw12345', bot: true, level: 5 }]);
  });

  it('reports every bad flag at once and refuses non-loopback hosts', () => {
    try {
      parseMudServerArgs(['--port', 'x', '--bogus', '--host', '0.0.0.0', '--pacing', 'fast']);
      expect.unreachable();
    } catch (err) {
      expect((err as { problems: string[] }).problems).toHaveLength(4);
    }
  });

  it('round-trips options through fixtureArgs, seed players through stdin (never argv)', () => {
    const opts = {
      quirks: true,
      pulseMs: 50,
      instances: false,
      players: [{ name: 'Ann', password: 'secret1', bot: true }],
    };
    const args = fixtureArgs(opts, 9);
    expect(args.join(' ')).not.toContain('secret1');
    const o = parseMudServerArgs(args);
    expect(o).toMatchObject({ seed: 9, quirks: true, pulseMs: 50, instances: false, tlsPort: false });
    expect(o.playersFrom).toBe('-');
    expect(parsePlayers(playersStdinLine(opts) as string, 'stdin')).toEqual(opts.players);
  });

  it('reads seed players from a file only when other users cannot read it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-players-file-'));
    try {
      const file = join(dir, 'players.json');
      writeFileSync(file, JSON.stringify([{ name: 'Bob', password: 'pw12345' }]), { mode: 0o600 });
      expect(readPlayersFile(file)).toEqual([{ name: 'Bob', password: 'pw12345' }]);
      chmodSync(file, 0o644);
      expect(() => readPlayersFile(file)).toThrow(/chmod 600/);
      expect(() => parsePlayers('[{"name":"Bob1","password":"x"}]', 'stdin')).toThrow(/2 problem/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
