// What the netwright plugin adds as a setup file: the orphan guard.
import { installOrphanGuard } from '../../../src/process/orphan-guard.ts';

installOrphanGuard();
