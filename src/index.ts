// netwright as a library (`netwright/lib`): everything the fixtures use, usable from a CLI, a script
// or another test runner. Nothing here imports Vitest.
export * from './errors.ts';
export * from './game/index.ts';
export * from './impair/index.ts';
export {
  type HistogramSummary,
  LatencyHistogram,
  type LatencyHistogramOptions,
} from './metrics/histogram.ts';
export * from './mud/bot/index.ts';
export * from './mud/client/index.ts';
export * from './mud/swarm/index.ts';
export * from './process/index.ts';
export { buildReport, keyFigures, readReport, scanLog } from './report/index.ts';
export { type Clock, ManualClock, systemClock } from './util/clock.ts';
export { deriveSeed, freshSeed, Random } from './util/random.ts';
