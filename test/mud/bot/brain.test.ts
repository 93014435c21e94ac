// The brain: highest priority first, preemption, and no hot loop on a behaviour that cannot act.
import { describe, expect, it } from 'vitest';
import type { Behavior, BotState } from '../../../src/mud/bot/behavior.ts';
import { Brain } from '../../../src/mud/bot/brain.ts';

function rig(behaviors: Behavior[], flags: Record<string, boolean>) {
  let commands = 0;
  const log: string[] = [];
  const waiters = new Set<() => void>();
  const brain = new Brain(behaviors, {
    state: () => ({ memory: flags }) as unknown as BotState,
    run: async (b, signal) => {
      log.push(`start ${b.name}`);
      try {
        await b.run({ signal, send: async () => void commands++ } as never);
      } finally {
        log.push(`end ${b.name}${signal.aborted ? ' (aborted)' : ''}`);
      }
    },
    commandCount: () => commands,
    nextEvent: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, ms);
        waiters.add(resolve);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(signal.reason);
        });
      }),
    behaviorTime: () => {},
    now: () => performance.now(),
    error: () => {},
  });
  return { brain, log, flags };
}

const b = (name: string, priority: number, run: Behavior['run']): Behavior => ({
  name,
  priority,
  canStart: (s) => (s.memory as Record<string, boolean>)[name] === true,
  run,
});

describe('Brain', () => {
  it('runs the highest-priority startable behaviour and lets a higher one interrupt it', async () => {
    const stop = new AbortController();
    const waitAbort = (ctx: { signal: AbortSignal }) =>
      new Promise<void>((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    const low = b('low', 10, async (ctx) => {
      await ctx.send('x');
      await waitAbort(ctx);
    });
    let highRan = false;
    const high = b('high', 90, async (ctx) => {
      await ctx.send('y');
      highRan = true;
    });
    const { brain, log, flags } = rig([low, high], { low: true, high: false });
    const run = brain.run(stop.signal, () => highRan);
    await new Promise((r) => setTimeout(r, 20));
    expect(brain.current).toBe('low');
    flags.high = true;
    brain.reconsider();
    await run;
    expect(log).toEqual(['start low', 'end low (aborted)', 'start high', 'end high']);
  });

  it('benches a behaviour that returns at once without acting, so lower ones get their turn', async () => {
    const stop = new AbortController();
    let stuck = 0;
    const broken = b('broken', 50, async () => {
      stuck++;
    });
    const idle = b('idle', 10, async (ctx) => {
      await ctx.send('');
      stop.abort();
    });
    const { brain } = rig([broken, idle], { broken: true, idle: true });
    await brain.run(stop.signal, () => false);
    expect(stuck).toBe(1);
  });
});
