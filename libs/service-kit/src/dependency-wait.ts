import { problemOf } from '@studio/contracts';
import { errorMessage, retryWhileTransient } from '@studio/messaging';

export interface Waiting {
  /** What the process waits for now, for readiness to say; undefined once nothing is awaited. */
  reason: string | undefined;
}

export interface WaitOptions {
  readonly log: { warn(message: string): void; log(message: string): void };
  readonly waiting: Waiting;
  /** Back-off between attempts: doubles from the first up to the last. */
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Opens a dependency (NATS, the database) that may not be up yet: a failure that says "not now" (the adapter's
 * `service-unavailable`) is logged and tried again with back-off for as long as it takes, so a service started
 * while NATS or PostgreSQL restarts comes up when they do; any other failure (bad credentials, no such
 * database) is thrown at once, for the start-up to report.
 */
export async function waitFor<T>(what: string, open: () => Promise<T>, options: WaitOptions): Promise<T> {
  const { log, waiting } = options;
  try {
    return await retryWhileTransient(
      async (attempt) => {
        const opened = await open();
        if (attempt > 1) log.log(`${what} answers (after ${attempt} attempts)`);
        return opened;
      },
      {
        ...options,
        onRetry: (error, attempt, delay) => {
          waiting.reason = `waiting for ${what}: ${problemOf(error)?.detail ?? errorMessage(error)}`;
          log.warn(`${waiting.reason} (attempt ${attempt}, again in ${delay} ms)`);
        },
      },
    );
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new DependencyRefusedError(what, error);
  }
}

/** A dependency that answered "never" (bad credentials, no such database): what a person must fix. */
export class DependencyRefusedError extends Error {
  override readonly name = 'DependencyRefusedError';
  constructor(what: string, cause: unknown) {
    super(`cannot use ${what}: ${errorMessage(cause)}; check its URL and credentials`, { cause });
  }
}
