// Fixture project for test/reporters/stale-report.test.ts: a config that takes long to load after the
// netwright plugin is created (like a config importing heavy modules); the test sends SIGINT then.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { netwright } from '../../../fixtures/plugin.ts';

const out = process.env.NW_OUT ?? 'netwright-report';
const plugin = netwright({ outputDir: out });
writeFileSync(path.join(out, 'config-loading'), String(process.pid));
await new Promise((r) => setTimeout(r, Number(process.env.NW_CONFIG_DELAY_MS ?? 0)));

export default defineConfig({
  plugins: [plugin],
  test: { include: ['*.fixture-test.ts'], root: import.meta.dirname },
});
