/**
 * Wakes subscribers (of every process) after appends: at most one NOTIFY per `intervalMs`, sent after the append
 * committed. A NOTIFY inside the append transaction would serialize every commit on PostgreSQL's notification
 * queue lock (measured: half the append rate); a lost wake-up is covered by the subscribers' polling.
 */
export class AppendNotifier {
  private pending = false;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly send: () => Promise<void>,
    private readonly intervalMs = 20,
  ) {}

  /** Called after each append: the first one notifies at once, the rest of the interval coalesces into one. */
  appended(): void {
    if (this.timer) {
      this.pending = true;
      return;
    }
    this.fire();
  }

  /** Sends what is still pending, so other processes hear of the last appends. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    if (this.pending) this.sendNow();
    await this.sending;
  }

  private fire(): void {
    this.sendNow();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.pending) this.fire();
    }, this.intervalMs);
  }

  private sendNow(): void {
    this.pending = false;
    const sent = this.send().catch(() => undefined);
    const earlier = this.sending;
    this.sending = earlier.then(() => sent);
  }
}
