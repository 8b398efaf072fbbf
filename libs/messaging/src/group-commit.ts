import { setTimeout as sleep } from 'node:timers/promises';

export interface GroupCommitOptions {
  /** Inputs a flush takes at most. */
  readonly maxBatch?: number;
  /**
   * How long a flush that would start idle waits for company. A busy writer gathers a batch while the previous
   * flush runs anyway; this makes a moderately busy one batch too, each round trip costing far more than the
   * wait (on these machines a database or socket write costs a few hundred microseconds of CPU).
   */
  readonly lingerMs?: number;
}

/**
 * Group commit: calls that arrive while a flush is running (or lingering) wait and go together in the next one,
 * so a busy consumer writes a batch per statement. `flush` answers in the order of its inputs; if it throws,
 * every call of that batch rejects with the error.
 */
export class GroupCommit<I, O> {
  private pending: { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;
  private readonly maxBatch: number;
  private readonly lingerMs: number;

  constructor(
    private readonly flush: (inputs: readonly I[]) => Promise<readonly O[]>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 1_000;
    this.lingerMs = options.lingerMs ?? 0;
  }

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    if (this.lingerMs > 0) await sleep(this.lingerMs);
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const outputs = await this.flush(batch.map((call) => call.input));
        batch.forEach((call, index) => call.resolve(outputs[index] as O));
      } catch (error) {
        for (const call of batch) call.reject(error);
      }
    }
    this.flushing = false;
  }
}
