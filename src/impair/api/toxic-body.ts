// Toxic bodies: create and update requests decoded with Toxiproxy 2.x's rules (toxic_collection.go),
// into plain ToxicState records. Check order matches Toxiproxy: body, stream, default name, type,
// duplicate name, attributes.

import type { Direction, LinkProtocol } from '../types.ts';
import { ApiError, ErrInvalidStream, ErrInvalidToxicType, ErrToxicAlreadyExists } from './api-error.ts';
import { asObject, field, type JsonObject, mismatch, numberField, parseBody, stringField } from './decode.ts';
import { defaultAttributes, TOXIC_TYPES, type ToxicType } from './toxic-types.ts';

/** A toxic as the API stores and shows it. */
export interface ToxicState {
  name: string;
  type: string;
  /** As given (Toxiproxy echoes the raw string, e.g. "Upstream"). */
  stream: string;
  direction: Direction;
  /** Probability a connection (UDP: a client session) gets this toxic. Not range-checked, like Go. */
  toxicity: number;
  attributes: Record<string, number>;
}

/** Toxiproxy's toxic JSON, field order as Go marshals ToxicWrapper. */
export function toxicJson(t: ToxicState): {
  attributes: Record<string, number>;
  name: string;
  type: string;
  stream: string;
  toxicity: number;
} {
  return { attributes: t.attributes, name: t.name, type: t.type, stream: t.stream, toxicity: t.toxicity };
}

/** Parse a direction like stream.ParseDirection (case-insensitive). */
export function parseDirection(stream: string): Direction | undefined {
  const s = stream.toLowerCase();
  return s === 'upstream' || s === 'downstream' ? s : undefined;
}

/** Decode POST /proxies/{proxy}/toxics. `exists` says whether a toxic name is taken on this proxy. */
export function parseToxicCreate(
  text: string,
  protocol: LinkProtocol,
  exists: (name: string) => boolean,
): ToxicState {
  const body = asObject(parseBody(text), 'toxics.ToxicWrapper');
  const stream = stringField(body, 'stream', 'ToxicWrapper.stream', 'downstream');
  const typeName = stringField(body, 'type', 'ToxicWrapper.type', '');
  let name = stringField(body, 'name', 'ToxicWrapper.name', '');
  const toxicity = numberField(body, 'toxicity', 'ToxicWrapper.toxicity', 1, 'float32');
  const direction = parseDirection(stream);
  if (!direction) throw ErrInvalidStream;
  if (name === '') name = `${typeName}_${stream}`;
  const type = TOXIC_TYPES.get(typeName);
  if (!type) throw ErrInvalidToxicType;
  if (!type.protocols.includes(protocol)) {
    throw ApiError.join(
      ErrInvalidToxicType,
      `${typeName} applies to ${type.protocols.join('/')} proxies only; this proxy is ${protocol}`,
    );
  }
  if (exists(name)) throw ErrToxicAlreadyExists;
  const attributes = decodeAttributes(type, defaultAttributes(type), field(body, 'attributes'));
  return { name, type: typeName, stream, direction, toxicity, attributes };
}

/** Decode POST/PATCH /proxies/{proxy}/toxics/{toxic}: attributes merge, toxicity kept when absent. */
export function parseToxicUpdate(text: string, current: ToxicState): ToxicState {
  const body = asObject(parseBody(text), 'struct { Attributes interface {}; Toxicity float32 }');
  const type = TOXIC_TYPES.get(current.type) as ToxicType;
  const attributes = decodeAttributes(type, { ...current.attributes }, field(body, 'attributes'));
  const toxicity = numberField(body, 'toxicity', '.Toxicity', current.toxicity, 'float32');
  return { ...current, attributes, toxicity };
}

function decodeAttributes(
  type: ToxicType,
  into: Record<string, number>,
  raw: unknown,
): Record<string, number> {
  if (raw === undefined) return into;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw mismatch(raw, 'Go struct field ToxicWrapper.attributes of type toxics.NoopToxic');
  }
  for (const [name, go] of type.attributes) {
    into[name] = numberField(
      raw as JsonObject,
      name,
      `${type.goName}.attributes.${name}`,
      into[name] ?? 0,
      go,
    );
  }
  return into;
}
