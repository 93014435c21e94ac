// netwright as a user gets it: built to JavaScript (`pnpm build`), installed under node_modules of a
// separate project, used from that project's vitest.config (netwright/plugin) and specs (netwright).
// Checks that the built fixtures keep their destructured first parameter (Vitest reads it) and that
// the whole chain - plugin, fixtures, network, reporter - runs from the installed copy.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(repo, 'node_modules', '.bin', name);
const consumer = mkdtempSync(path.join(tmpdir(), 'nw-consumer-'));
const installed = path.join(consumer, 'node_modules', 'netwright');

const SPEC = `
import dgram from 'node:dgram';
import { expect, test } from 'netwright';

test('a UDP echo through a 30 ms link pays the round trip', async ({ network, seed }) => {
  const echo = dgram.createSocket('udp4');
  echo.on('message', (m, r) => echo.send(m, r.port, r.address));
  await new Promise((r) => echo.bind(0, '127.0.0.1', r));
  const link = await network.openLink({ id: 'client-1', protocol: 'udp', upstream: { host: '127.0.0.1', port: echo.address().port } });
  network.set({ latency: 15 });
  const client = dgram.createSocket('udp4');
  const rtts = [];
  client.on('message', (m) => rtts.push(performance.now() - m.readDoubleLE(0)));
  await new Promise((r) => client.bind(0, '127.0.0.1', r));
  for (let i = 0; i < 10; i++) {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(performance.now(), 0);
    client.send(b, link.listen.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 20));
  }
  await expect.poll(() => rtts.length, { timeout: 5000 }).toBe(10);
  expect(Math.min(...rtts)).toBeGreaterThanOrEqual(29);
  expect(rtts).toHavePercentileBelow(50, 200);
  expect(Number.isInteger(seed)).toBe(true);
  client.close();
  echo.close();
});
`;

beforeAll(async () => {
  // The package as npm would install it: package.json, the built dist/ and the data files.
  mkdirSync(installed, { recursive: true });
  await execa(
    bin('tsc'),
    ['-p', path.join(repo, 'tsconfig.build.json'), '--outDir', path.join(installed, 'dist')],
    {
      timeout: 120_000,
    },
  );
  cpSync(path.join(repo, 'package.json'), path.join(installed, 'package.json'));
  cpSync(path.join(repo, 'mud-fixtures', 'areas'), path.join(installed, 'mud-fixtures', 'areas'), {
    recursive: true,
  });
  cpSync(path.join(repo, 'schema'), path.join(installed, 'schema'), { recursive: true });
  // Its dependencies (and vitest) resolve from the consumer's node_modules, as after an install.
  for (const name of readdirSync(path.join(repo, 'node_modules'))) {
    if (name === 'netwright' || name.startsWith('.')) continue;
    symlinkSync(path.join(repo, 'node_modules', name), path.join(consumer, 'node_modules', name));
  }
  writeFileSync(
    path.join(consumer, 'package.json'),
    JSON.stringify({ name: 'my-game-tests', type: 'module' }),
  );
  writeFileSync(
    path.join(consumer, 'vitest.config.ts'),
    `import { defineConfig } from 'vitest/config';\nimport { netwright } from 'netwright/plugin';\n` +
      `export default defineConfig({ plugins: [netwright()], test: { include: ['specs/**/*.spec.js'] } });\n`,
  );
  mkdirSync(path.join(consumer, 'specs'));
  writeFileSync(path.join(consumer, 'specs', 'echo.spec.js'), SPEC);
}, 180_000);

describe('the built package in another project', () => {
  it('keeps the destructured first parameter of every fixture in the built JavaScript', () => {
    const built = readFileSync(path.join(installed, 'dist', 'fixtures', 'index.js'), 'utf8');
    expect(built).toContain('async ({ netwrightRun, task }, use)');
    const network = readFileSync(path.join(installed, 'dist', 'fixtures', 'network.js'), 'utf8');
    expect(network).toMatch(
      /async \(\{\s*task,\s*seed,\s*logDir,\s*networkOptions,\s*netwrightRun,?\s*\}, use\)/,
    );
  });

  it('runs a spec with the network fixture from node_modules/netwright and writes the report', async () => {
    const out = path.join(consumer, 'out');
    const r = await execa(bin('vitest'), ['run', '--root', consumer], {
      env: { NETWRIGHT_OUTPUT_DIR: out, NETWRIGHT_SEED: '42', CI: 'true' },
      reject: false,
      timeout: 120_000,
    });
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`.slice(-3000)).toBe(0);
    const last = r.stdout.trim().split('\n').at(-1) ?? '';
    expect(last).toBe(`REPORT_JSON:${path.join(out, 'report.json')}`);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.totals).toMatchObject({ passed: 1, failed: 0 });
    // The network fixture's series for client-1 reach the plot data report.json names.
    expect(report.plots.file).toBe(path.join(out, 'plots.json'));
    expect(readFileSync(report.plots.file, 'utf8')).toContain('client-1');
  });
});
