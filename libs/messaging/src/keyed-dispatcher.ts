/**
 * Runs tasks concurrently across keys and one at a time, in submission order, within a key: the lanes of a
 * durable consumer. A client's events share its stream id as key, so they are handled in their order while
 * other clients' events go ahead beside them.
 */
export class KeyedDispatcher {
  /** Per key, its tasks in order; the first one is running or about to. */
  private readonly queues = new Map<string, (() => Promise<void>)[]>();
  /** Keys whose first task may start, oldest first. */
  private readonly ready: string[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  }

  /** Tasks submitted and not finished (running or waiting). */
  get size(): number {
    let size = 0;
    for (const queue of this.queues.values()) size += queue.length;
    return size;
  }

  /** Runs `task` after every earlier task of `key`; settles as the task does. */
  submit(key: string, task: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const run = () => task().then(resolve, reject);
      const queue = this.queues.get(key);
      if (queue) {
        queue.push(run);
        return;
      }
      this.queues.set(key, [run]);
      this.ready.push(key);
      this.pump();
    });
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.queues.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const key = this.ready.shift();
      if (key === undefined) return;
      const queue = this.queues.get(key);
      const run = queue?.[0];
      if (!queue || !run) continue;
      this.running++;
      void run().finally(() => {
        this.running--;
        queue.shift();
        if (queue.length > 0) this.ready.push(key);
        else this.queues.delete(key);
        if (this.queues.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
        this.pump();
      });
    }
  }
}
