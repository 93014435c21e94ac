// The short form (`{ latency: 80, loss: 0.02, upstream: { bandwidth: 500 } }`) <-> stage specs.
// A direction's short state maps each key to one StageSpec named after the key; unchanged keys keep
// the same StageSpec object, so chains can tell "unchanged" from "updated" by identity.
import { NetwrightConfigError } from '../errors.ts';
import { getImpairment, normalizeStage } from './registry.ts';
import {
  CANONICAL_ORDER,
  type ChainMode,
  type Direction,
  type DirectionConfig,
  type DirectionPatch,
  type ImpairmentKey,
  type LinkConfig,
  type LinkConfigPatch,
  type StageSpec,
} from './types.ts';
import { closest, obj } from './validate.ts';

/** Key -> stage spec for one direction, in no particular order (CANONICAL_ORDER decides). */
export type ShortState = ReadonlyMap<ImpairmentKey, StageSpec>;

/** Both directions' short state. */
export interface LinkState {
  upstream: ShortState;
  downstream: ShortState;
}

export const EMPTY_STATE: LinkState = { upstream: new Map(), downstream: new Map() };

const KEYS = CANONICAL_ORDER as readonly string[];

/** True for values that remove a key: null, false, 0. */
function isRemoval(v: unknown): boolean {
  return v === null || v === false || v === 0;
}

/** Apply a direction patch to a state; problems are collected, the state is returned unchanged on any. */
function patchDirection(
  state: ShortState,
  patch: Record<string, unknown>,
  mode: ChainMode | undefined,
  path: string,
  problems: string[],
): Map<ImpairmentKey, StageSpec> {
  const next = new Map(state);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!KEYS.includes(key)) {
      const guess = closest(key, [...KEYS, 'upstream', 'downstream']);
      problems.push(
        `${path}${key}: unknown key${guess ? ` (did you mean '${guess}'?)` : ''}; known: ${KEYS.join(', ')}, upstream, downstream`,
      );
      continue;
    }
    const k = key as ImpairmentKey;
    if (isRemoval(value)) {
      next.delete(k);
      continue;
    }
    const spec = normalizeStage({ name: k, type: k, config: value }, mode, `${path}${k}`, problems);
    if (!spec) continue;
    const cur = next.get(k);
    // Unchanged value: keep the old object so chains leave the stage (and its timers) alone.
    if (!cur || !sameConfig(cur.config, spec.config) || cur.toxicity !== spec.toxicity) next.set(k, spec);
  }
  return next;
}

/**
 * Apply a LinkConfigPatch: top-level keys to both directions, then per-direction overrides.
 * Throws NetwrightConfigError listing every problem (nothing is applied then).
 */
export function applyPatch(
  state: LinkState,
  patch: LinkConfigPatch | LinkConfig,
  mode: ChainMode | undefined,
  subject = 'network config',
): LinkState {
  const problems: string[] = [];
  const o = obj(patch, 'config', problems);
  if (!o) throw new NetwrightConfigError(subject, problems);
  const { upstream, downstream, ...both } = o;
  let up = patchDirection(state.upstream, both, mode, '', problems);
  let down = patchDirection(state.downstream, both, mode, '', problems);
  // Same value for both directions: share the spec object only where the input was the same.
  for (const [dir, sub] of [
    ['upstream', upstream],
    ['downstream', downstream],
  ] as const) {
    if (sub === undefined) continue;
    if (sub === null) {
      if (dir === 'upstream') up = new Map();
      else down = new Map();
      continue;
    }
    const so = obj(sub, dir, problems);
    if (!so) continue;
    if (dir === 'upstream') up = patchDirection(up, so, mode, 'upstream.', problems);
    else down = patchDirection(down, so, mode, 'downstream.', problems);
  }
  // Top-level keys are checked once per direction: report each problem once.
  if (problems.length > 0) throw new NetwrightConfigError(subject, [...new Set(problems)], configHint(mode));
  return { upstream: up, downstream: down };
}

/** Apply a patch to one direction only. */
export function applyDirectionPatch(
  state: LinkState,
  direction: Direction,
  patch: DirectionPatch,
  mode: ChainMode | undefined,
  subject = 'network config',
): LinkState {
  return applyPatch(state, { [direction]: patch } as LinkConfigPatch, mode, subject);
}

/** Validate without applying (throws NetwrightConfigError). */
export function validateConfig(cfg: LinkConfigPatch | LinkConfig, mode?: ChainMode): void {
  applyPatch(EMPTY_STATE, cfg, mode);
}

function configHint(mode: ChainMode | undefined): string {
  return `keys: ${KEYS.join(', ')}; numbers are ms, kbit/s or fractions 0..1${mode === 'datagram' ? '; stream-only keys need a TCP link' : ''}`;
}

/** The stage specs of a direction in canonical order. */
export function orderedSpecs(state: ShortState): StageSpec[] {
  const out: StageSpec[] = [];
  for (const k of CANONICAL_ORDER) {
    const s = state.get(k);
    if (s) out.push(s);
  }
  return out;
}

/** Back to the short form: keys equal in both directions at the top, the rest per direction. */
export function toLinkConfig(state: LinkState): LinkConfig {
  const out: LinkConfig = {};
  const up: DirectionConfig = {};
  const down: DirectionConfig = {};
  for (const k of CANONICAL_ORDER) {
    const u = state.upstream.get(k);
    const d = state.downstream.get(k);
    if (u && d && (u === d || sameConfig(u.config, d.config))) {
      (out as Record<string, unknown>)[k] = u.config;
      continue;
    }
    if (u) (up as Record<string, unknown>)[k] = u.config;
    if (d) (down as Record<string, unknown>)[k] = d.config;
  }
  if (Object.keys(up).length > 0) out.upstream = up;
  if (Object.keys(down).length > 0) out.downstream = down;
  return out;
}

/** Structural equality of normalised configs (plain JSON data: numbers, strings, booleans, objects). */
export function sameConfig(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameConfig((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Keys a patch touches per direction ('*' = the whole direction is replaced). */
function touched(patch: LinkConfigPatch): Record<Direction, Set<string>> {
  const { upstream, downstream, ...both } = patch as Record<string, unknown>;
  const out: Record<Direction, Set<string>> = { upstream: new Set(), downstream: new Set() };
  for (const [k, v] of Object.entries(both)) if (v !== undefined) for (const d of DIRS) out[d].add(k);
  for (const [d, sub] of [
    ['upstream', upstream],
    ['downstream', downstream],
  ] as const) {
    if (sub === null) out[d].add('*');
    else if (sub && typeof sub === 'object')
      for (const [k, v] of Object.entries(sub)) if (v !== undefined) out[d].add(k);
  }
  return out;
}

const DIRS: readonly Direction[] = ['upstream', 'downstream'];

/**
 * A link's next state after a network-wide patch, WITHOUT normalising again: the keys the patch
 * touches take the network template's spec objects (shared, so identity means "unchanged" on every
 * link), the others stay as the link has them. Stages the link's mode cannot run are problems.
 */
export function overlay(
  state: LinkState,
  template: LinkState,
  patch: LinkConfigPatch,
  mode: ChainMode,
  subject: string,
): LinkState {
  const keys = touched(patch);
  const problems: string[] = [];
  const next = { upstream: new Map(state.upstream), downstream: new Map(state.downstream) };
  for (const d of DIRS) {
    const all = keys[d].has('*');
    for (const k of all
      ? CANONICAL_ORDER
      : (CANONICAL_ORDER as readonly string[]).filter((x) => keys[d].has(x))) {
      const spec = template[d].get(k as ImpairmentKey);
      if (!spec) {
        next[d].delete(k as ImpairmentKey);
        continue;
      }
      if (!getImpairment(spec.type)?.modes.includes(mode))
        problems.push(`${d}.${k}: '${spec.type}' applies to ${mode === 'stream' ? 'UDP' : 'TCP'} links only`);
      else next[d].set(k as ImpairmentKey, spec);
    }
  }
  if (problems.length > 0) throw new NetwrightConfigError(subject, problems, configHint(mode));
  return next;
}

/** A one-line label for a change ('latency=80 loss=0.02'). */
export function labelOf(patch: LinkConfigPatch | LinkConfig): string {
  const parts: string[] = [];
  const walk = (o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      if (v === undefined) continue;
      if ((k === 'upstream' || k === 'downstream') && v && typeof v === 'object')
        walk(v as Record<string, unknown>, `${k}.`);
      else parts.push(`${prefix}${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`);
    }
  };
  walk(patch as Record<string, unknown>, '');
  return parts.join(' ') || '(no change)';
}
