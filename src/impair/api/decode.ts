// JSON body decoding with Go encoding/json semantics, so bad bodies fail the way Toxiproxy's do (checked
// against a Toxiproxy 2.8 server): field names match case-insensitively, unknown fields are ignored,
// null leaves a default in place, and a value of the wrong JSON type is a 400
// "bad request body: json: cannot unmarshal <kind> into Go struct field <Struct>.<field> of type <t>".

import { ApiError, ErrBadRequestBody } from './api-error.ts';

/** A decoded JSON object body. */
export type JsonObject = Record<string, unknown>;

/** Go numeric kinds the API decodes into. */
export type GoNumber = 'int' | 'int64' | 'float32' | 'float64';

/** Parse a request body; empty body is Go's "EOF". */
export function parseBody(text: string): unknown {
  if (text.trim() === '') throw ApiError.join(ErrBadRequestBody, 'EOF');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw ApiError.join(ErrBadRequestBody, goSyntaxError((err as Error).message));
  }
}

/** Require a JSON object for a top-level Go struct (null decodes to the zero struct). */
export function asObject(value: unknown, goType: string): JsonObject {
  if (value === null) return {};
  if (kind(value) !== 'object') throw mismatch(value, `Go value of type ${goType}`);
  return value as JsonObject;
}

/** Require a JSON array for a top-level Go slice. */
export function asArray(value: unknown, goType: string): unknown[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw mismatch(value, `Go value of type ${goType}`);
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

/** A string field, or the fallback when absent/null. `at` is Go's "Struct.field" path. */
export function stringField(obj: JsonObject, name: string, at: string, fallback: string): string {
  const v = field(obj, name);
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw mismatch(v, `Go struct field ${at} of type string`);
  return v;
}

/** A boolean field, or the fallback when absent/null. */
export function boolField(obj: JsonObject, name: string, at: string, fallback: boolean): boolean {
  const v = field(obj, name);
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw mismatch(v, `Go struct field ${at} of type bool`);
  return v;
}

/** A number field; integer kinds reject fractions like Go ("cannot unmarshal number 1.5 ..."). */
export function numberField(
  obj: JsonObject,
  name: string,
  at: string,
  fallback: number,
  go: GoNumber,
): number {
  const v = field(obj, name);
  if (v === undefined) return fallback;
  const where = `Go struct field ${at} of type ${go}`;
  if (typeof v !== 'number') throw mismatch(v, where);
  const integer = go === 'int' || go === 'int64';
  // Go refuses fractions for integer kinds and values past the kind's range (1e300 into an int64).
  if ((integer && !Number.isInteger(v)) || Math.abs(v) > GO_LIMITS[go]) {
    throw ApiError.join(ErrBadRequestBody, `json: cannot unmarshal number ${v} into ${where}`);
  }
  return v;
}

/** Largest magnitude each Go kind holds (int is 64-bit on the platforms Toxiproxy ships for). */
const GO_LIMITS: Record<GoNumber, number> = {
  int: 2 ** 63,
  int64: 2 ** 63,
  float32: 3.4028234663852886e38,
  float64: Number.MAX_VALUE,
};

/** Go's name for a JSON value's kind. */
export function kind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/** "bad request body: json: cannot unmarshal <kind> into <where>". */
export function mismatch(value: unknown, where: string): ApiError {
  return ApiError.join(ErrBadRequestBody, `json: cannot unmarshal ${kind(value)} into ${where}`);
}

/** V8's JSON.parse message in Go's words ("unexpected EOF", "invalid character 'x' ..."). */
function goSyntaxError(message: string): string {
  if (/end of JSON input|Unterminated/.test(message)) return 'unexpected EOF';
  const tok = /Unexpected token '?(.)/.exec(message)?.[1];
  return tok ? `invalid character '${tok}' looking for beginning of value` : message;
}
