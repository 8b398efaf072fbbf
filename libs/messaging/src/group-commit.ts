/**
 * Group commit: calls that arrive while a flush is running wait and go together in the next one, so a busy
 * consumer writes a batch per statement and an idle one writes at once. `flush` answers in the order of its
 * inputs; if it throws, every call of that batch rejects with the error.
 */
export class GroupCommit<I, O> {
  private pending: { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  constructor(
    private readonly flush: (inputs: readonly I[]) => Promise<readonly O[]>,
    private readonly maxBatch = 1_000,
  ) {}

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
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
