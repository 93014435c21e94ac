// Loads area files (JSON, format in types.ts) and checks every cross reference, collecting all problems.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NetwrightConfigError } from '../../../src/errors.ts';
import { type AreaDef, DIRECTIONS } from './types.ts';

/** Parse and validate every `*.json` area in `dir` (sorted by file name for determinism). */
export function loadAreaDir(dir: string): AreaDef[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const areas = files.map((f) => parseArea(readFileSync(join(dir, f), 'utf8'), f));
  validateAreas(areas);
  return areas;
}

/** Parse one area file's text. */
export function parseArea(text: string, source: string): AreaDef {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new NetwrightConfigError(`area ${source}`, [`not valid JSON: ${(err as Error).message}`]);
  }
  const a = raw as AreaDef;
  const problems: string[] = [];
  if (typeof a.name !== 'string') problems.push('missing "name"');
  for (const key of ['rooms', 'mobiles', 'objects', 'resets', 'shops'] as const) {
    if (!Array.isArray(a[key])) problems.push(`"${key}" must be an array`);
  }
  if (problems.length) throw new NetwrightConfigError(`area ${source}`, problems);
  return a;
}

/** Cross-check vnums across all areas: exits, resets, shops, roles. Throws with every problem found. */
export function validateAreas(areas: AreaDef[]): void {
  const problems: string[] = [];
  const rooms = new Set<number>();
  const mobs = new Set<number>();
  const objs = new Set<number>();
  const dup = (set: Set<number>, v: number, kind: string, area: string) => {
    if (set.has(v)) problems.push(`${area}: duplicate ${kind} vnum ${v}`);
    set.add(v);
  };
  for (const a of areas) {
    for (const r of a.rooms) dup(rooms, r.vnum, 'room', a.name);
    for (const m of a.mobiles) dup(mobs, m.vnum, 'mob', a.name);
    for (const o of a.objects) dup(objs, o.vnum, 'object', a.name);
  }
  for (const a of areas) {
    for (const r of a.rooms) {
      for (const e of r.exits) {
        if (!DIRECTIONS.includes(e.dir))
          problems.push(`${a.name}: room ${r.vnum} has bad exit dir "${e.dir}"`);
        if (!rooms.has(e.to))
          problems.push(`${a.name}: room ${r.vnum} exit ${e.dir} leads to missing ${e.to}`);
      }
    }
    for (const m of a.mobiles) {
      if (m.deathPart !== undefined && !objs.has(m.deathPart))
        problems.push(`${a.name}: mob ${m.vnum} deathPart ${m.deathPart} missing`);
    }
    for (const rs of a.resets) {
      if (!rooms.has(rs.room)) problems.push(`${a.name}: reset into missing room ${rs.room}`);
      if ('mob' in rs) {
        if (!mobs.has(rs.mob)) problems.push(`${a.name}: reset of missing mob ${rs.mob}`);
        for (const o of [...(rs.equip ?? []), ...(rs.give ?? [])])
          if (!objs.has(o)) problems.push(`${a.name}: mob ${rs.mob} reset gives missing object ${o}`);
      } else if (!objs.has(rs.obj)) problems.push(`${a.name}: reset of missing object ${rs.obj}`);
    }
    for (const s of a.shops) {
      if (!mobs.has(s.keeper)) problems.push(`${a.name}: shop keeper ${s.keeper} missing`);
      for (const o of s.stock) if (!objs.has(o)) problems.push(`${a.name}: shop stock ${o} missing`);
    }
    for (const v of Object.values(a.roles ?? {}))
      if (v !== undefined && !rooms.has(v)) problems.push(`${a.name}: role room ${v} missing`);
  }
  if (problems.length) throw new NetwrightConfigError('mud areas', problems, 'fix the area JSON files');
}
