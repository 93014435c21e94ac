// A chain over a ManualClock for exact impairment tests: push packets at chosen times, read back
// what the sink delivered and when.
import { Chain, type ChainControl } from '../../src/impair/chain.ts';
import { normalizeStage } from '../../src/impair/registry.ts';
import { ManualScheduler } from '../../src/impair/scheduler.ts';
import { DirectionRecorder } from '../../src/impair/stats.ts';
import type { ChainMode, Packet, StageSpec } from '../../src/impair/types.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { Random } from '../../src/util/random.ts';

export interface Delivered {
  t: number;
  kind: Packet['kind'];
  seq: number;
  text: string;
  data: Buffer;
}

export interface Harness {
  clock: ManualClock;
  scheduler: ManualScheduler;
  chain: Chain;
  recorder: DirectionRecorder;
  out: Delivered[];
  events: string[];
  /** Push a UTF-8 payload now. */
  send(text: string | Buffer): void;
  spec(type: string, config: unknown, name?: string): StageSpec;
}

/** A chain with the given stages (type, config) over a ManualClock at t=0. */
export function harness(stages: [string, unknown][], mode: ChainMode = 'datagram', seed = 1): Harness {
  const clock = new ManualClock(0);
  const scheduler = new ManualScheduler(clock);
  const recorder = new DirectionRecorder();
  const out: Delivered[] = [];
  const events: string[] = [];
  const control: ChainControl = {
    reset: (r) => events.push(`reset:${r}`),
    close: (r) => events.push(`close:${r}`),
    backpressure: (on) => events.push(`pressure:${on}`),
  };
  const chain = new Chain({
    mode,
    direction: 'upstream',
    clock,
    scheduler,
    random: new Random(seed),
    recorder,
    deliver: (p) =>
      out.push({ t: clock.now(), kind: p.kind, seq: p.seq, text: p.data.toString(), data: p.data }),
    control,
  });
  const spec = (type: string, config: unknown, name = type): StageSpec => {
    const problems: string[] = [];
    const s = normalizeStage({ name, type, config }, mode, name, problems);
    if (!s) throw new Error(problems.join('; '));
    return s;
  };
  for (const [type, config] of stages) chain.add(spec(type, config));
  return {
    clock,
    scheduler,
    chain,
    recorder,
    out,
    events,
    send: (text) => chain.push(typeof text === 'string' ? Buffer.from(text) : text),
    spec,
  };
}
