import { setTimeout as sleep } from 'node:timers/promises';
import { isTransient } from './transient';

export interface RetryPolicy {
  readonly maxDeliver: number;
  readonly backoffMs: readonly number[];
}

/**
 * A message that can never be handled, whatever the retries (an invalid payload, a studio that does not exist):
 * thrown by a handler, it sends the message to the dead letters at once, with this as the reason.
 */
export class UnprocessableMessage extends Error {
  override readonly name = 'UnprocessableMessage';
}

/**
 * Not now, and the handler knows when to look again: thrown by a handler whose failure is outside the message
 * (a mail server down), it holds the message for `delayMs` and tries again, without limit and never as a dead
 * letter. The handler decides when to stop (and then settles the message itself).
 */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';

  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
  }
}

/** A service or the database down is looked at again at least this often, whatever the back-off says. */
const TRANSIENT_RETRY_MAX_MS = 2_000;

export type Outcome =
  | { readonly kind: 'handled' }
  | { readonly kind: 'dead'; readonly error: unknown; readonly attempts: number }
  | { readonly kind: 'stopped' };

/**
 * Runs `attempt` until it succeeds, holding the message (and so its key's lane) meanwhile: a failure that is
 * the message's own is retried with back-off until `maxDeliver` attempts, then given up ('dead'); a transient
 * one (a service or the database down) is retried without limit, and so is a `RetryLater`, after the pause it
 * names. `signal` ends the waiting on shutdown.
 */
export async function untilHandled(
  firstAttempt: number,
  attempt: (deliveryCount: number) => Promise<void>,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<Outcome> {
  for (let count = firstAttempt; ; count++) {
    if (signal.aborted) return { kind: 'stopped' };
    try {
      await attempt(count);
      return { kind: 'handled' };
    } catch (error) {
      if (error instanceof UnprocessableMessage) return { kind: 'dead', error, attempts: count };
      const delay = pauseAfter(error, count, policy);
      if (delay === undefined) return { kind: 'dead', error, attempts: count };
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        return { kind: 'stopped' };
      }
    }
  }
}

/** How long to wait before the next attempt, or undefined when the message has used up its attempts. */
function pauseAfter(error: unknown, count: number, policy: RetryPolicy): number | undefined {
  if (error instanceof RetryLater) return Math.max(0, error.delayMs);
  const transient = isTransient(error);
  if (count >= policy.maxDeliver && !transient) return undefined;
  const delays = policy.backoffMs;
  const backoff = delays[Math.min(count - 1, delays.length - 1)] ?? 0;
  return transient ? Math.min(backoff, TRANSIENT_RETRY_MAX_MS) : backoff;
}
