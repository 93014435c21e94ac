// The netcode specs use netwright's composed test (fixtures/index.ts) plus one shared constant.
export { describe, expect, test } from '../../fixtures/index.ts';

/**
 * Underrun limits of the healthy specs: a loaded 2-core CI box starves processes for longer than the
 * 100 ms interpolation delay now and then (measured at load average 11-14: up to ~100 episodes/min,
 * a few % of the time starved). The planted bugs (planted-bug.spec.ts) are far beyond either limit:
 * ~700-900 episodes/min, and 10 ms of interpolation delay starves more than half of the time.
 */
export const CI_NOISE = { tolerancePerMinute: 150, maxStarvedPct: 20 } as const;

/**
 * Render smoothness limit of the healthy specs: on a loaded machine a starved render clock shows up as
 * a jump when data arrives again, so this tracks CI_NOISE's underrun allowance. The planted rendering
 * bugs (planted-render-bugs.spec.ts) are far beyond it: snapping ~1500 jump frames/min at 60 fps.
 */
export const SMOOTH_NOISE = { maxJumpsPerMinute: 150 } as const;
