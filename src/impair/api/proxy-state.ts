// One API proxy: its Toxiproxy-visible fields, its toxics per direction, and the open link (when
// enabled). Applying a toxic = adding/updating/removing a named stage on the link's direction.

import { hasErrorCode } from '../../errors.ts';
import { normalizeStage } from '../registry.ts';
import type { DirectionControl, LinkHandle, LinkProtocol, StageSpec } from '../types.ts';
import type { HostPort } from './address.ts';
import { ApiError, ErrBadRequestBody, ErrToxicNotFound } from './api-error.ts';
import { type ToxicState, toxicJson } from './toxic-body.ts';
import { TOXIC_TYPES, type ToxicType } from './toxic-types.ts';

/** What the API asks of the link model to open one proxy. */
export interface LinkOpenSpec {
  id: string;
  protocol: LinkProtocol;
  listen: HostPort;
  upstream: HostPort;
}

/** Opens a link (the embedded proxy by default). */
export type OpenLink = (spec: LinkOpenSpec) => Promise<LinkHandle>;

/** Toxiproxy's proxy JSON (+ `protocol` only for UDP, so TCP answers match Toxiproxy byte for byte). */
export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: ReturnType<typeof toxicJson>[];
  protocol?: 'udp';
}

/** A proxy's state; the collection serialises every call. */
export interface ProxyState {
  name: string;
  /** As given until started, then the bound address ("127.0.0.1:40123"). */
  listen: string;
  upstream: string;
  enabled: boolean;
  protocol: LinkProtocol;
  /** Upstream chain first, then downstream, each in insertion order (Toxiproxy's listing order). */
  toxics: ToxicState[];
  link: LinkHandle | undefined;
}

/** Render a proxy as Toxiproxy does. */
export function proxyJson(p: ProxyState): ProxyJson {
  const toxics = [
    ...p.toxics.filter((x) => x.direction === 'upstream'),
    ...p.toxics.filter((x) => x.direction === 'downstream'),
  ];
  const json: ProxyJson = {
    name: p.name,
    listen: p.listen,
    upstream: p.upstream,
    enabled: p.enabled,
    toxics: toxics.map(toxicJson),
  };
  if (p.protocol === 'udp') json.protocol = 'udp';
  return json;
}

/** Find a toxic by name or throw 404. */
export function findToxic(p: ProxyState, name: string): ToxicState {
  const found = p.toxics.find((x) => x.name === name);
  if (!found) throw ErrToxicNotFound;
  return found;
}

/** The link stage a toxic compiles to, validated by the registry (400 with every problem found). */
function stageOf(t: ToxicState, protocol: LinkProtocol): StageSpec | undefined {
  const type = TOXIC_TYPES.get(t.type) as ToxicType;
  const stage = type.toStage(t.attributes);
  if (!stage) return undefined;
  const toxicity = Math.min(1, Math.max(0, t.toxicity));
  const spec: StageSpec = { name: t.name, type: stage.type, config: stage.config, toxicity };
  const problems: string[] = [];
  normalizeStage(spec, protocol === 'tcp' ? 'stream' : 'datagram', t.name, problems);
  if (problems.length > 0)
    throw ApiError.join(ErrBadRequestBody, problems.map((p) => inApiTerms(p, type)).join('; '));
  return spec;
}

/** A model validation problem in the API's words: `slicer_downstream.size_variation`, not `sizeVariation`. */
function inApiTerms(problem: string, type: ToxicType): string {
  let out = problem;
  for (const [key, attr] of Object.entries(type.fields))
    out = out.replace(new RegExp(`\\b${key}\\b`, 'g'), attr);
  return out;
}

/**
 * Bring a proxy's link stage for a toxic from `before` to `after` (either may be undefined), checking
 * the new one even while the proxy is disabled. The caller commits API state only after this succeeded.
 */
export function applyToxic(p: ProxyState, before?: ToxicState, after?: ToxicState, link = p.link): void {
  const next = after && stageOf(after, p.protocol);
  if (!link) return;
  const dir: DirectionControl = link[(after ?? before)!.direction];
  const old = before && stageOf(before, p.protocol);
  try {
    if (old && next && old.type === next.type) {
      dir.updateStage(next.name, next.config, next.toxicity);
      return;
    }
    if (old) dir.removeStage(old.name);
    if (next) dir.addStage(next);
  } catch (err) {
    if (hasErrorCode(err, 'ERR_CONFIG_INVALID')) {
      throw ApiError.join(ErrBadRequestBody, (err as Error).message.replace(/\s+/g, ' '));
    }
    throw err;
  }
}
