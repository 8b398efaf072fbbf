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

/** A service or the database down is looked at again at least this often, whatever the back-off says. */
const TRANSIENT_RETRY_MAX_MS = 2_000;

export type Outcome =
  | { readonly kind: 'handled' }
  | { readonly kind: 'dead'; readonly error: unknown; readonly attempts: number }
  | { readonly kind: 'stopped' };

/**
 * Runs `attempt` until it succeeds, holding the message (and so its key's lane) meanwhile: a failure that is
 * the message's own is retried with back-off until `maxDeliver` attempts, then given up ('dead'); a transient
 * one (a service or the database down) is retried without limit. `signal` ends the waiting on shutdown.
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
      const transient = isTransient(error);
      if (count >= policy.maxDeliver && !transient) return { kind: 'dead', error, attempts: count };
      const delays = policy.backoffMs;
      const backoff = delays[Math.min(count - 1, delays.length - 1)] ?? 0;
      const delay = transient ? Math.min(backoff, TRANSIENT_RETRY_MAX_MS) : backoff;
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        return { kind: 'stopped' };
      }
    }
  }
}
