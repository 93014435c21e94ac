// The options `vitest run` accepts (Vitest 5.1, from `vitest run --help`), so `netwright run` can tell a
// Vitest option from a typo before Vitest dies on it with a CACError stack trace. Kept in step with the
// installed Vitest by test/cli/vitest-options.test.ts, which reads `vitest run --help`.

/** How an option takes its value: none, a required one, or an optional one. */
export type VitestOptionArity = 'flag' | 'value' | 'optional';

/** Long option (camelCase, as Vitest's parser keys it) -> arity. */
export const VITEST_RUN_OPTIONS: Readonly<Record<string, VitestOptionArity>> = {
  root: 'value',
  config: 'value',
  update: 'optional',
  watch: 'flag',
  testNamePattern: 'value',
  dir: 'value',
  ui: 'flag',
  open: 'flag',
  api: 'optional',
  silent: 'optional',
  hideSkippedTests: 'flag',
  reporter: 'value',
  outputFile: 'value',
  coverage: 'flag',
  mode: 'value',
  isolate: 'flag',
  globals: 'flag',
  injectCjsGlobals: 'flag',
  dom: 'flag',
  browser: 'value',
  pool: 'value',
  execArgv: 'value',
  vmMemoryLimit: 'value',
  fileParallelism: 'flag',
  maxWorkers: 'value',
  environment: 'value',
  passWithNoTests: 'flag',
  logHeapUsage: 'flag',
  detectAsyncLeaks: 'flag',
  allowOnly: 'flag',
  dangerouslyIgnoreUnhandledErrors: 'flag',
  shard: 'value',
  changed: 'optional',
  sinceLastRun: 'flag',
  lastFailed: 'flag',
  sequence: 'value',
  inspect: 'optional',
  inspectBrk: 'optional',
  testTimeout: 'value',
  hookTimeout: 'value',
  bail: 'optional',
  retry: 'value',
  repeats: 'value',
  diff: 'value',
  exclude: 'value',
  expandSnapshotDiff: 'flag',
  disableConsoleIntercept: 'flag',
  typecheck: 'flag',
  project: 'value',
  slowTestThreshold: 'value',
  teardownTimeout: 'value',
  cache: 'flag',
  maxConcurrency: 'value',
  fsModuleCache: 'flag',
  fsModuleCachePath: 'value',
  expect: 'flag',
  printConsoleTrace: 'flag',
  includeTaskLocation: 'flag',
  attachmentsDir: 'value',
  run: 'flag',
  color: 'flag',
  clearScreen: 'flag',
  configLoader: 'value',
  standalone: 'flag',
  mergeReports: 'optional',
  listTags: 'optional',
  clearCache: 'flag',
  tagsFilter: 'value',
  strictTags: 'flag',
  sharedViteServer: 'flag',
  experimental: 'value',
  help: 'flag',
  version: 'flag',
};

/** Short aliases Vitest accepts. */
export const VITEST_SHORT_OPTIONS: Readonly<Record<string, string>> = {
  r: 'root',
  c: 'config',
  u: 'update',
  w: 'watch',
  t: 'testNamePattern',
  p: 'project',
  h: 'help',
  v: 'version',
};

/** `test-timeout` -> `testTimeout` (Vitest's parser camel-cases kebab names). */
export function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The Vitest option a long flag (without its dashes, without `=value`) stands for, or undefined.
 * Accepts what Vitest's parser accepts: kebab or camel case, `no-` negations and dotted sub-options
 * of a known option (`coverage.enabled`, `outputFile.junit`).
 */
export function vitestOption(flag: string): { name: string; arity: VitestOptionArity } | undefined {
  const top = camelCase(flag.split('.')[0] ?? '');
  const dotted = flag.includes('.');
  const negated = flag.startsWith('no-') ? camelCase(flag.slice(3).split('.')[0] ?? '') : '';
  for (const name of [top, negated]) {
    const arity = name ? VITEST_RUN_OPTIONS[name] : undefined;
    if (!arity) continue;
    // A negation or a dotted sub-option with no `=`: a flag unless the option takes values.
    if (name !== top) return { name, arity: 'flag' };
    return { name, arity: dotted && arity === 'flag' ? 'optional' : arity };
  }
  return undefined;
}
