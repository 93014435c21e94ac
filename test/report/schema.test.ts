import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_VERSION } from '../../src/report/model.ts';

const schemaDir = path.resolve(import.meta.dirname, '../../schema');

describe('schema/report.schema.json', () => {
  it('is what schema/generate-schema.mjs produces, for the current schemaVersion', async () => {
    const generated = await execa(process.execPath, [path.join(schemaDir, 'generate-schema.mjs')]);
    const published = JSON.parse(readFileSync(path.join(schemaDir, 'report.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(String(generated.stdout)));
    expect(published.properties.schemaVersion.const).toBe(REPORT_SCHEMA_VERSION);
    expect(published.required.slice(0, 3)).toEqual(['schemaVersion', 'tool', 'status']);
  });
});
