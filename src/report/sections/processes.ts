// Processes a test started (game server/clients, MUD server): how many failed.

import { defineSection } from './section.ts';

export const processesSection = defineSection({
  id: 'processes',
  title: 'Processes',
  keyFigures({ meta }) {
    const procs = meta.processes ?? [];
    return procs.length ? { 'processes.failed': procs.filter((p) => p.failed).length } : undefined;
  },
});
