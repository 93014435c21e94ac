// The impaired network: how often it changed and what was in force at the end.

import { defineSection } from './section.ts';

export const networkSection = defineSection({
  id: 'network',
  title: 'Network',
  keyFigures({ meta }) {
    const history = meta.network?.history ?? [];
    const last = history[history.length - 1];
    if (!last) return undefined;
    const label =
      typeof last.label === 'string' ? last.label : typeof last.change === 'string' ? last.change : '';
    return { 'network.changes': history.length, 'network.last': label || undefined };
  },
});
