// MUD bot/swarm YAML configs: the shipped examples load, every problem of a bad file is reported at
// once at its file:line with the closest key, passwords come only from the environment or 0600 files.
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasErrorCode, type NetwrightConfigError } from '../../../src/errors.ts';
import { loadMudConfig, parseMudConfig, toBotConnectArgs } from '../../../src/mud/config/index.ts';
import { toSwarmOptions } from '../../../src/mud/config/to-swarm-options.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const examples = path.join(root, 'examples/mud');
const env = { MUD_PW: 'secret123' };
const tmp = mkdtempSync(path.join(tmpdir(), 'nw-mudcfg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(hasErrorCode(err, 'ERR_CONFIG_INVALID')).toBe(true);
    return [...(err as NetwrightConfigError).problems];
  }
  throw new Error('expected ERR_CONFIG_INVALID');
}

describe('examples/mud', () => {
  const files = readdirSync(examples).filter((f) => f.endsWith('.yaml'));

  it('ships the four examples', () => {
    expect(files.sort()).toEqual(['combat.yaml', 'one-bot.yaml', 'soak-1000.yaml', 'stress-50.yaml']);
  });

  it.each(files)('%s loads, validates and maps onto MudBot options', (file) => {
    const { config, logins } = loadMudConfig(path.join(examples, file), [], { cwd: root, env });
    expect(config.connection).toMatchObject({ host: '127.0.0.1', port: 4000 });
    const last = logins(config.swarm.bots - 1);
    expect(last.name).toMatch(/^[A-Za-z]{2,12}$/);
    expect(last.password).toBe('secret123');
    const args = toBotConnectArgs(config, last, 7);
    expect(args.bot.behaviors?.length).toBe(config.behaviors.names.length);
    expect(args.connect.port).toBe(4000);
    // The config itself never holds the password (it goes into reports and worker messages).
    expect(JSON.stringify(config)).not.toContain('secret123');
  });

  it('soak-1000 names its thousandth bot with letters only', () => {
    const { config, logins } = loadMudConfig(path.join(examples, 'soak-1000.yaml'), [], { cwd: root, env });
    expect(config.swarm.bots).toBe(1000);
    expect(logins(999).name).toBe('Soakall');
    expect(new Set(Array.from({ length: 1000 }, (_, i) => logins(i).name)).size).toBe(1000);
  });
});

describe('a bad config', () => {
  const bad = `connection:
  host: 127.0.0.1
  prot: 4000
credentials:
  name_pattern: "Stress{letters}"
  password: hunter22
behaviors:
  - survive
  - combta
  - heal: { sleep: maybe }
swarm:
  bots: 0
  shard: 5/4
`;

  it('reports every problem at once, each at its file:line, with the closest name', () => {
    const ps = problemsOf(() => parseMudConfig(bad, 'swarm.yaml', { cwd: tmp, env }));
    const text = ps.join('\n');
    expect(text).toContain("swarm.yaml:2:3 connection: unknown key 'prot' (did you mean 'port'?)");
    expect(text).toContain('swarm.yaml:2:3 connection.port: expected a number');
    expect(text).toMatch(
      /swarm\.yaml:6:13 credentials\.password: passwords are never read from a config file/,
    );
    expect(text).toContain("swarm.yaml:9:5 behaviors[1]: unknown value 'combta' (did you mean 'combat'?)");
    expect(text).toContain('swarm.yaml:10:20 behaviors[2].heal.sleep: expected true or false, got "maybe"');
    expect(text).toContain('swarm.yaml:12:9 swarm.bots: must be >= 1, got 0');
    expect(text).toContain(
      'swarm.yaml:13:10 swarm.shard: expected k/n with 0 <= k < n: shards count from 0, as JOB_COMPLETION_INDEX (the last of 4 is 3/4)',
    );
    // In file order, one problem for the inline password (not also 'unknown key' or 'no password').
    expect(ps).toHaveLength(7);
    expect(ps[0]).toMatch(/^swarm\.yaml:2:3 /);
    expect(ps.at(-1)).toMatch(/^swarm\.yaml:13:10 /);
    // The password given in the file is never echoed back.
    expect(text).not.toContain('hunter22');
  });

  it('a YAML syntax error is located too', () => {
    const ps = problemsOf(() => parseMudConfig('swarm:\n  bots: [1,\n', 'x.yaml', { cwd: tmp, env }));
    expect(ps[0]).toMatch(/^x\.yaml:\d+:\d+: /);
  });

  it('a flag override is named by its flag', () => {
    const file = path.join(tmp, 'ok.yaml');
    writeFileSync(
      file,
      'connection: { host: 127.0.0.1, port: 4000 }\ncredentials: { name_pattern: "Ab{letters}", password_env: MUD_PW }\n',
    );
    const ps = problemsOf(() =>
      loadMudConfig(file, [{ path: 'swarm.bots', value: -3, flag: '--bots' }], { cwd: tmp, env }),
    );
    expect(ps).toEqual(['--bots: must be >= 1, got -3']);
  });

  it('a name pattern too long for the population is refused with the longest name', () => {
    const ps = problemsOf(() =>
      parseMudConfig(
        'connection: { host: h, port: 1 }\ncredentials: { name_pattern: "Stresstestx{letters}", password_env: MUD_PW }\nswarm: { bots: 100 }\n',
        'p.yaml',
        { cwd: tmp, env },
      ),
    );
    expect(ps.join('\n')).toContain('the name of bot 100 would be "Stresstestxcv"');
  });
});

describe('quit_timeout_ms', () => {
  const yaml = (v: string) =>
    `connection: { host: h, port: 1 }\ncredentials: { name_pattern: "Q{letters}", password_env: MUD_PW }\nquit_timeout_ms: ${v}\n`;

  it('bounds the wait of each bot for the goodbye, as a bot option and a swarm option', () => {
    const { config, logins } = parseMudConfig(yaml('1500'), 'q.yaml', { cwd: tmp, env });
    expect(toBotConnectArgs(config, logins(0), 7).bot.quitTimeoutMs).toBe(1500);
    expect(toSwarmOptions(config, logins, 7).quitTimeoutMs).toBe(1500);
  });

  it('a negative value is a problem at its key', () => {
    const ps = problemsOf(() => parseMudConfig(yaml('-1'), 'q.yaml', { cwd: tmp, env }));
    expect(ps.join('\n')).toContain('quit_timeout_ms');
  });
});

describe('passwords', () => {
  const base = 'connection: { host: 127.0.0.1, port: 4000 }\n';

  it('an unset password_env is a problem naming the variable', () => {
    const ps = problemsOf(() =>
      parseMudConfig(`${base}credentials: { name: Bot, password_env: NOPE_PW }\n`, 'a.yaml', {
        cwd: tmp,
        env,
      }),
    );
    expect(ps.join('\n')).toContain('environment variable NOPE_PW is not set');
  });

  it('a password file readable by others is refused; mode 600 is read', () => {
    const pw = path.join(tmp, 'pw');
    writeFileSync(pw, 'filepass1\n');
    chmodSync(pw, 0o644);
    const yaml = `${base}credentials: { name: Bot, password_file: pw }\n`;
    const ps = problemsOf(() => parseMudConfig(yaml, path.join(tmp, 'b.yaml'), { cwd: tmp, env }));
    expect(ps.join('\n')).toContain('is readable by others (mode 644)');
    chmodSync(pw, 0o600);
    const { logins } = parseMudConfig(yaml, path.join(tmp, 'b.yaml'), { cwd: tmp, env });
    expect(logins(0)).toEqual({ name: 'Bot', password: 'filepass1' });
  });

  it('a name:password file gives each bot its login; bad lines are named by line', () => {
    const f = path.join(tmp, 'bots.txt');
    writeFileSync(f, '# bots\nAlice:secret1\nBob:pw\nCar1:secret3\n', { mode: 0o600 });
    chmodSync(f, 0o600);
    const yaml = `${base}credentials: { file: bots.txt }\nswarm: { bots: 2 }\n`;
    const ps = problemsOf(() => parseMudConfig(yaml, path.join(tmp, 'c.yaml'), { cwd: tmp, env }));
    expect(ps.join('\n')).toContain('(bots.txt line 3): must be at least 5 characters');
    expect(ps.join('\n')).toContain('(bots.txt line 4): ROM names are 2-12 letters');
    expect(ps.join('\n')).not.toContain('secret');
    writeFileSync(f, 'Alice:secret1\nBob:secret2\n');
    const { logins } = parseMudConfig(yaml, path.join(tmp, 'c.yaml'), { cwd: tmp, env });
    expect([logins(0).name, logins(1).password]).toEqual(['Alice', 'secret2']);
  });
});
