import { defineConfig } from 'vitest/config';
import { netwright } from '../../../fixtures/plugin.ts';

export default defineConfig({
  plugins: [netwright()],
  test: { include: ['*.fixture-test.ts'], root: import.meta.dirname },
});
