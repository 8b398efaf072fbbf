import {
  countFailure,
  forgiveAttempt,
  retryAfterSeconds,
  SIGN_IN_THROTTLE,
  throttleDelayMs,
  type ThrottleState,
  waitMs,
} from './sign-in-throttle';

const at = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms);

function failTimes(count: number, start = 0, stepMs = 10): ThrottleState | null {
  let state: ThrottleState | null = null;
  for (let i = 0; i < count; i++) state = countFailure(state, at(start + i * stepMs));
  return state;
}

describe('sign-in throttle', () => {
  it('lets the first four failures through, then grows the delay 1 s, 2 s, 4 s … to 15 min', () => {
    expect([1, 2, 3, 4].map((n) => throttleDelayMs(n))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => throttleDelayMs(n))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(throttleDelayMs(15)).toBe(SIGN_IN_THROTTLE.maxDelayMs);
    expect(throttleDelayMs(10_000)).toBe(SIGN_IN_THROTTLE.maxDelayMs);
  });

  it('refuses attempts after five failures until the block ends', () => {
    const four = failTimes(4);
    expect(waitMs(four, at(40))).toBe(0);
    const five = countFailure(four, at(40));
    expect(waitMs(five, at(41))).toBe(999);
    expect(waitMs(five, at(1_040))).toBe(0);
    const six = countFailure(five, at(1_040));
    expect(six.failures).toBe(6);
    expect(waitMs(six, at(1_040))).toBe(2_000);
  });

  it('starts afresh after 15 quiet minutes, counted from the end of the last block', () => {
    const five = failTimes(5)!;
    const blockEnd = five.blockedUntil!.getTime() - at(0).getTime();
    expect(countFailure(five, at(blockEnd + SIGN_IN_THROTTLE.quietMs)).failures).toBe(6);
    expect(countFailure(five, at(blockEnd + SIGN_IN_THROTTLE.quietMs + 1)).failures).toBe(1);
  });

  it('takes back a counted attempt that succeeded, lifting a block it caused', () => {
    const five = failTimes(5)!;
    expect(forgiveAttempt(five)).toMatchObject({ failures: 4, blockedUntil: null });
    const seven = failTimes(7, 0, 60_000)!;
    expect(forgiveAttempt(seven)).toMatchObject({ failures: 6, blockedUntil: seven.blockedUntil });
    expect(forgiveAttempt({ failures: 0, lastFailureAt: at(0), blockedUntil: null }).failures).toBe(0);
  });

  it('gives a shared address its own, larger allowance before the delays start', () => {
    const free = SIGN_IN_THROTTLE.addressFreeFailures;
    expect(throttleDelayMs(free - 1, free)).toBe(0);
    expect(throttleDelayMs(free, free)).toBe(1_000);
    let state: ThrottleState | null = null;
    for (let i = 0; i < free - 1; i++) state = countFailure(state, at(i), free);
    expect(waitMs(state, at(free))).toBe(0);
    state = countFailure(state, at(free), free);
    expect(waitMs(state, at(free))).toBe(1_000);
    expect(forgiveAttempt(state, free)).toMatchObject({ failures: free - 1, blockedUntil: null });
  });

  it('rounds the wait up to whole seconds, at least one', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1_000)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
  });
});
