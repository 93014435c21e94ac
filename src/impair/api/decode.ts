// JSON body decoding with Go encoding/json semantics, so bad bodies fail the way Toxiproxy's do: field
// names match case-insensitively, unknown fields are ignored, null leaves a default in place, and a
// value of the wrong JSON type is a 400 "bad request body: json: cannot unmarshal ...".

import { ApiError, ErrBadRequestBody } from './api-error.ts';

/** A decoded JSON object body. */
export type JsonObject = Record<string, unknown>;

/** Parse a request body; empty body is Go's "EOF". */
export function parseBody(text: string): unknown {
  if (text.trim() === '') throw ApiError.join(ErrBadRequestBody, 'EOF');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw ApiError.join(ErrBadRequestBody, (err as Error).message);
  }
}

/** Require a JSON object (Go struct target). */
export function asObject(value: unknown, goType: string): JsonObject {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw mismatch(value, goType, '', 'struct');
  return value as JsonObject;
}

/** Require a JSON array (Go slice target). */
export function asArray(value: unknown, goType: string): unknown[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw mismatch(value, goType, '', `[]${goType}`);
  return value;
}

/** Field lookup like Go: exact name first, then case-insensitive; undefined when absent or null. */
export function field(obj: JsonObject, name: string): unknown {
  let v = obj[name];
  if (v === undefined) {
    const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
    v = key === undefined ? undefined : obj[key];
  }
  return v === null ? undefined : v;
}

/** A string field, or the fallback when absent/null. */
export function stringField(obj: JsonObject, name: string, goType: string, fallback: string): string {
  const v = field(obj, name);
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw mismatch(v, goType, name, 'string');
  return v;
}

/** A boolean field, or the fallback when absent/null. */
export function boolField(obj: JsonObject, name: string, goType: string, fallback: boolean): boolean {
  const v = field(obj, name);
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw mismatch(v, goType, name, 'bool');
  return v;
}

/** A number field; `integer` rejects fractions like Go's int64 does. */
export function numberField(
  obj: JsonObject,
  name: string,
  goType: string,
  fallback: number,
  integer: boolean,
): number {
  const v = field(obj, name);
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || (integer && !Number.isInteger(v))) {
    throw mismatch(v, goType, name, integer ? 'int64' : 'float32');
  }
  return v;
}

function mismatch(value: unknown, goType: string, fieldName: string, want: string): ApiError {
  const got = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  const shown = typeof value === 'number' ? `number ${value}` : got;
  const where = fieldName
    ? ` into Go struct field ${goType}.${fieldName}`
    : ` into Go value of type ${goType}`;
  return ApiError.join(ErrBadRequestBody, `json: cannot unmarshal ${shown}${where} of type ${want}`);
}
