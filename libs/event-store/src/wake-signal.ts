/** A wake-up that is not lost when it comes before the wait (a notification during a page read counts). */
export class WakeSignal {
  private pending = false;
  private wakeWaiter: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.wakeWaiter?.();
  }

  /** Resolves at the next (or a missed) notification, or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeWaiter = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.wakeWaiter = done;
      if (this.pending) done();
    });
  }
}
