// Which backend the specs in this folder run on: each Vitest project network-<backend> sets
// NETWRIGHT_BACKEND (vitest.config.ts), and a spec whose feature a backend lacks is skipped by name.
import { parseBackendName } from '../../src/impair/backends/index.ts';

export const BACKEND = parseBackendName(process.env.NETWRIGHT_BACKEND);
