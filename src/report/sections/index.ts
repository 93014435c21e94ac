// The report sections, in display order. A new section is one module in this folder plus one line in
// this list (see ./section.ts for what a section can add).

import { anomaliesSection } from './anomalies.ts';
import { fixLoopSection } from './fix-loop.ts';
import { gameSection } from './game.ts';
import { mudSection } from './mud.ts';
import { mudSwarmSection } from './mud-swarm.ts';
import { networkSection } from './network.ts';
import { processesSection } from './processes.ts';
import type { ReportSection } from './section.ts';

export const REPORT_SECTIONS: readonly ReportSection<unknown>[] = [
  gameSection,
  mudSection,
  mudSwarmSection,
  processesSection,
  networkSection,
  anomaliesSection,
  fixLoopSection,
];

export type {
  EvidenceBlock,
  ReportSection,
  SectionBar,
  SectionRun,
  SectionSeries,
  SectionTest,
} from './section.ts';
export { defineSection } from './section.ts';
