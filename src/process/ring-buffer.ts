// Fixed-capacity FIFO with a drop-oldest overflow policy: pushing into a full ring evicts the oldest
// item and counts it in `dropped`. Used for log tails and event lists so a flood never grows memory.

export class RingBuffer<T> {
  readonly capacity: number;
  private readonly items: (T | undefined)[];
  private start = 0;
  private size = 0;
  /** Items evicted because the ring was full. */
  dropped = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RingBuffer: capacity must be an integer >= 1 (got ${capacity})`);
    }
    this.capacity = capacity;
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size < this.capacity) {
      this.items[(this.start + this.size) % this.capacity] = item;
      this.size++;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
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
