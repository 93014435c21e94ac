// Stream: cut each chunk into pieces and deliver them delayUs apart (Toxiproxy `slicer`, exactly its
// algorithm): a range longer than averageSize + sizeVariation is split at its middle, moved by a random
// offset in [-sizeVariation, sizeVariation), and each half is cut the same way; after every piece the
// stage waits delayUs (also before the next chunk). Exercises a reader's handling of partial messages.
import type { ImpairmentDefinition, Packet, SlicerConfig, StageContext } from '../types.ts';
import { knownKeys, MAX_DURATION_MS, num, obj } from '../validate.ts';
import { HoldingStage } from './holding-stage.ts';

/** Piece boundaries of a `length`-byte chunk, as Toxiproxy's SlicerToxic.chunk computes them. */
export function slicePoints(length: number, cfg: SlicerConfig, ctx: Pick<StageContext, 'random'>): number[] {
  const avg = cfg.averageSize;
  const v = cfg.sizeVariation ?? 0;
  const out: number[] = [0];
  // Iterative form of the recursion (left half first), so a huge chunk cannot overflow the stack.
  const stack: [number, number][] = [[0, length]];
  while (stack.length > 0) {
    const [start, end] = stack.pop() as [number, number];
    if (end - start - avg <= v) {
      out.push(end);
      continue;
    }
    let mid = start + Math.floor((end - start) / 2);
    if (v > 0) mid += ctx.random.int(0, 2 * v - 1) - v;
    stack.push([mid, end], [start, mid]);
  }
  return out;
}

class Slicer extends HoldingStage<SlicerConfig> {
  readonly type = 'slicer';
  /** Earliest time the next piece may leave (the last piece's time plus the delay), ms. */
  private nextFree = Number.NEGATIVE_INFINITY;

  push(packet: Packet): void {
    const now = this.ctx.clock.now();
    const gapMs = (this.cfg.delayUs ?? 0) / 1000;
    let due = Math.max(now, this.nextFree, this.queue.lastDue);
    if (packet.kind === 'fin' || packet.data.length === 0) {
      this.place(packet, due, now);
      return;
    }
    const points = slicePoints(packet.data.length, this.cfg, this.ctx);
    for (let i = 1; i < points.length; i++) {
      this.place({ ...packet, data: packet.data.subarray(points[i - 1], points[i]) }, due, now);
      due += gapMs;
    }
    this.nextFree = due;
  }

  private place(p: Packet, due: number, now: number): void {
    if (due <= now && this.queue.size === 0) this.ctx.emit(p);
    else this.queue.hold(p, due);
  }
}

export const slicer: ImpairmentDefinition<SlicerConfig> = {
  type: 'slicer',
  summary: 'stream: slice chunks into ~averageSize byte pieces (+- sizeVariation), delayUs apart',
  modes: ['stream'],
  normalize(raw, path, problems) {
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, ['averageSize', 'sizeVariation', 'delayUs'], path, problems);
    const averageSize = num(o.averageSize, `${path}.averageSize`, problems, { min: 1, integer: true });
    const sizeVariation = num(o.sizeVariation, `${path}.sizeVariation`, problems, {
      min: 0,
      integer: true,
      optional: true,
    });
    const delayUs = num(o.delayUs, `${path}.delayUs`, problems, {
      min: 0,
      max: MAX_DURATION_MS * 1000,
      optional: true,
    });
    if (averageSize === undefined) return undefined;
    // Toxiproxy accepts sizeVariation == averageSize; beyond it a split point can fall outside the range.
    if (sizeVariation !== undefined && sizeVariation > averageSize)
      problems.push(`${path}.sizeVariation: must be <= averageSize (${averageSize}), got ${sizeVariation}`);
    const cfg: SlicerConfig = { averageSize };
    if (sizeVariation !== undefined) cfg.sizeVariation = sizeVariation;
    if (delayUs !== undefined) cfg.delayUs = delayUs;
    return cfg;
  },
  create: (cfg, ctx) => new Slicer(cfg, ctx),
};
