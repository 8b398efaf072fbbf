import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  it('a notification before the wait is not lost', async () => {
    const signal = new WakeSignal();
    signal.notify();
    const started = Date.now();
    await signal.wait(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a notification during the wait ends it; without one, the timeout does', async () => {
    const signal = new WakeSignal();
    const waiting = signal.wait(10_000);
    signal.notify();
    await waiting;
    const started = Date.now();
    await signal.wait(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
