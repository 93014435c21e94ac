// Validation of the options a test passes to `server` (gameServerOptions) and `clients(n, {...})`:
// every problem at once, before any process starts, with the path of each offending value and the
// closest valid name for a typo (ERR_CONFIG_INVALID through src/config).
import {
  type ConfigProblem,
  knownKeys,
  num,
  obj,
  oneOf,
  Problems,
  rate,
  str,
  stringRecord,
} from '../config/index.ts';

/** Most clients one `clients(n)` call starts. */
export const MAX_CLIENTS_PER_CALL = 256;

/**
 * Ranges of the netcode tuning knobs (NET_CFG_*), as the game process contract defines them (the
 * bundled Godot game refuses values outside them and exits with code 2).
 */
export const TUNING_LIMITS = {
  /** Interpolation delay, ms. */
  interpDelayMs: { min: 0, max: 10_000 },
  /** Jitter buffer length, snapshots. */
  jitterBuffer: { min: 1, max: 60 },
} as const;

const IMPAIRMENT_KEYS = ['packetLoss', 'lagMs', 'jitterMs', 'bandwidthKbps', 'duplicateRate'] as const;
const TUNING_KEYS = ['interpDelayMs', 'jitterBuffer'] as const;
const SERVER_KEYS = ['tuning', 'impairment', 'env', 'readyTimeoutMs'] as const;
const CLIENT_KEYS = [
  'behavior',
  'seed',
  'profile',
  'impairment',
  'tuning',
  'stagger',
  'env',
  'readyTimeoutMs',
  'direct',
  'network',
] as const;

/** What the session knows when it checks `clients()` options. */
export interface ClientsValidationContext {
  /** Behaviours the engine understands; undefined accepts any non-empty name. */
  behaviors?: readonly string[];
  /** A network link will be used (a profile needs one). */
  hasNetwork: boolean;
  /** Profile names the network knows, when it can say. */
  profiles?: readonly string[];
}

/** Problems of `clients(n, opts)`; [] when all is well. */
export function validateClientsOptions(
  n: unknown,
  raw: unknown,
  ctx: ClientsValidationContext,
): ConfigProblem[] {
  const p = new Problems();
  num(n, 'n', p, { integer: true, min: 1, max: MAX_CLIENTS_PER_CALL });
  if (raw === undefined) return [...p.items];
  const o = obj(raw, '', p);
  if (!o) return [...p.items];
  knownKeys(o, CLIENT_KEYS, '', p);
  if (ctx.behaviors) oneOf(o.behavior, 'behavior', ctx.behaviors, p);
  else str(o.behavior, 'behavior', p, { optional: true, nonEmpty: true });
  num(o.seed, 'seed', p, { integer: true, optional: true });
  if (o.profile !== undefined) {
    const useNetwork = ctx.hasNetwork && o.direct !== true;
    if (!useNetwork)
      p.add(
        'profile',
        `'${String(o.profile)}' needs a network link (ask for the \`network\` fixture, or use \`impairment\` for the in-engine simulator)`,
      );
    else if (ctx.profiles) oneOf(o.profile, 'profile', ctx.profiles, p);
    else str(o.profile, 'profile', p, { nonEmpty: true });
  }
  num(o.stagger, 'stagger', p, { min: 0, max: 60_000, optional: true, unit: 'ms' });
  num(o.readyTimeoutMs, 'readyTimeoutMs', p, { min: 1, max: 600_000, optional: true, unit: 'ms' });
  if (o.direct !== undefined && typeof o.direct !== 'boolean')
    p.add('direct', `expected true or false, got ${typeof o.direct}`);
  validateShared(o, p);
  return [...p.items];
}

/** Problems of the `server` fixture's options (gameServerOptions); [] when all is well. */
export function validateServerOptions(raw: unknown): ConfigProblem[] {
  const p = new Problems();
  if (raw === undefined) return [];
  const o = obj(raw, '', p);
  if (!o) return [...p.items];
  knownKeys(o, SERVER_KEYS, '', p);
  num(o.readyTimeoutMs, 'readyTimeoutMs', p, { min: 1, max: 600_000, optional: true, unit: 'ms' });
  validateShared(o, p);
  return [...p.items];
}

// impairment, tuning and env: the same for server and clients.
function validateShared(o: Record<string, unknown>, p: Problems): void {
  if (o.impairment !== undefined) {
    const imp = obj(o.impairment, 'impairment', p);
    if (imp) {
      const at = p.at('impairment');
      knownKeys(imp, IMPAIRMENT_KEYS, '', at);
      rate(imp.packetLoss, 'packetLoss', at, true);
      rate(imp.duplicateRate, 'duplicateRate', at, true);
      num(imp.lagMs, 'lagMs', at, { min: 0, max: 60_000, optional: true, unit: 'ms' });
      num(imp.jitterMs, 'jitterMs', at, { min: 0, max: 60_000, optional: true, unit: 'ms' });
      num(imp.bandwidthKbps, 'bandwidthKbps', at, { min: 0, optional: true, unit: 'kbit/s' });
    }
  }
  if (o.tuning !== undefined) {
    const t = obj(o.tuning, 'tuning', p);
    if (t) {
      const at = p.at('tuning');
      knownKeys(t, TUNING_KEYS, '', at);
      num(t.interpDelayMs, 'interpDelayMs', at, {
        ...TUNING_LIMITS.interpDelayMs,
        optional: true,
        unit: 'ms',
      });
      num(t.jitterBuffer, 'jitterBuffer', at, {
        ...TUNING_LIMITS.jitterBuffer,
        integer: true,
        optional: true,
      });
    }
  }
  stringRecord(o.env, 'env', p);
}
