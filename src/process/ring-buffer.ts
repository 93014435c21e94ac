// Fixed-capacity FIFO with a drop-oldest overflow policy: pushing into a full ring evicts the oldest
// item and counts it in `dropped`. An optional weight budget (e.g. characters) evicts oldest items too,
// so a ring of long lines stays small. Used for log tails and event lists so a flood never grows memory.

export interface RingBufferOptions<T> {
  /** Upper bound on the summed weight of the kept items; the newest item is always kept. */
  maxWeight?: number;
  /** Weight of one item (default 1). */
  weigh?: (item: T) => number;
}

export class RingBuffer<T> {
  readonly capacity: number;
  private readonly items: (T | undefined)[];
  private readonly weights: number[];
  private readonly maxWeight: number;
  private readonly weigh: ((item: T) => number) | undefined;
  private start = 0;
  private size = 0;
  private weight = 0;
  /** Items evicted because the ring was full (by count or by weight). */
  dropped = 0;

  constructor(capacity: number, opts: RingBufferOptions<T> = {}) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RingBuffer: capacity must be an integer >= 1 (got ${capacity})`);
    }
    this.capacity = capacity;
    this.items = new Array<T | undefined>(capacity);
    this.weights = new Array<number>(capacity).fill(0);
    this.maxWeight = opts.maxWeight ?? Number.POSITIVE_INFINITY;
    this.weigh = opts.weigh;
  }

  get length(): number {
    return this.size;
  }

  /** Summed weight of the kept items. */
  get totalWeight(): number {
    return this.weight;
  }

  /** Adds `item`; `weight` overrides the weigh function when the caller already knows it. */
  push(item: T, weight?: number): void {
    const w = weight ?? (this.weigh ? this.weigh(item) : 1);
    while (this.size > 0 && (this.size === this.capacity || this.weight + w > this.maxWeight)) this.evict();
    const at = (this.start + this.size) % this.capacity;
    this.items[at] = item;
    this.weights[at] = w;
    this.weight += w;
    this.size++;
  }

  private evict(): void {
    this.weight -= this.weights[this.start];
    this.items[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.size--;
    this.dropped++;
  }

  /** The newest `n` items (all when omitted), oldest first. */
  last(n: number = this.size): T[] {
    const count = Math.max(0, Math.min(n, this.size));
    const out = new Array<T>(count);
    for (let i = 0; i < count; i++) {
      out[i] = this.items[(this.start + this.size - count + i) % this.capacity] as T;
    }
    return out;
  }

  toArray(): T[] {
    return this.last(this.size);
  }
}
