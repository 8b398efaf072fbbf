import { setTimeout as sleep } from 'node:timers/promises';
import { problemOf } from '@studio/contracts';

/**
 * Whether a failure says "not now" rather than "never": a service or the database cannot be reached. Each
 * adapter turns such failures of its own into the `service-unavailable` problem (the requester when nobody
 * answers, the SQL adapter when the database is down), so this asks only that. A durable message that failed
 * this way is retried until it succeeds (it is not the message's fault); a request is answered `503`.
 */
export function isTransient(error: unknown): boolean {
  return problemOf(error)?.code === 'service-unavailable';
}

export interface TransientRetryOptions {
  /** Told of each transient failure before the pause: the error, which attempt failed, the pause. */
  readonly onRetry: (error: unknown, attempt: number, delayMs: number) => void;
  /** The pause after the first failure, doubled after each further one up to `maxDelayMs`. */
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
  /** How long transient failures are tried again; one after it is thrown. Unbounded by default. */
  readonly patienceMs?: number;
  /** Ends a pause early, rejecting with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Calls `attempt` until it resolves. A transient failure (`isTransient`) is tried again after a pause that
 * doubles; any other failure, or one after `patienceMs`, is thrown as it is.
 */
export async function retryWhileTransient<T>(
  attempt: (attempt: number) => Promise<T>,
  options: TransientRetryOptions,
): Promise<T> {
  const { firstDelayMs = 250, maxDelayMs = 5_000, patienceMs = Infinity } = options;
  const until = Date.now() + patienceMs;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!isTransient(error) || Date.now() > until) throw error;
      const delayMs = Math.min(firstDelayMs * 2 ** (n - 1), maxDelayMs);
      options.onRetry(error, n, delayMs);
      await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : undefined);
    }
  }
}
