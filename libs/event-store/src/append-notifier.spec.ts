import { AppendNotifier } from './append-notifier';

describe('AppendNotifier', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function aNotifier() {
    const send = jest.fn(async () => undefined);
    return { send, notifier: new AppendNotifier(send, 20) };
  }

  it('notifies at once after a quiet spell, then once per interval for a burst', () => {
    const { send, notifier } = aNotifier();
    notifier.appended();
    expect(send).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) notifier.appended();
    expect(send).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(20);
    expect(send).toHaveBeenCalledTimes(2);
    jest.advanceTimersByTime(100);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('sends what is pending when closed', async () => {
    const { send, notifier } = aNotifier();
    notifier.appended();
    notifier.appended();
    await notifier.close();
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('swallows a failed send: subscribers still poll', async () => {
    const notifier = new AppendNotifier(() => Promise.reject(new Error('connection lost')), 20);
    notifier.appended();
    await expect(notifier.close()).resolves.toBeUndefined();
  });
});
