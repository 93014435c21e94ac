// Fixture project for test/fixtures/process-failure.test.ts: the netwright plugin (its setup file makes
// tests abortable) and specs whose game server or MUD fails while the test runs or stops.
import { defineConfig } from 'vitest/config';
import { netwright } from '../../../fixtures/plugin.ts';

export default defineConfig({
  plugins: [netwright()],
  test: { include: ['*.fixture-test.ts'], root: import.meta.dirname, testTimeout: 90_000 },
});
