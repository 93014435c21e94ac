// Validation of `mudServerOptions` (a MudTarget) and of the fixture MUD's own options, before any
// process starts: every problem at once with its path (ERR_CONFIG_INVALID through src/config). The
// CLI (`mud-server` flags) checks its parsed options with the same function.
import {
  bool,
  type ConfigProblem,
  knownKeys,
  num,
  obj,
  oneOf,
  Problems,
  port,
  str,
  stringArray,
  stringRecord,
} from '../../src/config/index.ts';
import { checkRomName, checkRomPassword } from '../../src/mud/bot/validate-options.ts';
import { CLASSES, RACES, WEAPONS } from './game/chargen.ts';
import { PACINGS } from './game/options.ts';
import { PLANTED_BUG_NAMES } from './game/planted-bugs.ts';

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'] as const;
const KINDS = ['fixture', 'command', 'address'] as const;
/** ROM's highest level (MAX_LEVEL); 52+ are immortals. */
const MAX_LEVEL = 60;

const FIXTURE_TARGET_KEYS = ['kind', 'options', 'inProcess'];
const COMMAND_TARGET_KEYS = [
  'kind',
  'command',
  'args',
  'cwd',
  'env',
  'port',
  'tlsPort',
  'host',
  'readiness',
  'stopGraceMs',
  'sources',
];
const ADDRESS_TARGET_KEYS = ['kind', 'host', 'port', 'tlsPort', 'sources'];
const FIXTURE_OPTION_KEYS = [
  'host',
  'port',
  'tlsPort',
  'quirks',
  'gmcp',
  'pacing',
  'bug',
  'areaDir',
  'playerDir',
  'players',
  'pulseMs',
  'violencePulses',
  'mobilePulses',
  'tickPulses',
  'autoexit',
  'instances',
  'mudName',
  'maxConnections',
  'inputLidBytes',
];
/** Options only startMudServer() honours: the supervised process has no flag for them. */
const IN_PROCESS_ONLY = ['mudName', 'inputLidBytes'];
const PLAYER_KEYS = ['name', 'password', 'level', 'bot', 'autoexit', 'race', 'cls', 'weapon', 'room'];

/** Problems of a `mudServerOptions` value; [] when all is well. */
export function validateMudTarget(raw: unknown): ConfigProblem[] {
  const p = new Problems();
  if (raw === undefined) return [];
  const o = obj(raw, '', p);
  if (!o) return [...p.items];
  const kind = o.kind === undefined ? 'fixture' : oneOf(o.kind, 'kind', KINDS, p);
  if (kind === 'fixture') {
    knownKeys(o, FIXTURE_TARGET_KEYS, '', p);
    const inProcess = bool(o.inProcess, 'inProcess', p) === true;
    if (o.options !== undefined) checkFixtureOptions(o.options, p.at('options'), inProcess);
  } else if (kind === 'command') {
    knownKeys(o, COMMAND_TARGET_KEYS, '', p);
    str(o.command, 'command', p, { nonEmpty: true });
    stringArray(o.args, 'args', p);
    str(o.cwd, 'cwd', p, { optional: true, nonEmpty: true });
    stringRecord(o.env, 'env', p);
    checkAddress(o, p);
    if (o.readiness !== undefined) obj(o.readiness, 'readiness', p);
    num(o.stopGraceMs, 'stopGraceMs', p, { optional: true, min: 0, max: 600_000, unit: 'ms' });
    stringRecord(o.sources, 'sources', p);
  } else if (kind === 'address') {
    knownKeys(o, ADDRESS_TARGET_KEYS, '', p);
    checkAddress(o, p);
    stringRecord(o.sources, 'sources', p);
  }
  return [...p.items];
}

/** Problems of the fixture MUD's options (startMudServer / the mud-server CLI); [] when all is well. */
export function validateFixtureMudOptions(raw: unknown, inProcess = true): ConfigProblem[] {
  const p = new Problems();
  checkFixtureOptions(raw, p, inProcess);
  return [...p.items];
}

function checkAddress(o: Record<string, unknown>, p: Problems): void {
  if (o.host !== undefined) oneOf(o.host, 'host', LOOPBACK, p);
  if (o.port === undefined) p.add('port', 'required: the port the MUD listens on (1..65535)');
  else port(o.port, 'port', p);
  port(o.tlsPort, 'tlsPort', p, { optional: true });
}

function checkFixtureOptions(raw: unknown, p: Problems, inProcess: boolean): void {
  const o = obj(raw, '', p);
  if (!o) return;
  knownKeys(o, FIXTURE_OPTION_KEYS, '', p);
  if (o.host !== undefined) oneOf(o.host, 'host', LOOPBACK, p);
  port(o.port, 'port', p, { optional: true, allowAny: true });
  if (o.tlsPort !== false) port(o.tlsPort, 'tlsPort', p, { optional: true, allowAny: true });
  for (const k of ['quirks', 'gmcp', 'autoexit', 'instances'] as const) bool(o[k], k, p);
  oneOf(o.pacing, 'pacing', PACINGS, p);
  oneOf(o.bug, 'bug', PLANTED_BUG_NAMES, p);
  for (const k of ['areaDir', 'playerDir', 'mudName'] as const)
    str(o[k], k, p, { optional: true, nonEmpty: true });
  num(o.pulseMs, 'pulseMs', p, { optional: true, integer: true, min: 1, max: 60_000, unit: 'ms' });
  for (const k of ['violencePulses', 'mobilePulses', 'tickPulses'] as const)
    num(o[k], k, p, { optional: true, integer: true, min: 1, max: 1_000_000 });
  num(o.maxConnections, 'maxConnections', p, { optional: true, integer: true, min: 1, max: 1_000_000 });
  num(o.inputLidBytes, 'inputLidBytes', p, {
    optional: true,
    integer: true,
    min: 256,
    max: 64 << 20,
    unit: 'bytes',
  });
  if (!inProcess)
    for (const k of IN_PROCESS_ONLY)
      if (o[k] !== undefined) p.add(k, 'only honoured in-process: set inProcess: true, or leave it out');
  if (o.players !== undefined) {
    if (!Array.isArray(o.players)) p.add('players', 'expected an array of { name, password, ... }');
    else for (const [i, pl] of o.players.entries()) checkPlayer(pl, p.at('players').at(i));
  }
}

function checkPlayer(raw: unknown, p: Problems): void {
  const o = obj(raw, '', p);
  if (!o) return;
  knownKeys(o, PLAYER_KEYS, '', p);
  checkRomName(o.name, 'name', p);
  checkRomPassword(o.password, 'password', p);
  num(o.level, 'level', p, { optional: true, integer: true, min: 1, max: MAX_LEVEL });
  bool(o.bot, 'bot', p);
  bool(o.autoexit, 'autoexit', p);
  oneOf(o.race, 'race', RACES, p);
  oneOf(o.cls, 'cls', CLASSES, p);
  oneOf(o.weapon, 'weapon', WEAPONS, p);
  num(o.room, 'room', p, { optional: true, integer: true, min: 1 });
}
