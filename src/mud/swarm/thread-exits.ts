// Exit codes of a tinypool's threads, by thread id. Tinypool settles a task when its worker throws,
// but not when the thread itself goes away (process.exit() inside it, terminate()): the task then
// never settles, and pool.destroy() waits forever for an 'exit' that already happened. runSwarm
// notices the death on the worker's MessagePort (closed without 'end') and asks this watch for the
// code and for the moment every thread is gone.

/** What the watch needs of a pool thread (tinypool's TinypoolWorker has it). */
export interface PoolThread {
  threadId: number;
  on(event: 'exit', fn: (code: number) => void): void;
}

/** Watches threads' 'exit' events; see the file comment. */
export class ThreadExits {
  private readonly codes = new Map<number, number>();
  private readonly watched = new Set<number>();
  private readonly waiters = new Set<() => void>();

  /** Start watching these threads (ones already watched are skipped). */
  watch(threads: readonly PoolThread[]): this {
    for (const t of threads) {
      if (this.watched.has(t.threadId)) continue;
      this.watched.add(t.threadId);
      t.on('exit', (code) => {
        this.codes.set(t.threadId, code);
        for (const w of [...this.waiters]) w();
      });
    }
    return this;
  }

  /** Thread `threadId`'s exit code once it exited; undefined when it has not within `waitMs`. */
  code(threadId: number | undefined, waitMs: number): Promise<number | undefined> {
    if (threadId === undefined) return Promise.resolve(undefined);
    return this.when(() => this.codes.has(threadId), waitMs).then(() => this.codes.get(threadId));
  }

  /** Settles once every one of `threads` exited (they are watched from now on), or after `waitMs`. */
  allGone(threads: readonly PoolThread[], waitMs: number): Promise<void> {
    this.watch(threads);
    return this.when(() => threads.every((t) => this.codes.has(t.threadId)), waitMs);
  }

  private when(pred: () => boolean, waitMs: number): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const check = () => {
        if (pred()) done();
      };
      const timer = setTimeout(done, waitMs);
      this.waiters.add(check);
    });
  }
}
