/**
 * Sign-in throttling, pure. Each attempt is counted as a failure before the password is checked (so a burst
 * of parallel attempts cannot all slip past the check) and taken back when it succeeds. After 5 failures in a
 * row on one account, each further failure blocks the next attempt for longer: 1 s, 2 s, 4 s … up to 15 min.
 * An address is shared by everyone behind it (an office, a NAT, a proxy), so it gets 100 failures before its
 * delays start: a crowd's typos never lock the others out, yet spraying passwords over many accounts is slowed
 * to a crawl (accounts themselves are held to 5). 15 quiet
 * minutes after the last failure (and its block) start the count afresh.
 */
export const SIGN_IN_THROTTLE = {
  freeFailures: 5,
  addressFreeFailures: 100,
  firstDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  quietMs: 15 * 60_000,
} as const;

export interface ThrottleState {
  readonly failures: number;
  readonly lastFailureAt: Date;
  readonly blockedUntil: Date | null;
}

/** How long to refuse attempts after the `failures`-th failure in a row, when `freeFailures` go unpunished. */
export function throttleDelayMs(
  failures: number,
  freeFailures: number = SIGN_IN_THROTTLE.freeFailures,
): number {
  const { firstDelayMs, maxDelayMs } = SIGN_IN_THROTTLE;
  if (failures < freeFailures) return 0;
  // The exponent is capped too, so a huge count cannot overflow to Infinity.
  return Math.min(firstDelayMs * 2 ** Math.min(failures - freeFailures, 20), maxDelayMs);
}

/** How long an attempt must still wait (0: it may go ahead). */
export function waitMs(state: ThrottleState | null, now: Date): number {
  if (!state?.blockedUntil) return 0;
  return Math.max(0, state.blockedUntil.getTime() - now.getTime());
}

/** The state after one more failure. */
export function countFailure(
  state: ThrottleState | null,
  now: Date,
  freeFailures: number = SIGN_IN_THROTTLE.freeFailures,
): ThrottleState {
  const quietSince = state ? Math.max(state.lastFailureAt.getTime(), state.blockedUntil?.getTime() ?? 0) : 0;
  const fresh = state === null || now.getTime() - quietSince > SIGN_IN_THROTTLE.quietMs;
  const failures = (fresh ? 0 : state.failures) + 1;
  const delay = throttleDelayMs(failures, freeFailures);
  return { failures, lastFailureAt: now, blockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null };
}

/** Takes back an attempt counted in advance that turned out to be a success. */
export function forgiveAttempt(
  state: ThrottleState,
  freeFailures: number = SIGN_IN_THROTTLE.freeFailures,
): ThrottleState {
  const failures = Math.max(0, state.failures - 1);
  const blockedUntil = throttleDelayMs(failures, freeFailures) > 0 ? state.blockedUntil : null;
  return { ...state, failures, blockedUntil };
}

/** Whole seconds to tell the caller (Retry-After), never 0 while refused. */
export function retryAfterSeconds(waitMilliseconds: number): number {
  return Math.max(1, Math.ceil(waitMilliseconds / 1000));
}
