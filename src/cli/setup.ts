// `netwright setup`: makes sure the machine has what the bundled specs need. As root on Debian/Ubuntu
// it installs missing packages with apt-get; otherwise it says exactly what to install or point at.
import { spawnSync } from 'node:child_process';
import { whichSync } from '../util/which.ts';

/** A system tool netwright's bundled specs use, and how to get it. */
interface Requirement {
  name: string;
  /** Env var that can point at a binary instead. */
  envVar?: string;
  /** Binaries to look for on PATH, first found wins. */
  binaries: string[];
  /** Debian package that provides it. */
  aptPackage: string;
  why: string;
  /** Missing optional tools are reported but do not fail setup. */
  optional?: boolean;
}

const REQUIREMENTS: Requirement[] = [
  {
    name: 'godot',
    envVar: 'GODOT_BIN',
    binaries: ['godot3-server', 'godot', 'godot4'],
    aptPackage: 'godot3-server',
    why: 'runs the bundled Godot game headless (specs/netcode)',
  },
  {
    name: 'chromium',
    envVar: 'CHROMIUM_BIN',
    binaries: ['chromium', 'chromium-browser', 'google-chrome'],
    aptPackage: 'chromium',
    why: 'renders the HTML report in tests (screenshots)',
  },
  {
    name: 'nftables',
    binaries: ['nft'],
    aptPackage: 'nftables',
    why: 'gives the kernel network backend loss and duplication (root only)',
    optional: true,
  },
];

/** First executable among `names` on PATH, or undefined. */
export function findOnPath(names: string[], envPath = process.env.PATH ?? ''): string | undefined {
  for (const name of names) {
    const found = whichSync(name, envPath);
    if (found) return found;
  }
  return undefined;
}

function locate(req: Requirement): string | undefined {
  const fromEnv = req.envVar ? process.env[req.envVar] : undefined;
  if (fromEnv) return fromEnv;
  return findOnPath(req.binaries);
}

function canApt(): boolean {
  return process.getuid?.() === 0 && findOnPath(['apt-get']) !== undefined;
}

function aptInstall(packages: string[]): boolean {
  const log = (msg: string) => process.stdout.write(`netwright setup: ${msg}\n`);
  log(`installing ${packages.join(' ')} with apt-get (root) ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) log('apt-get update failed; trying the install with the lists we have');
  const res = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  return res.status === 0;
}

/** Check requirements, install what is missing when root; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(
      'usage: netwright setup [--check] [--only godot|chromium]\n  --check  only report, never install\n',
    );
    return 0;
  }
  const checkOnly = argv.includes('--check');
  const onlyIdx = argv.indexOf('--only');
  const only = onlyIdx >= 0 ? argv[onlyIdx + 1]?.split(',') : undefined;
  const wanted = REQUIREMENTS.filter((r) => !only || only.includes(r.name));
  const missing = wanted.filter((r) => !locate(r));
  if (missing.length > 0 && !checkOnly && canApt()) {
    aptInstall(missing.map((r) => r.aptPackage));
  }
  let failed = 0;
  for (const req of wanted) {
    const found = locate(req);
    if (found) {
      process.stdout.write(`netwright setup: ${req.name.padEnd(8)} ok  ${found}\n`);
      continue;
    }
    if (!req.optional) failed++;
    process.stderr.write(
      `netwright setup: [${req.optional ? 'optional' : 'ERR_SETUP_MISSING'}] ${req.name} not found (looked for ${req.binaries.join(', ')}` +
        `${req.envVar ? ` and $${req.envVar}` : ''}); it ${req.why}.\n` +
        `  hint: as root: apt-get install -y ${req.aptPackage}` +
        `${req.envVar ? `; or point ${req.envVar} at a binary` : ''}\n`,
    );
  }
  return failed === 0 ? 0 : 1;
}
