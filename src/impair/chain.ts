// One direction of one session: a no-op head, the stages, and a sink that counts and delivers.
//
//   push(data) -> [head] -> [stage 1] -> ... -> [stage n] -> [sink] -> deliver(packet)
//
// Each slot's `next` is looked up when a stage emits, so slots can be inserted, removed or updated
// while packets are held anywhere in the chain. A removed stage flushes into its old successor.
import type { Clock } from '../util/clock.ts';
import type { Random } from '../util/random.ts';
import { getImpairment } from './registry.ts';
import type { DirectionRecorder } from './stats.ts';
import type {
  ChainMode,
  Direction,
  DropCause,
  Impairment,
  Packet,
  Scheduler,
  StageContext,
  StageSpec,
} from './types.ts';

/** What a chain can ask of the connection it belongs to (stream mode). */
export interface ChainControl {
  reset(reason: string): void;
  close(reason: string): void;
  /** A stage asks the source to pause (true) or resume (false). */
  backpressure(on: boolean): void;
}

export interface ChainOptions {
  mode: ChainMode;
  direction: Direction;
  clock: Clock;
  scheduler: Scheduler;
  /** This chain's stream; each stage forks it by its name. */
  random: Random;
  recorder: DirectionRecorder;
  /** Called by the sink for each delivered packet (data and fin). */
  deliver(packet: Packet): void;
  control?: ChainControl;
}

interface Target {
  push(packet: Packet): void;
}

interface Slot extends Target {
  spec: StageSpec;
  stage: Impairment;
  next: Target;
}

const noControl: ChainControl = { reset() {}, close() {}, backpressure() {} };

/** Forwards everything; stands in for a stage a session did not get (toxicity) and for the head. */
function passthrough(type: string, ctx: StageContext): Impairment {
  return {
    type,
    push: (p) => ctx.emit(p),
    update() {},
    flush() {},
    dispose() {},
    held: () => 0,
  };
}

/** A chain of stages for one direction of one session. */
export class Chain {
  readonly mode: ChainMode;
  readonly direction: Direction;
  private readonly opts: ChainOptions;
  private readonly control: ChainControl;
  private slots: Slot[] = [];
  private readonly head: Slot;
  private readonly sink: Target;
  private seq = 0;
  private maxSeqOut = -1;
  private disposed = false;
  /** Bytes pushed and not yet delivered or dropped (TCP backpressure reads it). */
  inFlightBytes = 0;
  /** Stages asking for backpressure right now. */
  pressure = 0;

  constructor(opts: ChainOptions) {
    this.opts = opts;
    this.mode = opts.mode;
    this.direction = opts.direction;
    this.control = opts.control ?? noControl;
    this.sink = { push: (p) => this.deliver(p) };
    const headSpec: StageSpec = { name: '(head)', type: 'noop', config: {} };
    this.head = this.makeSlot(headSpec, true);
    this.head.next = this.sink;
  }

  /** A data packet enters the chain. */
  push(data: Buffer): void {
    const now = this.opts.clock.now();
    this.opts.recorder.recordIn(data.length, now);
    const packet: Packet = { kind: 'data', data, seq: this.seq++, inMs: now };
    if (this.disposed) {
      this.opts.recorder.recordDrop(data.length, 'closed', now);
      return;
    }
    this.inFlightBytes += data.length;
    this.head.push(packet);
  }

  /** The half-close (FIN) enters the chain, in order behind the data. */
  end(): void {
    if (this.disposed) return;
    this.head.push({ kind: 'fin', data: Buffer.alloc(0), seq: this.seq++, inMs: this.opts.clock.now() });
  }

  /** The stage specs in order. */
  specs(): StageSpec[] {
    return this.slots.map((s) => s.spec);
  }

  /** Number of stages; with none, push() delivers synchronously (the TCP proxy's zero-copy path). */
  get stageCount(): number {
    return this.slots.length;
  }

  /** Packets held by stages. */
  held(): number {
    let n = 0;
    for (const s of this.slots) n += s.stage.held();
    return n;
  }

  /** Insert a stage (spec already validated) at `index` (default: last). */
  add(spec: StageSpec, index = this.slots.length): void {
    const slot = this.makeSlot(spec, false);
    this.slots.splice(Math.max(0, Math.min(index, this.slots.length)), 0, slot);
    this.relink();
  }

  /** Update a stage's config in place; a changed toxicity re-decides whether it applies. */
  update(spec: StageSpec): void {
    const i = this.slots.findIndex((s) => s.spec.name === spec.name);
    if (i < 0) return;
    const slot = this.slots[i];
    if (slot.spec.type !== spec.type || (slot.spec.toxicity ?? 1) !== (spec.toxicity ?? 1)) {
      this.remove(spec.name);
      this.add(spec, i);
      return;
    }
    slot.spec = spec;
    slot.stage.update(spec.config as never);
  }

  /** Remove a stage; what it holds is flushed to its successor first. */
  remove(name: string): void {
    const i = this.slots.findIndex((s) => s.spec.name === name);
    if (i < 0) return;
    const [slot] = this.slots.splice(i, 1);
    this.relink();
    slot.stage.flush();
  }

  /** Make the chain match `specs` (order of new stages as given): remove, update, insert. */
  reconcile(specs: readonly StageSpec[]): void {
    const wanted = new Set(specs.map((s) => s.name));
    for (const s of [...this.slots]) if (!wanted.has(s.spec.name)) this.remove(s.spec.name);
    specs.forEach((spec, index) => {
      const cur = this.slots.find((s) => s.spec.name === spec.name);
      if (!cur) this.add(spec, index);
      else if (cur.spec !== spec) this.update(spec);
    });
  }

  /** The session is gone: stages forget what they hold (counted as dropped, cause 'closed'). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const held = this.held();
    for (const s of this.slots) s.stage.dispose();
    for (let i = 0; i < held; i++) this.opts.recorder.recordDrop(0, 'closed');
    this.inFlightBytes = 0;
  }

  private relink(): void {
    let prev = this.head;
    for (const s of this.slots) {
      prev.next = s;
      prev = s;
    }
    prev.next = this.sink;
  }

  private deliver(packet: Packet): void {
    if (this.disposed) return;
    if (packet.kind === 'data') {
      const now = this.opts.clock.now();
      this.inFlightBytes = Math.max(0, this.inFlightBytes - packet.data.length);
      this.opts.recorder.recordOut(packet.data.length, now - packet.inMs, now);
      if (packet.seq < this.maxSeqOut) this.opts.recorder.reordered++;
      else this.maxSeqOut = packet.seq;
    }
    this.opts.deliver(packet);
  }

  private makeSlot(spec: StageSpec, isHead: boolean): Slot {
    const slot = { spec, next: this.sink } as Slot;
    const recorder = this.opts.recorder;
    const ctx: StageContext = {
      clock: this.opts.clock,
      random: this.opts.random.fork(spec.name),
      mode: this.mode,
      direction: this.direction,
      emit: (p) => slot.next.push(p),
      drop: (p: Packet, cause: DropCause) => {
        if (p.kind !== 'data') return;
        this.inFlightBytes = Math.max(0, this.inFlightBytes - p.data.length);
        recorder.recordDrop(p.data.length, cause, this.opts.clock.now());
      },
      at: (due, fn) =>
        this.opts.scheduler.at(due, () => {
          if (!this.disposed) fn();
        }),
      count: (counter, n) => recorder.count(counter, n),
      reset: (reason) => this.control.reset(reason),
      close: (reason) => this.control.close(reason),
      backpressure: (on) => {
        this.pressure = Math.max(0, this.pressure + (on ? 1 : -1));
        this.control.backpressure(on);
      },
    };
    const def = isHead ? undefined : getImpairment(spec.type);
    const applies =
      spec.toxicity === undefined || spec.toxicity >= 1 || ctx.random.fork('toxicity').chance(spec.toxicity);
    slot.stage = def && applies ? def.create(spec.config as never, ctx) : passthrough(spec.type, ctx);
    slot.push = (p) => slot.stage.push(p);
    return slot;
  }
}
