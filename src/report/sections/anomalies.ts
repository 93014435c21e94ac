// Anomalies (underruns, spikes, disconnects, deaths...) attached by fixtures: how many.

import { defineSection } from './section.ts';

export const anomaliesSection = defineSection({
  id: 'anomalies',
  title: 'Anomalies',
  keyFigures({ meta }) {
    return meta.events?.length ? { anomalies: meta.events.length } : undefined;
  },
});
