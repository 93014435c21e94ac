// What the kernel backend never does, as a coded error naming the embedded backend.

import { NetwrightError } from '../../errors.ts';
import type { ImpairmentKey } from '../types.ts';

/** TCP stream-shaped impairments: they live in the embedded proxy, not in the kernel. */
export const KERNEL_NEVER: readonly ImpairmentKey[] = [
  'slicer',
  'timeout',
  'resetPeer',
  'slowClose',
  'limitData',
];

/** Throw ERR_BACKEND_UNSUPPORTED if any key is one the kernel backend never does. */
export function unsupportedKeys(keys: readonly ImpairmentKey[]): void {
  const bad = keys.filter((k) => KERNEL_NEVER.includes(k));
  if (bad.length === 0) return;
  throw new NetwrightError(
    'ERR_BACKEND_UNSUPPORTED',
    `the kernel backend has no ${bad.join(', ')} (TCP stream impairments)`,
    {
      hint: "use backend 'embedded' (the default) for slicer, timeout, resetPeer, slowClose and limitData",
      details: { backend: 'kernel', missing: bad, use: 'embedded' },
    },
  );
}
