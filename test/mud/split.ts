// Test helper: every way of cutting a byte vector into two or three chunks.

/** Yields the whole vector, then every 2-way split, then (for short vectors) every 3-way split. */
export function* splitEverywhere(bytes: Uint8Array, maxThreeWayLength = 64): Generator<Uint8Array[]> {
  yield [bytes];
  for (let i = 1; i < bytes.length; i++) yield [bytes.subarray(0, i), bytes.subarray(i)];
  if (bytes.length > maxThreeWayLength) return;
  for (let i = 1; i < bytes.length; i++)
    for (let j = i + 1; j < bytes.length; j++)
      yield [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)];
}

/** Every byte on its own. */
export function bytewise(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (b) => new Uint8Array([b]));
}

/** Build bytes from numbers and strings (strings as UTF-8). */
export function b(...parts: (number | string | Uint8Array | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else if (typeof p === 'string') out.push(...new TextEncoder().encode(p));
    else out.push(...p);
  }
  return new Uint8Array(out);
}

/** Split `bytes` at the given offsets. */
export function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const o of [...offsets, bytes.length]) {
    out.push(bytes.subarray(prev, o));
    prev = o;
  }
  return out;
}
