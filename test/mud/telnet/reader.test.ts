// TelnetReader: what reaches the sink, and what a throwing sink leaves behind.
import { describe, expect, it } from 'vitest';
import { TelnetReader } from '../../../src/mud/telnet/reader.ts';
import { b } from '../split.ts';

describe('TelnetReader', () => {
  // #11 item 2: the reused event array was only cleared after every sink call returned, so one
  // throwing sink made every later push() deliver the old events again (and throw again).
  it('a sink that throws does not poison the next push', () => {
    const r = new TelnetReader();
    const seen: string[] = [];
    let throwOnce = true;
    const sink = (e: { type: string; data?: Uint8Array }) => {
      if (e.type !== 'data' || !e.data) return;
      const text = new TextDecoder().decode(e.data);
      if (throwOnce) {
        throwOnce = false;
        throw new Error('listener bug');
      }
      seen.push(text);
    };
    expect(() => r.push(b('first'), sink)).toThrow('listener bug');
    expect(() => r.push(b('second'), sink)).not.toThrow();
    expect(seen).toEqual(['second']);
  });
});
