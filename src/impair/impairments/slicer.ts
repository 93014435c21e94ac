// Stream: cut each chunk into pieces of averageSize +- sizeVariation bytes, delivered delayUs apart
// (Toxiproxy `slicer`). Exercises a reader's handling of partial messages.
import type { ImpairmentDefinition, Packet, SlicerConfig } from '../types.ts';
import { knownKeys, num, obj } from '../validate.ts';
import { HoldingStage } from './holding-stage.ts';

class Slicer extends HoldingStage<SlicerConfig> {
  readonly type = 'slicer';

  push(packet: Packet): void {
    const now = this.ctx.clock.now();
    const gapMs = (this.cfg.delayUs ?? 0) / 1000;
    let due = Math.max(now, this.queue.lastDue);
    if (packet.kind === 'fin' || packet.data.length === 0) {
      this.place(packet, due, now);
      return;
    }
    const v = this.cfg.sizeVariation ?? 0;
    let off = 0;
    let first = true;
    while (off < packet.data.length) {
      const size = Math.max(
        1,
        Math.round(this.cfg.averageSize + (v > 0 ? this.ctx.random.uniform(-v, v) : 0)),
      );
      if (!first) due += gapMs;
      first = false;
      this.place({ ...packet, data: packet.data.subarray(off, off + size) }, due, now);
      off += size;
    }
  }

  private place(p: Packet, due: number, now: number): void {
    if (due <= now && this.queue.size === 0) this.ctx.emit(p);
    else this.queue.hold(p, due);
  }
}

export const slicer: ImpairmentDefinition<SlicerConfig> = {
  type: 'slicer',
  summary: 'stream: slice chunks into averageSize +- sizeVariation byte pieces, delayUs apart',
  modes: ['stream'],
  normalize(raw, path, problems) {
    const o = obj(raw, path, problems);
    if (!o) return undefined;
    knownKeys(o, ['averageSize', 'sizeVariation', 'delayUs'], path, problems);
    const averageSize = num(o.averageSize, `${path}.averageSize`, problems, { min: 1 });
    const sizeVariation = num(o.sizeVariation, `${path}.sizeVariation`, problems, { min: 0, optional: true });
    const delayUs = num(o.delayUs, `${path}.delayUs`, problems, { min: 0, optional: true });
    if (averageSize === undefined) return undefined;
    if (sizeVariation !== undefined && sizeVariation >= averageSize)
      problems.push(`${path}.sizeVariation: must be < averageSize (${averageSize}), got ${sizeVariation}`);
    const cfg: SlicerConfig = { averageSize };
    if (sizeVariation !== undefined) cfg.sizeVariation = sizeVariation;
    if (delayUs !== undefined) cfg.delayUs = delayUs;
    return cfg;
  },
  create: (cfg, ctx) => new Slicer(cfg, ctx),
};
