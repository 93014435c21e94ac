import { describe, expect, it } from 'vitest';
import { ProcessGroup, pidAlive } from '../../src/process/index.ts';
import { nodeProgram, rejectionOf } from './helpers.ts';

describe('ProcessGroup', () => {
  it('stops in reverse order, keeps going past throwing disposers, and returns every result', async () => {
    const group = new ProcessGroup();
    const order: string[] = [];
    const a = await group.spawn(
      nodeProgram('a', 'emit-events.mjs', { readiness: { kind: 'event', match: 'ready' } }),
    );
    a.exited.then(() => order.push('a'));
    group.add(() => {
      order.push('disposer');
      throw new Error('boom');
    });
    const b = await group.spawn(
      nodeProgram('b', 'emit-events.mjs', { readiness: { kind: 'event', match: 'ready' } }),
    );
    b.exited.then(() => order.push('b'));
    await rejectionOf(
      group.spawn(nodeProgram('c', 'crash.mjs', { readiness: { kind: 'event', match: 'ready' } })),
    );
    const results = await group.stopAll();
    expect(order).toEqual(['b', 'disposer', 'a']);
    expect(results.map((r) => [r.name, r.reason])).toEqual([
      ['c', 'crashed'],
      ['a', 'stopped'],
      ['b', 'stopped'],
    ]);
    expect(group.disposerErrors).toHaveLength(1);
    expect([a.pid, b.pid].some(pidAlive)).toBe(false);
    expect(await group.stopAll()).toEqual([]);
  });

  it('bounds a hanging disposer', async () => {
    const group = new ProcessGroup({ disposerTimeoutMs: 100 });
    group.add(() => new Promise(() => {}));
    await expect(group.stopAll()).resolves.toEqual([]);
  });
});
