// Impairment types by name. The short-form keys of DirectionConfig and the registry types are the
// same names; the Toxiproxy API maps Toxiproxy's toxic types and attributes onto these (e.g.
// `reset_peer {timeout}` -> `resetPeer {timeoutMs}`), and new packet-level behaviour gets new names.
import { NetwrightError } from '../errors.ts';
import { bandwidth } from './impairments/bandwidth.ts';
import { corrupt } from './impairments/corrupt.ts';
import { duplicate } from './impairments/duplicate.ts';
import { latency } from './impairments/latency.ts';
import { limitData } from './impairments/limit-data.ts';
import { loss } from './impairments/loss.ts';
import { outage } from './impairments/outage.ts';
import { reorder } from './impairments/reorder.ts';
import { resetPeer } from './impairments/reset-peer.ts';
import { slicer } from './impairments/slicer.ts';
import { slowClose } from './impairments/slow-close.ts';
import { timeout } from './impairments/timeout.ts';
import type { ChainMode, ImpairmentDefinition, StageSpec } from './types.ts';
import { closest, num } from './validate.ts';

const registry = new Map<string, ImpairmentDefinition<never>>();

/** Register an impairment type (built-ins are registered at load; users may add their own). */
export function registerImpairment<C>(def: ImpairmentDefinition<C>): void {
  if (registry.has(def.type))
    throw new NetwrightError('ERR_IMPAIRMENT_EXISTS', `impairment type '${def.type}' is already registered`, {
      hint: 'pick a new name for new behaviour',
    });
  registry.set(def.type, def as unknown as ImpairmentDefinition<never>);
}

for (const def of [
  latency,
  loss,
  bandwidth,
  duplicate,
  reorder,
  corrupt,
  outage,
  slicer,
  timeout,
  resetPeer,
  slowClose,
  limitData,
])
  registerImpairment(def as ImpairmentDefinition<unknown>);

/** The definition of a type, or undefined. */
export function getImpairment(type: string): ImpairmentDefinition<unknown> | undefined {
  return registry.get(type) as ImpairmentDefinition<unknown> | undefined;
}

/** Every registered type name. */
export function impairmentTypes(): string[] {
  return [...registry.keys()];
}

/**
 * Check a stage spec for a chain mode, pushing problems; returns the spec with its config normalised.
 * `path` prefixes messages ('upstream.latency').
 */
export function normalizeStage(
  spec: StageSpec,
  mode: ChainMode | undefined,
  path: string,
  problems: string[],
): StageSpec | undefined {
  const def = getImpairment(spec.type);
  if (!def) {
    const guess = closest(spec.type, impairmentTypes());
    problems.push(
      `${path}: unknown impairment type '${spec.type}'${guess ? ` (did you mean '${guess}'?)` : ''}; known: ${impairmentTypes().join(', ')}`,
    );
    return undefined;
  }
  if (mode && !def.modes.includes(mode)) {
    problems.push(
      `${path}: '${spec.type}' applies to ${def.modes.includes('stream') ? 'TCP' : 'UDP'} links only (this link is ${mode === 'stream' ? 'TCP' : 'UDP'})`,
    );
    return undefined;
  }
  const toxicity = num(spec.toxicity, `${path}.toxicity`, problems, { min: 0, max: 1, optional: true });
  const config = def.normalize(spec.config, path, problems);
  if (config === undefined) return undefined;
  const out: StageSpec = { name: spec.name, type: spec.type, config };
  if (toxicity !== undefined && toxicity !== 1) out.toxicity = toxicity;
  return out;
}
