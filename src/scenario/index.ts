// Spec-less scenarios (`netwright run --clients 8 ...`): settings, checks, the runner the generated
// scenario tests call, and thresholds. Nothing here imports Vitest.

export { loadScenarioFile, parseScenarioYaml } from './config-file.ts';
export {
  type EntryOutcome,
  finishEntry,
  loadScenario,
  resultFile,
  runScenarioEntry,
  scenarioArgs,
  scenarioDir,
  scenarioReproduce,
  scenarioTestName,
  scenarioTimeoutMs,
} from './entry-run.ts';
export { type GameScenarioResult, runGameScenario } from './game-scenario.ts';
export { generateScenario } from './generate.ts';
export { type MudScenarioFixtures, mudFigures, runMudScenarioEntry } from './mud-scenario.ts';
export { isMudResult, type MudScenarioResult } from './mud-scenario-result.ts';
export { SCENARIO_OPTIONS, scenarioOptionsHelp } from './options.ts';
export {
  describeScenario,
  type RawValues,
  resolveScenario,
  type Scenario,
  type ScenarioEntry,
} from './scenario.ts';
export { evaluateThresholds, type ScenarioFigures, type ThresholdVerdict } from './thresholds.ts';
