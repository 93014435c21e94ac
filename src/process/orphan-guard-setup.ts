// Setup-file entry for test runners: `setupFiles: ['netwright/src/process/orphan-guard-setup.ts']`
// (the netwright Vitest plugin adds it). Installs the orphan guard once per worker process.
import { installOrphanGuard } from './orphan-guard.ts';

installOrphanGuard();
