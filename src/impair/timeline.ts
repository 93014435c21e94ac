// Timelines: scripted changes validated as a whole before any step is scheduled.
import { NetwrightConfigError } from '../errors.ts';
import { applyPatch, EMPTY_STATE } from './config.ts';
import type { TimelineStep } from './types.ts';
import { MAX_DURATION_MS } from './validate.ts';

/** Check every step (time, profile name, config); throws NetwrightConfigError listing every problem. */
export function validateTimeline(steps: readonly TimelineStep[], profileNames: readonly string[]): void {
  const problems: string[] = [];
  if (!Array.isArray(steps))
    throw new NetwrightConfigError('network timeline', ['expected an array of steps']);
  steps.forEach((step, i) => {
    const { at, profile, link, ...patch } = step;
    if (typeof at !== 'number' || !Number.isFinite(at) || at < 0 || at > MAX_DURATION_MS)
      problems.push(
        `step ${i}: at must be a number of ms in 0..${MAX_DURATION_MS} (24 h), got ${JSON.stringify(at)}`,
      );
    if (profile !== undefined && !profileNames.includes(profile))
      problems.push(`step ${i}: unknown profile '${profile}'; known: ${profileNames.join(', ')}`);
    if (link !== undefined && typeof link !== 'string' && typeof link !== 'number')
      problems.push(`step ${i}: link must be a link id or index, got ${JSON.stringify(link)}`);
    try {
      applyPatch(EMPTY_STATE, patch, undefined, `step ${i}`);
    } catch (err) {
      if (err instanceof NetwrightConfigError) for (const p of err.problems) problems.push(`step ${i}: ${p}`);
      else throw err;
    }
  });
  if (problems.length > 0)
    throw new NetwrightConfigError(
      'network timeline',
      problems,
      'steps look like { at: 10_000, profile: "3g" }',
    );
}
