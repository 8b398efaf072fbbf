import { setTimeout as sleep } from 'node:timers/promises';
import { isTransient } from './transient';

export interface RetryPolicy {
  readonly maxDeliver: number;
  readonly backoffMs: readonly number[];
}

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
      if (count >= policy.maxDeliver && !isTransient(error)) return { kind: 'dead', error, attempts: count };
      const delays = policy.backoffMs;
      const delay = delays[Math.min(count - 1, delays.length - 1)] ?? 0;
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        return { kind: 'stopped' };
      }
    }
  }
}
